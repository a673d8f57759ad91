import Audit
import Foundation
@testable import Store
import Testing

/// The one migration list on both backends: an older database is upgraded in place, a newer one refused.
@Suite struct MigrationTests {
    /// The table each backend records applied migrations in, as the store before this one created it.
    static func migrationsTable(_ backend: Backend) -> String {
        switch backend {
        case .sqlite: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)"
        case .postgres: "CREATE TABLE clearance_migrations (identifier TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)"
        }
    }

    static func recorded(_ identifier: String, _ backend: Backend) -> String {
        switch backend {
        case .sqlite: "INSERT INTO grdb_migrations (identifier) VALUES ('\(identifier)')"
        case .postgres: "INSERT INTO clearance_migrations (identifier, applied_at) VALUES ('\(identifier)', 1)"
        }
    }

    @Test("a database the earlier schema made (v1 to v6 applied) is recognised and upgraded in place, keeping its rows and chain",
        arguments: Backend.allCases)
    func anOlderDatabaseIsUpgradedInPlace(backend: Backend) async throws {
        let test = try await backend.makeStore(migrated: false)
        let dialect: SQLDialect = backend == .sqlite ? .sqlite : .postgres
        let old = Schema.migrations(dialect).prefix(6)
        try #require(old.last?.identifier == "v6-tariff-exclusions")
        try await test.execute(Self.migrationsTable(backend))
        for migration in old {
            for statement in migration.statements { try await test.execute(statement) }
            try await test.execute(Self.recorded(migration.identifier, backend))
        }
        let record = StoreTests.draft("key.create", "key_1 reviewer").record(after: (0, String(repeating: "0", count: 64)), timestamp: 5)
        try await test.execute(
            """
            INSERT INTO audit_log (sequence, timestamp, actor, action, input_digest, result, versions, previous_hash, hash)
            VALUES (1, 5, '\(record.actor)', '\(record.action)', '\(record.inputDigest)', '\(record.result)', '\(record.versions)',
                '\(record.previousHash)', '\(record.hash)')
            """)
        try await test.execute("INSERT INTO api_keys (id, secret_hash, role, created_at) VALUES ('key_1', 'h1', 'reviewer', 5)")
        try await test.execute("INSERT INTO parties (id, name, digest, updated_at) VALUES ('p1', 'Acme GmbH', 'd1', 5)")

        try await test.store.migrate()

        #expect(try await test.store.key(secretHash: "h1")?.role == .reviewer, "the key made before the upgrade still authenticates")
        #expect(try await test.store.party(id: "p1")?.name == "Acme GmbH")
        #expect(try await test.store.auditHead() == AuditHead(sequence: 1, hash: record.hash), "the head row starts at the old chain's end")
        #expect(try await test.store.appendAudit(StoreTests.draft("screen")).sequence == 2)
        #expect(try await test.store.verifyAudit().isIntact)
        try await test.store.migrate()
        #expect(try await test.store.auditRecords(after: 0, limit: 10).count == 2, "migrating again changes nothing")
    }

    @Test("a database a newer Clearance upgraded is refused, naming the migration this version does not know and its table",
        arguments: Backend.allCases)
    func aNewerDatabaseIsRefused(backend: Backend) async throws {
        let test = try await backend.makeStore()
        try await test.execute(Self.recorded("v99-from-the-future", backend))
        do {
            try await test.store.migrate()
            Issue.record("a database with an unknown migration must be refused")
        } catch {
            #expect(error.kind == .database)
            #expect(error.message.contains("v99-from-the-future"), "\(error)")
            #expect(error.message.contains(backend == .sqlite ? "grdb_migrations" : "clearance_migrations"), "\(error)")
        }
    }

    @Test("both backends read one migration list, in one order, with unique names")
    func oneMigrationList() {
        let sqlite = Schema.migrations(.sqlite).map(\.identifier)
        #expect(sqlite == Schema.migrations(.postgres).map(\.identifier))
        #expect(Set(sqlite).count == sqlite.count)
        #expect(Schema.migrations(.sqlite).map(\.statements.count) == Schema.migrations(.postgres).map(\.statements.count))
    }
}
