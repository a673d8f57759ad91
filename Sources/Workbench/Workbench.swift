import Foundation
import Hummingbird
import Logging
import Operations
import Store

/// The Workbench: the HTML pages a compliance team works in (sign in, home, screen, the alert queue and
/// cases, the audit record, the public exclusion docket, users), rendered on the server from templates over
/// the same Operations the JSON API calls, with the same roles. `clearance serve` mounts it at `/`.
public struct Workbench: Sendable {
    /// How the Workbench is served.
    public struct Configuration: Sendable, Hashable {
        /// Mark cookies `Secure` (set when the Workbench is reached over TLS, e.g. behind a TLS proxy).
        public var secureCookies: Bool
        /// A list version older than this many days is shown as stale on the home page.
        public var staleAfterDays: Int
        /// A session unused this long ends (milliseconds; `clearance serve --session-idle-timeout`).
        public var sessionIdleTimeout: Int64
        /// A session ends this long after sign-in however much it is used (milliseconds; `--session-lifetime`).
        public var sessionLifetime: Int64

        public init(
            secureCookies: Bool = false, staleAfterDays: Int = WorkbenchReads.defaultStaleAfterDays,
            sessionIdleTimeout: Int64 = AccountPolicy().idleTimeout, sessionLifetime: Int64 = AccountPolicy().absoluteLifetime
        ) {
            self.secureCookies = secureCookies
            self.staleAfterDays = staleAfterDays
            self.sessionIdleTimeout = sessionIdleTimeout
            self.sessionLifetime = sessionLifetime
        }

        /// From the environment: `CLEARANCE_WORKBENCH_SECURE_COOKIES=1` (served over TLS) and
        /// `CLEARANCE_LIST_STALE_DAYS` (a whole number of days, 30 when unset). A value that cannot be read
        /// is an error naming the variable.
        public static func environment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(WorkbenchError)
            -> Configuration
        {
            var configuration = Configuration()
            if let secure = environment["CLEARANCE_WORKBENCH_SECURE_COOKIES"], !secure.isEmpty {
                guard ["0", "1"].contains(secure) else {
                    throw .badRequest(field: "CLEARANCE_WORKBENCH_SECURE_COOKIES", "CLEARANCE_WORKBENCH_SECURE_COOKIES must be 0 or 1, got '\(secure)'")
                }
                configuration.secureCookies = secure == "1"
            }
            if let days = environment["CLEARANCE_LIST_STALE_DAYS"], !days.isEmpty {
                guard let value = Int(days), value >= 1 else {
                    throw .badRequest(field: "CLEARANCE_LIST_STALE_DAYS", "CLEARANCE_LIST_STALE_DAYS must be a whole number of days from 1, got '\(days)'")
                }
                configuration.staleAfterDays = value
            }
            return configuration
        }
    }

    public let service: ComplianceService
    public let accounts: Accounts
    public let reads: WorkbenchReads
    public let configuration: Configuration
    /// The background jobs (batch screening, party import) this process runs for the pages.
    public let jobs: BackgroundJobs
    let renderer: PageRenderer
    /// The one stylesheet, read once at start-up.
    let css: Data

    /// The Workbench over `service`, its accounts and page reads in the same store; loads the templates and
    /// the stylesheet (a template that does not parse, or a file not bundled, is an error naming it).
    public init(service: ComplianceService, accounts: Accounts, reads: WorkbenchReads, configuration: Configuration = Configuration())
        async throws
    {
        self.service = service
        self.accounts = accounts
        self.reads = reads
        self.configuration = configuration
        self.jobs = try BackgroundJobs(store: service.store)
        // Jobs a stopped process left unfinished are shown as interrupted, never as done.
        try await jobs.interruptStopped()
        self.renderer = try await PageRenderer.load()
        guard let url = Bundle.module.url(forResource: "style", withExtension: "css", subdirectory: "Static"),
            let css = try? Data(contentsOf: url), !css.isEmpty
        else {
            throw WorkbenchError(.internalServerError, "Stylesheet missing", "the Workbench's stylesheet Static/style.css is not bundled beside the binary")
        }
        self.css = css
    }

    /// The Workbench over `service`'s store with the default account policy and the configuration's session lifetimes.
    public init(service: ComplianceService, configuration: Configuration = Configuration()) async throws {
        let policy = AccountPolicy(idleTimeout: configuration.sessionIdleTimeout, absoluteLifetime: configuration.sessionLifetime)
        try await self.init(
            service: service, accounts: try Accounts(store: service.store, policy: policy),
            reads: try WorkbenchReads(store: service.store, staleAfterDays: configuration.staleAfterDays), configuration: configuration)
    }

    /// Every page's route, behind the session, CSRF and error-page middleware.
    public func router() -> Router<WorkbenchContext> {
        let router = Router(context: WorkbenchContext.self)
        router.add(middleware: PageMiddleware(workbench: self))
        router.get("/static/style.css") { [css] _, _ in Self.stylesheet(css) }
        addSessionRoutes(to: router)
        addHomeRoutes(to: router)
        addScreenRoutes(to: router)
        addAlertRoutes(to: router)
        addAuditRoutes(to: router)
        addExclusionRoutes(to: router)
        addUserRoutes(to: router)
        addJobRoutes(to: router)
        addPartyRoutes(to: router)
        addListRoutes(to: router)
        addDetermineRoutes(to: router)
        addLicenceRoutes(to: router)
        addTradeRoutes(to: router)
        addExclusionDecisionRoutes(to: router)
        addQueueShortcutRoutes(to: router)
        return router
    }

    /// An application serving the JSON API (`api`, at `/v1/`, `/healthz`, `/openapi.yaml`, `/metrics`) and the
    /// Workbench (everything else) on `host:port`.
    public func application<API: HTTPResponder>(
        api: API, host: String, port: Int, onServerRunning: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol where API.Context: InitializableFromSource<ApplicationRequestContextSource> {
        var logger = Logger(label: "clearance.service")
        logger.logLevel = .warning
        return Application(
            responder: SiteResponder(api: api, workbench: router().buildResponder()),
            configuration: .init(address: .hostname(host, port: port), serverName: "clearance"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// The one stylesheet, served by the binary itself.
    static func stylesheet(_ css: Data) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/css; charset=utf-8"
        headers[.cacheControl] = "public, max-age=3600"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: css)))
    }
}

/// Sends the JSON API's paths to the API, and every other path to the Workbench.
struct SiteResponder<API: HTTPResponder>: HTTPResponder where API.Context: InitializableFromSource<ApplicationRequestContextSource> {
    let api: API
    let workbench: RouterResponder<WorkbenchContext>

    /// Whether `path` belongs to the JSON API.
    static func isAPI(_ path: String) -> Bool {
        path == "/v1" || path.hasPrefix("/v1/") || ["/healthz", "/openapi.yaml", "/metrics"].contains(path)
    }

    func respond(to request: Request, context: SiteContext) async throws -> Response {
        if Self.isAPI(request.uri.path) { return try await api.respond(to: request, context: API.Context(source: context.source)) }
        return try await workbench.respond(to: request, context: WorkbenchContext(source: context.source))
    }
}
