import ArgumentParser
import Audit
import CommandSupport
import Foundation
import Hummingbird
import Logging
import ReleaseGate
import ReleaseTokens
import Operations
import ServiceLifecycle
import Store

/// `clearance gate`: serves a directory of controlled artefacts to holders of valid release tokens.
struct Gate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Serve controlled artefacts, each only to a request with a valid, unrevoked release token for it.",
        discussion: """
            DIR/manifest.json names each artefact (id, path, eccn). GET /artifacts/{id} with \
            `Authorization: Bearer <token>` streams the file (range requests and ETags supported). Keys \
            and revocations are read from the store every --poll-ms; a token naming a key the gate does not \
            know makes it re-read the keys at once. Every release and refusal is appended to the spool \
            (--spool, fsync'd) before it is answered, then written into the audit chain; while the spool \
            cannot be written, every request is refused with 503. Events spooled while the store was \
            unreachable, or before a crash, are recorded when it is back or at the next start, once each.

            Example:
              clearance gate --artifacts ./controlled --port 8443
            """)

    @Option(help: ArgumentHelp("The artefact directory (with manifest.json).", valueName: "DIR")) var artifacts: String
    @Option(help: "The port to listen on (0 picks a free one; the chosen port is printed).") var port: Int = 8081
    @Option(help: "The address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "The audience tokens must name.") var audience: String = ComplianceService.defaultAudience
    @Option(name: .customLong("poll-ms"), help: "How often to read new revocations and keys, in milliseconds.") var pollMilliseconds: Int = 1000
    @Option(help: ArgumentHelp(
        "Where events wait, on disk, until the store has them (default: FILE.gate-spool next to a SQLite store; for PostgreSQL, $XDG_STATE_HOME/clearance/gate-spool-<digest of the URL>, ~/.local/state when unset). One gate per directory.",
        valueName: "DIR")) var spool: String?
    @Option(
        name: .customLong("spool-sync"),
        help: ArgumentHelp(
            "every-event: each answer waits until its event is fsync'd (nothing answered is lost, even on power loss); interval: each answer waits until its event is written to the spool file (safe if the gate is killed), and the spool is fsync'd every 200 ms (a machine crash can lose the last 200 ms).",
            valueName: "every-event|interval"))
    var spoolSync: String = GateSpool.Sync.everyEvent.rawValue
    @OptionGroup var database: DatabaseOption

    func validate() throws {
        guard GateSpool.Sync(rawValue: spoolSync) != nil else {
            throw ValidationError("--spool-sync must be every-event or interval, got '\(spoolSync)'")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, got \(port)") }
        guard (50...60_000).contains(pollMilliseconds) else { throw ValidationError("--poll-ms must be from 50 to 60000") }
    }

    func run() async throws {
        let manifest = try ArtifactManifest.load(artifacts)
        let store = try await database.open()
        var logger = Logger(label: "clearance.gate")
        logger.logLevel = .warning
        let revocations = RevocationList()
        let verifier = CurrentVerifier(
            try await ReleaseTokenVerifier(keySet: try await ComplianceService.publishedReleaseKeys(store: store), audience: audience))
        let sync = GateSync(
            revocations: revocations, verifier: verifier, interval: .milliseconds(pollMilliseconds), logger: logger,
            revocationFeed: { after in
                try await store.revocations(after: after, limit: 10_000).map {
                    Revocation(sequence: $0.sequence, decisionID: $0.authorizationID, reason: $0.reason)
                }
            },
            keyFeed: { try await ComplianceService.publishedReleaseKeys(store: store) })
        try await sync.refresh()
        let auditor: GateSpool
        do {
            auditor = try GateSpool(
                directory: URL(fileURLWithPath: try spoolDirectory), gate: "gate:\(host):\(port)",
                sync: GateSpool.Sync(rawValue: spoolSync) ?? .everyEvent, logger: logger,
                writer: StoreGateAudit(store: store).write)
        } catch {
            FileHandle.standardError.write(Data("clearance gate: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let router = Router()
        router.add(
            middleware: ReleaseGateMiddleware(
                manifest: manifest, verifier: verifier, revocations: revocations, auditor: auditor, logger: logger,
                refreshKeys: { await sync.refreshKeys(for: $0) }))
        router.get("/healthz") { _, _ in "ok" }
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "clearance-gate"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? port
                FileHandle.standardOutput.write(
                    Data("clearance gate: serving \(manifest.artifacts.count) artefacts on http://\(host):\(port)/artifacts/\n".utf8))
            },
            logger: logger)
        // Stopped in reverse order: the server drains its requests first, then the spool writes what it can
        // (what the store does not take stays spooled for the next start).
        let group = ServiceGroup(
            configuration: .init(services: [auditor, sync, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// `--spool`, or the default: next to a SQLite store, else in the state directory, one per database.
    var spoolDirectory: String {
        get throws {
            if let spool { return spool }
            let location = try database.location
            switch location {
            case .sqlite(let path): return path + ".gate-spool"
            case .postgres:
                let environment = ProcessInfo.processInfo.environment
                let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory() + "/.local/state"
                return state + "/clearance/gate-spool-" + AuditRecord.digest(Data(location.description.utf8)).prefix(12)
            }
        }
    }
}
