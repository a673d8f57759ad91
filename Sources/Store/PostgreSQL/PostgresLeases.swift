import Logging
import PostgresNIO
import Synchronization

/// Connections leased from the pool with a deadline on the wait.
///
/// postgres-nio's pool keeps a request waiting for as long as it fails to connect (it retries with backoff),
/// so with the server down every store call, and with it every HTTP request and the service's graceful
/// shutdown, would wait forever. Here a call that gets no connection within `timeout` fails with
/// `StoreError.unavailable` (the API answers 503) and its place in the queue is given up. Only the wait is
/// bounded: once a connection is leased, a long transaction (a list import) runs to its end.
struct PostgresLeases: Sendable {
    let client: PostgresClient
    let timeout: Duration

    /// Runs `body` on a connection leased within `timeout`, or throws `StoreError.unavailable`.
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
                    try await Task.sleep(for: timeout)
                    guard leased.isMarked else { throw StoreError(.unavailable, unavailableMessage) }
                    return nil
                }
                while let value = try await group.next() {
                    if let value {
                        group.cancelAll()
                        return value
                    }
                }
                throw StoreError(.unavailable, unavailableMessage)  // unreachable: the lease task answers or throws
            }
        }
    }

    /// Runs `body` in a transaction on a connection leased within `timeout`.
    func withTransaction<T: Sendable>(logger: Logger, _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    private var unavailableMessage: String {
        "PostgreSQL: no connection could be had within \(timeout.components.seconds) s: is the server running and reachable?"
    }
}

/// Whether a lease was granted, shared by the lease task and the deadline task.
private final class LeaseFlag: Sendable {
    private let state = Mutex(false)
    func mark() { state.withLock { $0 = true } }
    var isMarked: Bool { state.withLock { $0 } }
}
