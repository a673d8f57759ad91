import Foundation
import Synchronization
import Testing

@testable import Store

/// A reachable PostgreSQL whose pool is busy past the lease deadline is waited for: the deadline only fails
/// calls when a fresh connection cannot be had either. Before, every call still queued after the deadline
/// failed as unavailable, so a loaded but healthy server answered 503s (and CI runs failed).
@Suite struct PostgresBusyPoolTests {
    @Test("with every pooled connection held past the lease deadline, a call waits for one instead of failing as unavailable")
    func aBusyPoolIsWaitedForWhileTheServerAnswers() async throws {
        guard let url = ProcessInfo.processInfo.environment["CLEARANCE_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw StoreError(.unavailable, "CLEARANCE_TEST_POSTGRES_URL is not set: run the tests with scripts/test")
        }
        let store = try PostgresStore(url: url, leaseTimeout: .seconds(1))
        defer { store.shutdown() }
        let pool = PoolHolders()
        let clock = ContinuousClock()
        try await withThrowingTaskGroup(of: Duration?.self) { group in
            for _ in 0..<8 {  // the pool's maximum
                group.addTask {
                    try await store.leases.withConnection { _ in
                        pool.held.withLock { $0 += 1 }
                        while !pool.released.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(50)) }
                    }
                    return nil
                }
            }
            while pool.held.withLock({ $0 }) < 8 { try await Task.sleep(for: .milliseconds(50)) }
            group.addTask {
                let started = clock.now
                _ = try await store.leases.withConnection { connection in
                    try await connection.query("SELECT 1", logger: store.logger)
                }
                return clock.now - started
            }
            try await Task.sleep(for: .seconds(3))  // three deadlines pass while the ninth call waits
            pool.released.withLock { $0 = true }
            var waited: Duration?
            for try await result in group { if let result { waited = result } }
            #expect((waited ?? .zero) >= .seconds(1), "the ninth call should have waited past the deadline")
        }
    }
}

/// How many connections the holders have, and whether they may let go.
private final class PoolHolders: Sendable {
    let held = Mutex(0)
    let released = Mutex(false)
}
