import Foundation
import Hummingbird
import Logging
import Metrics
import OpenAPIHummingbird
import OpenAPIRuntime
import Operations
import Prometheus

/// The Clearance HTTP service: the routes generated from `openapi.yaml` with authentication, the body check and
/// JSON errors, ready to run.
public enum ServiceApplication {
    /// The OpenAPI document the service implements, served at `/openapi.yaml`.
    public static var specification: Data {
        Bundle.module.url(forResource: "openapi", withExtension: "yaml").flatMap { try? Data(contentsOf: $0) } ?? Data()
    }

    /// Where `/metrics` reads from; `bootstrapMetrics()` makes swift-metrics record into it.
    public static let metrics = PrometheusCollectorRegistry()

    /// Routes swift-metrics to the Prometheus registry (once per process, before serving).
    public static func bootstrapMetrics() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))
    }

    /// How the generated layer encodes responses: sorted keys, as the CLI's JSON.
    static let configuration = Configuration(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes])

    /// The router, for running in-process (tests) or inside an application.
    /// - Throws: when the generated routes cannot be registered (a path the router cannot parse).
    /// Accepted measurement records' devices are handed to `verdictQueue` for their verdict.
    public static func router(service: ComplianceService, verdictQueue: MonitorVerdictQueue? = nil) throws -> Router<ClearanceRequestContext> {
        let handler = APIHandler(service: service, specification: specification, verdictQueue: verdictQueue)
        let router = Router(context: ClearanceRequestContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: MethodNotAllowed(routes: try RouteTable(handler)))
        router.add(middleware: ErrorMapping())
        router.add(middleware: URIInputCheck())
        router.add(middleware: BearerAuthentication(service: service))
        try handler.registerHandlers(on: router, configuration: configuration, middlewares: [StrictRequestBody()])
        return router
    }

    /// An application listening on `host:port`; `runService()` serves until SIGTERM or SIGINT, finishing in-flight requests.
    public static func make(
        service: ComplianceService, host: String = "127.0.0.1", port: Int = 8080,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        var logger = Logger(label: "clearance.service")
        logger.logLevel = .warning
        return Application(
            router: try router(service: service),
            configuration: .init(address: .hostname(host, port: port), serverName: "clearance"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
