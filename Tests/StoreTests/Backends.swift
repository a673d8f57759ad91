import Synchronization
import Foundation
import Store
import Testing

/// The two real backends every store test runs against: a fresh SQLite file and a fresh PostgreSQL database.
///
/// PostgreSQL comes from `CLEARANCE_TEST_POSTGRES_URL`, which `scripts/test` sets after starting a
/// throwaway server; without it the PostgreSQL cases fail (they never skip).
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A new, empty store (migrated unless `migrated` is false: then the database has no tables yet),
    /// and a way to run raw SQL on it.
    func makeStore(now: @escaping @Sendable () -> Int64 = StoreClock.milliseconds, migrated: Bool = true) async throws -> TestStore {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let store = try SQLiteStore(path: directory.appendingPathComponent("clearance.sqlite").path, now: now)
            if migrated { try await store.migrate() }
            return TestStore(store: store, execute: { try await store.execute($0) })
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["CLEARANCE_TEST_POSTGRES_URL"], !url.isEmpty else {
                throw StoreError(.unavailable, "CLEARANCE_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL")
            }
            let database = "clearance_test_\(UUID().uuidString.prefix(8).lowercased())"
            let admin = try PostgresStore(url: url, leaseTimeout: PostgresStore.testLeaseTimeout)
            try await admin.execute("CREATE DATABASE \(database)")
            admin.shutdown()
            guard var components = URLComponents(string: url) else { throw StoreError(.badLocation, url) }
            components.path = "/" + database
            let store = try PostgresStore(url: components.string ?? url, now: now, leaseTimeout: PostgresStore.testLeaseTimeout)
            if migrated { try await store.migrate() }
            return TestStore(store: store, execute: { try await store.execute($0) })
        }
    }
}

/// A store under test with raw SQL access (to tamper with rows as an attacker would).
struct TestStore: Sendable {
    let store: any Store
    let execute: @Sendable (String) async throws -> Void
}

/// A clock tests advance by hand.
final class ManualClock: Sendable {
    private let time = Mutex<Int64>(1_764_000_000_000)

    var now: @Sendable () -> Int64 { { self.time.withLock { $0 } } }

    func advance(by milliseconds: Int64) {
        time.withLock { $0 += milliseconds }
    }
}

extension PostgresStore {
    /// The lease deadline of the stores tests open: the test process runs hundreds of tests at once on two cores,
    /// and its tasks can wait minutes for a thread, which the production deadline would report as an unreachable
    /// server. `PostgresUnavailableTests` and `ServeUnavailableStoreTests` test the deadline itself.
    static let testLeaseTimeout = Duration.seconds(3600)
}
