import Operations
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus

/// The Clearance HTTP service: the router with authentication and JSON errors, ready to run.
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

    /// The router, for running in-process (tests) or inside an application.
    public static func router(service: ComplianceService) -> Router<ClearanceRequestContext> {
        let router = Router(context: ClearanceRequestContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: MethodNotAllowed(routes: Routes.table))
        router.add(middleware: StoreErrorMapping())
        router.add(middleware: URIInputCheck())
        router.add(middleware: BearerAuthentication(service: service))
        Routes(service: service, specification: specification).register(on: router)
        return router
    }

    /// An application listening on `host:port`; `runService()` serves until SIGTERM or SIGINT, finishing in-flight requests.
    public static func make(
        service: ComplianceService, host: String = "127.0.0.1", port: Int = 8080,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "clearance.service")
        logger.logLevel = .warning
        return Application(
            router: router(service: service),
            configuration: .init(address: .hostname(host, port: port), serverName: "clearance"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
