import Audit
import BundledData
import DataFormats
import Determination
import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
import Synchronization
import Screening
import Store
import Testing

@testable import Workbench

/// The two real backends: a fresh SQLite file, or a fresh PostgreSQL database from `CLEARANCE_TEST_POSTGRES_URL`
/// (without it the PostgreSQL cases fail, they never skip).
enum PageBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    func makeStore() async throws -> any Store {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-workbench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let store = try SQLiteStore(path: directory.appendingPathComponent("clearance.sqlite").path)
            try await store.migrate()
            return store
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["CLEARANCE_TEST_POSTGRES_URL"], !url.isEmpty,
                var components = URLComponents(string: url)
            else {
                throw StoreError(.unavailable, "CLEARANCE_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL")
            }
            let database = "clearance_workbench_\(UUID().uuidString.prefix(8).lowercased())"
            let admin = try PostgresStore(url: url, leaseTimeout: PostgresStore.testLeaseTimeout)
            try await admin.execute("CREATE DATABASE \(database)")
            admin.shutdown()
            components.path = "/" + database
            let store = try PostgresStore(url: components.string ?? url, leaseTimeout: PostgresStore.testLeaseTimeout)
            try await store.migrate()
            return store
        }
    }
}

/// A Workbench over a fresh store with one small list (invented names), three users (admin, analyst,
/// screener; password `Harness.password`) and one stored party that matches a listed entity (alert open).
struct Harness: Sendable {
    let store: any Store
    let service: ComplianceService
    let workbench: Workbench
    let alertID: Int64

    static let password = "correct horse battery"
    static let determiner = Result { () throws(TableDataError) in try Determiner(reference: ReferenceData(directory: BundledData.earDirectory)) }
    static let sidorov = Entity(
        id: "ofac-sdn:1001", source: "ofac-sdn", programs: ["RUSSIA-EO14024"], type: .person, name: "IVAN PETROVICH SIDOROV",
        datesOfBirth: [DateOfBirth(year: 1961)], nationalities: ["RU"])
    static let list = ParsedList(
        metadata: ListMetadata(source: "ofac-sdn", name: "ofac-sdn (test)", published: "2026-01-15", sha256: AuditRecord.digest(Data("sidorov".utf8))),
        entities: [sidorov])

    struct Unused: Error {}

    static func make(_ backend: PageBackend, secureCookies: Bool = false) async throws -> Harness {
        let store = try await backend.makeStore()
        let service = try await ComplianceService.open(
            store: store, bundled: [list], determiner: try determiner.get(), manifest: nil, isKnownHTS10: { _ in true },
            trade: TradeCheckers(duty: { throw Unused() }, transfers: { throw Unused() }))
        let accounts = try Accounts(store: store, policy: AccountPolicy(bcryptCost: 4))
        for (name, role) in [("root", Role.admin), ("ana", .analyst), ("sam", .screener)] {
            _ = try await accounts.createUser(name: name, role: role, password: password, actor: "cli:test")
        }
        _ = try await service.importParties([PartyRecord(id: "party-1", name: "Ivan Petrovich Sidorov", type: "person")], actor: "cli:test")
        let alert = try #require(try await store.alerts(status: .open, limit: 10).first)
        let workbench = try await Workbench(
            service: service, accounts: accounts, reads: try WorkbenchReads(store: store),
            configuration: Workbench.Configuration(secureCookies: secureCookies))
        return Harness(store: store, service: service, workbench: workbench, alertID: alert.id)
    }

    /// Runs `body` against the Workbench's router in-process. (The real binary on a real socket is driven by
    /// UsersCommandTests and, in Chromium, by scripts/ui-test. A live socket here had a fixed 20-second client
    /// deadline, which the full parallel test run, busy on two cores, could exceed.)
    func serve(_ body: @Sendable (Browser) async throws -> Void) async throws {
        let app = Application(router: workbench.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.router) { client in try await body(Browser(client: client)) }
    }
}

/// A client that keeps cookies as a browser does and reads the CSRF token out of the last page.
final class Browser: @unchecked Sendable {
    // Safe: one test drives it, one request at a time.
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var lastPage = ""

    init(client: any TestClientProtocol) {
        self.client = client
    }

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let html: String
        var location: String? { headers[.location] }
        var setCookies: [String] { headers[values: .setCookie] }
    }

    @discardableResult
    func get(_ uri: String) async throws -> Page {
        try await send(uri, .get, body: nil)
    }

    /// POSTs `fields` form-encoded; the page's CSRF token is added unless `csrf` is false.
    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], csrf: Bool = true) async throws -> Page {
        var all = fields
        if csrf, let token = csrfToken { all.append(("csrf", token)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(uri, .post, body: body)
    }

    var csrfToken: String? {
        guard let range = lastPage.range(of: #"name="csrf" value="([^"]*)""#, options: .regularExpression) else { return nil }
        return String(lastPage[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
    }

    /// Signs in as `name` (from the sign-in page, as a browser would).
    @discardableResult
    func signIn(_ name: String, password: String = Harness.password) async throws -> Page {
        try await get("/signin")
        return try await post("/signin", [("username", name), ("password", password)])
    }

    func send(_ uri: String, _ method: HTTPRequest.Method, body: String?, contentType: String = "application/x-www-form-urlencoded") async throws -> Page {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if body != nil { headers[.contentType] = contentType }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        let html = String(buffer: response.body)
        if response.status == .ok { lastPage = html }
        return Page(status: response.status, headers: response.headers, html: html)
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension PostgresStore {
    /// The lease deadline of the stores tests open: the test process runs hundreds of tests at once on two cores,
    /// and its tasks can wait minutes for a thread, which the production deadline would report as an unreachable
    /// server. `PostgresUnavailableTests` and `ServeUnavailableStoreTests` test the deadline itself.
    static let testLeaseTimeout = Duration.seconds(3600)
}

/// A clock a test moves by hand (ms since 1970).
final class ManualClock: Sendable {
    private let time: Mutex<Int64>
    var now: @Sendable () -> Int64 { { self.time.withLock { $0 } } }

    init(_ start: Int64) {
        time = Mutex(start)
    }

    func advance(by milliseconds: Int64) { time.withLock { $0 += milliseconds } }
}
