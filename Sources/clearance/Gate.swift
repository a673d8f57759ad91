import ArgumentParser
import Audit
import Foundation
import Hummingbird
import Logging
import ReleaseGate
import ReleaseTokens
import Service
import ServiceLifecycle
import Store

/// `clearance gate`: serves a directory of controlled artefacts to holders of valid release tokens.
struct Gate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve controlled artefacts, each only to a request with a valid, unrevoked release token for it.",
        discussion: """
            DIR/manifest.json names each artefact (id, path, eccn). GET /artifacts/{id} with \
            `Authorization: Bearer <token>` streams the file (range requests and ETags supported). Keys \
            and revocations are read from the store every --poll-ms; every release and refusal goes into \
            the audit chain.

            Example:
              clearance gate --artifacts ./controlled --port 8443
            """)

    @Option(help: ArgumentHelp("The artefact directory (with manifest.json).", valueName: "DIR")) var artifacts: String
    @Option(help: "The port to listen on (0 picks a free one; the chosen port is printed).") var port: Int = 8081
    @Option(help: "The address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "The audience tokens must name.") var audience: String = ComplianceService.defaultAudience
    @Option(name: .customLong("poll-ms"), help: "How often to read new revocations and keys, in milliseconds.") var pollMilliseconds: Int = 1000
    @OptionGroup var database: DatabaseOption

    func validate() throws {
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
        let auditor = BufferedGateAuditor(interval: .milliseconds(200), flush: StoreGateAuditor(store: store, actor: "gate:\(host):\(port)").write)
        let router = Router()
        router.add(middleware: ReleaseGateMiddleware(manifest: manifest, verifier: verifier, revocations: revocations, auditor: auditor, logger: logger))
        router.get("/healthz") { _, _ in "ok" }
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "clearance-gate"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? port
                FileHandle.standardOutput.write(
                    Data("clearance gate: serving \(manifest.artifacts.count) artefacts on http://\(host):\(port)/artifacts/\n".utf8))
            },
            logger: logger)
        // Stopped in reverse order: the server drains its requests first, then the auditor writes what is left.
        let group = ServiceGroup(
            configuration: .init(services: [auditor, sync, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Writes the gate's releases and refusals into the audit chain, one record each.
struct StoreGateAuditor {
    let store: any Store
    let actor: String

    @Sendable func write(_ events: [GateEvent]) async {
        let drafts = events.map { event in
            AuditDraft(
                actor: actor, action: event.outcome == .released ? "gate.release" : "gate.deny",
                input: Data("\(event.artifact) \(event.decisionID ?? "-") \(event.subject ?? "-")".utf8),
                result: "\(event.outcome.rawValue) \(event.artifact)" + (event.decisionID.map { " under \($0)" } ?? "") + ": \(event.detail)",
                versions: "")
        }
        do {
            try await store.appendAudits(drafts)
        } catch {
            FileHandle.standardError.write(Data("clearance gate: writing \(drafts.count) audit records failed: \(error.message)\n".utf8))
        }
    }
}
