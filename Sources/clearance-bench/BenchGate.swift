import ArgumentParser
import CommandSupport
import Foundation
import Hummingbird
import Logging
import ReleaseGate
import ReleaseTokens
import ServiceLifecycle
import Store

/// `clearance-bench gate`: the gate and a plain file server over the same directory, for comparing latency with wrk.
struct BenchGate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Serve DIR twice, through the gate and as plain files, so a load tool can measure what the gate adds.",
        discussion: """
            The gate is the real middleware with its spooled audit (fsync'd before each answer, in --database's FILE.gate-spool) into a SQLite store (--database), as `clearance gate` runs it; the plain \
            server is Hummingbird's FileMiddleware alone. A valid token for the first artefact is written \
            to --token-file. scripts/bench-enforce runs wrk against both and reports the p50 difference. \
            Stops on SIGTERM or SIGINT.
            """)

    @Option(help: ArgumentHelp("The artefact directory (with manifest.json).", valueName: "DIR")) var artifacts: String
    @Option(name: .customLong("gated-port")) var gatedPort: Int = 18_181
    @Option(name: .customLong("plain-port")) var plainPort: Int = 18_182
    @Option(name: .customLong("token-file"), help: "Where to write the token.") var tokenFile: String
    @Option(help: "The SQLite file the gate audits into.") var database: String = "bench-gate.sqlite"
    @Option(name: .customLong("spool-sync"), help: "every-event or interval, as `clearance gate --spool-sync`.") var spoolSync: String = "every-event"

    func validate() throws {
        guard GateSpool.Sync(rawValue: spoolSync) != nil else {
            throw ValidationError("--spool-sync must be every-event or interval, got '\(spoolSync)'")
        }
    }

    func run() async throws {
        let manifest = try ArtifactManifest.load(artifacts)
        guard let first = manifest.artifacts.first else { throw ValidationError("\(artifacts)/manifest.json names no artefact") }
        let store = try SQLiteStore(path: database)
        try await store.migrate()
        let key = SigningKey.generate()
        let now = Date()
        let token = try await ReleaseTokenSigner(key: key).sign(
            ReleaseClaims(
                id: "az_bench", issuer: ReleaseTokenVerifier.defaultIssuer, subject: "bench", audience: ["clearance-gate"],
                artifact: first.id, item: first.eccn, destination: "CN", license: nil, issuedAt: now, expiresAt: now.addingTimeInterval(86_400)))
        try Data(token.utf8).write(to: URL(fileURLWithPath: tokenFile))
        var logger = Logger(label: "clearance.bench-gate")
        logger.logLevel = .warning
        let auditor = try GateSpool(
            directory: URL(fileURLWithPath: database + ".gate-spool"), gate: "gate:bench",
            sync: GateSpool.Sync(rawValue: spoolSync) ?? .everyEvent, logger: logger, writer: StoreGateAudit(store: store).write)
        let gated = Router()
        gated.add(
            middleware: ReleaseGateMiddleware(
                manifest: manifest,
                verifier: CurrentVerifier(try await ReleaseTokenVerifier(keySet: try ReleaseKeySet(signingKeys: [key]), audience: "clearance-gate")),
                revocations: RevocationList(), auditor: auditor, logger: logger))
        let plain = Router()
        plain.add(middleware: FileMiddleware(manifest.directory.path, searchForIndexHtml: false, logger: logger))
        let apps: [any Service] = [
            auditor,
            Application(router: gated, configuration: .init(address: .hostname("127.0.0.1", port: gatedPort)), logger: logger),
            Application(router: plain, configuration: .init(address: .hostname("127.0.0.1", port: plainPort)), logger: logger),
        ]
        // Unbuffered: scripts/bench-enforce waits for these lines in a log file before it starts the load.
        FileHandle.standardOutput.write(
            Data("gated http://127.0.0.1:\(gatedPort)/artifacts/\(first.id)\nplain http://127.0.0.1:\(plainPort)/\(first.path)\n".utf8))
        let group = ServiceGroup(configuration: .init(services: apps, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
