import Audit
import Foundation
import Store
import Testing

/// Signing keys: exactly one first key however many callers race, and stores written before v7 upgraded.
@Suite struct SigningKeyStoreTests {
    static func key(_ index: Int, createdAt: Int64 = 1) -> SigningKeyRecord {
        SigningKeyRecord(id: "rk_\(index)", privateKey: "kek1:sealed\(index)", createdAt: createdAt, publicKey: "pk\(index)")
    }

    @Test("50 concurrent first keys on a fresh store store exactly one, and every caller gets that one", arguments: Backend.allCases)
    func fiftyConcurrentFirstKeysMakeOne(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        let returned = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<50 {
                group.addTask { try await store.addFirstSigningKey(Self.key(index), audit: StoreTests.draft("signing-key.create")).id }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        let keys = try await store.signingKeys()
        #expect(keys.count == 1)
        #expect(returned == [keys[0].id])
        #expect(try await store.auditRecords(after: 0, limit: 100).filter { $0.action == "signing-key.create" }.count == 1)
    }

    @Test("a second active key cannot be stored beside the first", arguments: Backend.allCases)
    func oneActiveKeyAtMost(backend: Backend) async throws {
        let test = try await backend.makeStore()
        _ = try await test.store.addFirstSigningKey(Self.key(1), audit: StoreTests.draft("signing-key.create"))
        await #expect(throws: (any Error).self) {
            try await test.execute("INSERT INTO signing_keys (id, private_key, created_at) VALUES ('rk_x', 'x', 2)")
        }
        try await test.store.addSigningKey(Self.key(2, createdAt: 2), audit: StoreTests.draft("signing-key.create"))
        #expect(try await test.store.signingKeys().filter { $0.retiredAt == nil }.map(\.id) == ["rk_2"])
    }

    @Test("sealing replaces only keys still clear, audited once", arguments: Backend.allCases)
    func sealingReplacesClearKeys(backend: Backend) async throws {
        let test = try await backend.makeStore()
        try await test.execute("INSERT INTO signing_keys (id, private_key, created_at) VALUES ('rk_old', 'Y2xlYXI=', 1)")
        let sealed = SealedSigningKey(id: "rk_old", clearKey: "Y2xlYXI=", sealedKey: "kek1:abc", publicKey: "cHVi")
        #expect(try await test.store.sealSigningKeys([sealed], audit: StoreTests.draft("signing-key.seal")) == 1)
        #expect(try await test.store.sealSigningKeys([sealed], audit: StoreTests.draft("signing-key.seal")) == 0, "already sealed")
        let stored = try await test.store.signingKeys()
        #expect(stored.map(\.privateKey) == ["kek1:abc"])
        #expect(stored.map(\.publicKey) == ["cHVi"])
        #expect(try await test.store.auditRecords(after: 0, limit: 10).map(\.action) == ["signing-key.seal"])
    }

    @Test("a store written before v7 upgrades: its chain verifies with a head row, and extra active keys are retired", arguments: Backend.allCases)
    func storeBeforeV7Upgrades(backend: Backend) async throws {
        let test = try await AuditTamperingTests.filled(backend)
        for statement in [
            "DROP TABLE audit_head", "DROP TABLE audit_checkpoints", "DROP INDEX audit_keys_one_active", "DROP TABLE audit_keys",
            "DROP INDEX signing_keys_one_active", "ALTER TABLE signing_keys DROP COLUMN public_key",
            backend == .sqlite
                ? "DELETE FROM grdb_migrations WHERE identifier = 'v7-audit-anchor-and-sealed-keys'"
                : "DELETE FROM clearance_migrations WHERE identifier = 'v7-audit-anchor-and-sealed-keys'",
            "INSERT INTO signing_keys (id, private_key, created_at) VALUES ('rk_a', 'YQ==', 1), ('rk_b', 'Yg==', 2), ('rk_c', 'Yw==', 3)",
        ] {
            try await test.execute(statement)
        }
        try await test.store.migrate()
        let report = try await test.store.verifyAnchoredAudit()
        #expect(report.isIntact, "\(report.firstProblem ?? "")")
        #expect(report.head?.sequence == 12)
        let keys = try await test.store.signingKeys()
        #expect(keys.filter { $0.retiredAt == nil }.map(\.id) == ["rk_c"], "the newest stays active")
        #expect(keys.allSatisfy { $0.publicKey == nil })
        _ = try await test.store.appendAudit(StoreTests.draft("screen"))
        #expect(try await test.store.verifyAnchoredAudit().isIntact)
    }
}
