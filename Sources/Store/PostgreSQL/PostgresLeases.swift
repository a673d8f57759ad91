import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// Connections leased from the pool with a deadline on waiting for an unreachable server.
///
/// postgres-nio's pool keeps a request waiting for as long as it fails to connect (it retries with backoff),
/// so with the server down every store call, and with it every HTTP request and the service's graceful
/// shutdown, would wait forever. Here a call still waiting after `timeout` tries a fresh connection of its
/// own: if the server refuses or does not answer, the call fails with `StoreError.unavailable` naming why
/// (the API answers 503) and its place in the queue is given up; if the server answers, the pool is only busy
/// (every connection leased, or this process starved of CPU) and the wait goes on for another `timeout`.
/// Only the wait is bounded: once a connection is leased, a long transaction (a list import) runs to its end.
struct PostgresLeases: Sendable {
    let client: PostgresClient
    let probe: PostgresProbe
    let timeout: Duration

    /// Runs `body` on a leased connection, or throws `StoreError.unavailable` once the server cannot be reached.
    func withConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            try await withThrowingTaskGroup(of: T?.self) { group in
                let leased = LeaseFlag()
                group.addTask {
                    try await client.withConnection { connection in
                        leased.mark()
                        return try await body(connection)
                    }
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: timeout)
                        if leased.isMarked { return nil }
                        if let reason = await probe.failure(within: max(timeout, PostgresProbe.leastAnswerTime)) {
                            throw StoreError(.unavailable, unavailableMessage(reason))
                        }
                    }
                }
                while let value = try await group.next() {
                    if let value {
                        group.cancelAll()
                        return value
                    }
                }
                throw StoreError(.unavailable, unavailableMessage("no answer"))  // unreachable: the lease task answers or throws
            }
        }
    }

    /// Runs `body` in a transaction on a leased connection.
    func withTransaction<T: Sendable>(logger: Logger, _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    private func unavailableMessage(_ reason: String) -> String {
        "PostgreSQL: no connection could be had within \(timeout.components.seconds) s (\(reason)): "
            + "is the server running, reachable and accepting connections?"
    }
}

/// A fresh connection, opened apart from the pool to learn whether the server can be reached at all.
struct PostgresProbe: Sendable {
    let configuration: PostgresConnection.Configuration
    let logger: Logger

    /// The least time a probe waits for the server, whatever the lease deadline: a server that is up but busy
    /// (or a process starved of CPU) can take seconds to answer a new connection, and must not be taken for down.
    static let leastAnswerTime: Duration = .seconds(10)

    /// Nil when the server accepted a connection within `limit` (it is then closed); otherwise why it did not.
    /// A server that takes the TCP connection but never answers the start-up is a failure too.
    func failure(within limit: Duration) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask { await connect(within: limit) }
            group.addTask {
                try? await Task.sleep(for: limit)
                return Task.isCancelled ? nil : "no answer within \(limit.components.seconds) s"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private func connect(within limit: Duration) async -> String? {
        var configuration = configuration
        configuration.options.connectTimeout = .seconds(max(1, limit.components.seconds))
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try? await connection.close()
            return nil
        } catch let error as PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return error.underlying.map { "\($0)" } ?? "\(error.code)"
        } catch {
            return "\(error)"
        }
    }
}

/// Whether a lease was granted, shared by the lease task and the deadline task.
private final class LeaseFlag: Sendable {
    private let state = Mutex(false)
    func mark() { state.withLock { $0 = true } }
    var isMarked: Bool { state.withLock { $0 } }
}
