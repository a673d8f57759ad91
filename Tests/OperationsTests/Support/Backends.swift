import Foundation
import Store
import Testing

/// The two real backends, as in StoreTests: a fresh SQLite file in a temporary folder, or a fresh PostgreSQL
/// database (from `CLEARANCE_TEST_POSTGRES_URL`; without it the PostgreSQL cases fail, they never skip).
enum ServiceBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A new, migrated store and a way to run raw SQL on it.
    func makeStore() async throws -> (store: any Store, execute: @Sendable (String) async throws -> Void) {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-service-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let store = try SQLiteStore(path: directory.appendingPathComponent("clearance.sqlite").path)
            try await store.migrate()
            return (store, { try await store.execute($0) })
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["CLEARANCE_TEST_POSTGRES_URL"], !url.isEmpty,
                var components = URLComponents(string: url)
            else {
                throw StoreError(.unavailable, "CLEARANCE_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL")
            }
            let database = "clearance_service_\(UUID().uuidString.prefix(8).lowercased())"
            let admin = try PostgresStore(url: url, leaseTimeout: PostgresStore.testLeaseTimeout)
            try await admin.execute("CREATE DATABASE \(database)")
            admin.shutdown()
            components.path = "/" + database
            let store = try PostgresStore(url: components.string ?? url, leaseTimeout: PostgresStore.testLeaseTimeout)
            try await store.migrate()
            return (store, { try await store.execute($0) })
        }
    }
}

extension PostgresStore {
    /// The lease deadline of the stores tests open: the test process runs hundreds of tests at once on two cores,
    /// and its tasks can wait minutes for a thread, which the production deadline would report as an unreachable
    /// server. `PostgresUnavailableTests` and `ServeUnavailableStoreTests` test the deadline itself.
    static let testLeaseTimeout = Duration.seconds(3600)
}
