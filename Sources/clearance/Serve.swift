import ArgumentParser
import CommandSupport
import Foundation
import Hummingbird
import Logging
import HTTPAPI
import Operations
import ServiceLifecycle
import Workbench

/// `clearance serve`: the HTTP API over the store.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API (screen, determine, parties, cases, audit) over the store.",
        discussion: """
            Every request needs `Authorization: Bearer <key>` (create one with `clearance keys create`), \
            except /healthz and /openapi.yaml. SIGTERM or SIGINT stops the server after in-flight \
            requests finish. The audit chain's head is signed (a checkpoint) every --checkpoint-every \
            records and at shutdown, with the key sealed under the key-encryption key (CLEARANCE_KEK_FILE).

            Examples:
              clearance serve --port 8080
              clearance serve --session-idle-timeout 15m --session-lifetime 8h
              clearance serve --database postgres://clearance@127.0.0.1:5432/clearance
            """
    )

    @Option(help: "The port to listen on (0 picks a free one; the chosen port is printed).")
    var port: Int = 8080

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Sign an audit checkpoint after this many new records (and always at shutdown).")
    var checkpointEvery: Int64 = 1000

    @Option(help: ArgumentHelp(
        "Refresh the lists from their publishers (the network) this often, e.g. 6h, as `clearance lists update` does; one refresh at a time per store.",
        valueName: "EVERY"))
    var refreshLists: String?

    @Option(help: ArgumentHelp(
        "A list older than this since its last successful refresh (else its publication date) is stale: screening answers and GET /v1/lists say so.",
        valueName: "AGE"))
    var staleAfter = "7d"

    @OptionGroup var database: DatabaseOption
    @OptionGroup var lists: ListSelection
    @OptionGroup var sessions: SessionOptions
    @OptionGroup var monitor: MonitorOptions

    @Option(name: .customLong("monitor-sweep-every"), help: ArgumentHelp("Look for overdue monitored devices every this many seconds.", valueName: "SECONDS"))
    var monitorSweepEvery: Int64 = 60

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, got \(port)") }
        guard checkpointEvery >= 1 else { throw ValidationError("--checkpoint-every must be at least 1, got \(checkpointEvery)") }
        guard monitorSweepEvery >= 1 else { throw ValidationError("--monitor-sweep-every must be at least 1 second, got \(monitorSweepEvery)") }
        _ = try AgeArgument.duration(staleAfter, flag: "--stale-after", example: "7d")
        if let refreshLists { _ = try AgeArgument.duration(refreshLists, flag: "--refresh-lists", example: "6h") }
    }

    func run() async throws {
        ServiceApplication.bootstrapMetrics()
        var service = try await database.service(lists: lists)
        service.listStaleAfter = try AgeArgument.duration(staleAfter, flag: "--stale-after", example: "7d")
        do {
            _ = try service.keyEncryptionKey.key()
        } catch {
            FileHandle.standardError.write(Data("clearance serve: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
        let location = try database.location
        // Accepted measurement records are located right after their response (MonitorVerdictQueue).
        let registry = try MonitorService(store: service.store)
        let verdicts = try MonitorVerdicts(monitor: registry, settings: try await monitor.settings(registry: registry))
        let verdictQueue = MonitorVerdictQueue(verdicts: verdicts)
        // The JSON API under /v1/ and the Workbench's pages at / (Workbench/Workbench.swift).
        let workbench = try await Workbench(service: service, configuration: sessions.applied(to: try Workbench.Configuration.environment()))
        let app = workbench.application(api: try ServiceApplication.router(service: service, verdictQueue: verdictQueue).buildResponder(), host: host, port: port) { port in
            FileHandle.standardOutput.write(Data("clearance serve: listening on http://\(host):\(port) (store \(location))\n".utf8))
        }
        let checkpoints = CheckpointService(
            checkpointer: AuditCheckpointer(store: service.store, keyEncryptionKey: service.keyEncryptionKey), every: checkpointEvery,
            poll: .seconds(1), actor: "system")
        var logger = Logger(label: "clearance.serve")
        logger.logLevel = .warning
        var services: [any Service] = [checkpoints, MonitorLoop(verdicts: verdicts, every: .seconds(monitorSweepEvery))]
        if let refreshLists {
            let every = try AgeArgument.duration(refreshLists, flag: "--refresh-lists", example: "6h")
            services.append(
                ListRefreshSchedule(
                    service: service, downloads: try ListDownloads.read(from: lists.directory), options: ListRefreshOptions(), every: every,
                    logger: logger))
        }
        // Stopped in reverse order: the server drains its requests first, then the last checkpoint is signed.
        let group = ServiceGroup(
            configuration: .init(services: services + [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
