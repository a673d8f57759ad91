import Foundation
import Store
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `clearance serve` process on a fresh store (a SQLite file or a new PostgreSQL database), with keys.
final class Server: @unchecked Sendable {
    // Safe: the properties are set once in `start` and only read afterwards; `process` is only
    // terminated through `stop`, which tests call once.
    let process: Process
    let port: Int
    let database: String
    let keys: [Role: String]

    enum Backend: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    private init(process: Process, port: Int, database: String, keys: [Role: String]) {
        self.process = process
        self.port = port
        self.database = database
        self.keys = keys
    }

    /// A new database location for `backend`.
    static func freshDatabase(_ backend: Backend) async throws -> String {
        switch backend {
        case .sqlite:
            return try CLI.temporaryFile("", name: "clearance.sqlite").replacingOccurrences(of: "clearance.sqlite", with: "store.sqlite")
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["CLEARANCE_TEST_POSTGRES_URL"], !url.isEmpty,
                var components = URLComponents(string: url)
            else {
                throw StoreError(.unavailable, "CLEARANCE_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL")
            }
            let name = "clearance_e2e_\(UUID().uuidString.prefix(8).lowercased())"
            let admin = try PostgresStore(url: url, leaseTimeout: PostgresStore.testLeaseTimeout)
            try await admin.execute("CREATE DATABASE \(name)")
            admin.shutdown()
            components.path = "/" + name
            return components.string ?? url
        }
    }

    /// Creates one key per role with the CLI, then starts the server on a free port.
    static func start(_ backend: Backend) async throws -> Server {
        let database = try await freshDatabase(backend)
        var keys: [Role: String] = [:]
        for role in Role.allCases {
            let created = try await CLI.run(["keys", "create", "--role", role.rawValue, "--database", database])
            guard created.status == 0, let secret = created.stdout.split(separator: "\n").last else {
                throw StoreError(.unavailable, "keys create failed: \(created.stderr)")
            }
            keys[role] = String(secret)
        }
        let (process, output) = try CLI.spawn(["serve", "--port", "0", "--database", database])
        return Server(process: process, port: try await listeningPort(output), database: database, keys: keys)
    }

    /// Starts `serve` again on a stopped server's database, with the same keys (and `extra` options).
    static func restart(_ server: Server, extra: [String] = []) async throws -> Server {
        let (process, output) = try CLI.spawn(["serve", "--port", "0", "--database", server.database] + extra)
        return Server(process: process, port: try await listeningPort(output), database: server.database, keys: server.keys)
    }

    /// The port a spawned `serve` or `gate` prints on its first line of output, read on a thread of its own (the
    /// process's start-up can take seconds, and a blocked cooperative thread stalls every other test).
    static func listeningPort(_ output: Pipe) async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try readPort(output) }) }.start()
        }
    }

    private static func readPort(_ output: Pipe) throws -> Int {
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw StoreError(.unavailable, "the process exited before listening: \(text)") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
            let port = Int(text[range].split(separator: ":").last ?? "")
        else { throw StoreError(.unavailable, "no port in \(text)") }
        return port
    }

    /// Sends SIGTERM and waits for the process; returns its exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    struct Reply {
        var status: Int
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One request; `role` picks the key (nil: no Authorization header).
    func request(
        _ method: String, _ path: String, role: Role? = .admin, json: Any? = nil, body: Data? = nil,
        contentType: String = "application/json"
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        // A list upload rebuilds the index over every list before it answers: about 7 s in a debug build alone,
        // past URLSession's default 60 s on a full run's loaded two cores (under a second in release).
        request.timeoutInterval = 300
        if let role, let key = keys[role] { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if let json { request.httpBody = try JSONSerialization.data(withJSONObject: json) }
        if let body { request.httpBody = body }
        if request.httpBody != nil { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }
}

extension PostgresStore {
    /// The lease deadline of the stores tests open: the test process runs hundreds of tests at once on two cores,
    /// and its tasks can wait minutes for a thread, which the production deadline would report as an unreachable
    /// server. `PostgresUnavailableTests` and `ServeUnavailableStoreTests` test the deadline itself.
    static let testLeaseTimeout = Duration.seconds(3600)
}
