import Audit
import Foundation
import ReleaseTokens
import Store
import Testing

@testable import Operations

/// Release-signing keys: created once, sealed under the key-encryption key, never made anew on a wrong one.
@Suite struct ReleaseSigningTests {
    static let kek = KeyEncryptionKey.Provider(key: try! KeyEncryptionKey(bytes: Data(repeating: 5, count: 32), path: "kek-a"))
    static let otherKEK = KeyEncryptionKey.Provider(key: try! KeyEncryptionKey(bytes: Data(repeating: 6, count: 32), path: "kek-b"))

    @Test("50 concurrent first authorisations on a fresh store create exactly one key, and it is the one published", arguments: ServiceBackend.allCases)
    func fiftyConcurrentFirstSignersShareOneKey(backend: ServiceBackend) async throws {
        let store = try await backend.makeStore().store
        let used = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask { try await ReleaseSigning(keyEncryptionKey: Self.kek).current(store: store, actor: "system").keyID }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        let keys = try await store.signingKeys()
        #expect(keys.count == 1)
        #expect(used == Set(keys.map(\.id)))
        #expect(try await ReleaseSigning.published(store: store).keyIDs == keys.map(\.id))
    }

    @Test("stored key rows hold no clear key bytes, and signed tokens verify with the published key", arguments: ServiceBackend.allCases)
    func storedKeysAreSealed(backend: ServiceBackend) async throws {
        let store = try await backend.makeStore().store
        let signer = try await ReleaseSigning(keyEncryptionKey: Self.kek).current(store: store, actor: "system")
        let record = try #require(try await store.signingKeys().first)
        let clear = try Self.kek.key().open(record.privateKey, context: ReleaseSigning.context(record.id), keyID: record.id)
        #expect(KeyEncryptionKey.isSealed(record.privateKey))
        #expect(!record.privateKey.contains(clear.base64EncodedString()))
        #expect(!Data(record.privateKey.utf8).contains(clear))
        let claims = ReleaseClaims(
            id: "az_1", issuer: ReleaseTokenVerifier.defaultIssuer, subject: "party:p1", audience: ["clearance-gate"], artifact: "weights",
            item: "9E003.a", destination: "CN", license: nil, issuedAt: Date(), expiresAt: Date().addingTimeInterval(600))
        let token = try await signer.sign(claims)
        let verifier = try await ReleaseTokenVerifier(keySet: try await ReleaseSigning.published(store: store), audience: "clearance-gate")
        #expect(try await verifier.verify(token).id == "az_1")

        let checkpoint = try await AuditCheckpointer(store: store, keyEncryptionKey: Self.kek).checkpoint(actor: "system")
        let auditKey = try #require(try await store.auditKeys().first)
        #expect(KeyEncryptionKey.isSealed(auditKey.sealedKey))
        #expect(checkpoint.hasValidSignature(publicKey: auditKey.publicKey))
    }

    @Test("a key that does not open under the given KEK is an error naming it, and no new key is made", arguments: ServiceBackend.allCases)
    func wrongKEKIsRefused(backend: ServiceBackend) async throws {
        let store = try await backend.makeStore().store
        let id = try await ReleaseSigning(keyEncryptionKey: Self.kek).current(store: store, actor: "system").keyID
        await #expect {
            _ = try await ReleaseSigning(keyEncryptionKey: Self.otherKEK).current(store: store, actor: "system")
        } throws: { error in
            "\(error)".contains(id) && "\(error)".contains("wrong key-encryption key?")
        }
        await #expect(throws: KeyEncryptionKeyError.self) {
            _ = try await ReleaseSigning(keyEncryptionKey: Self.otherKEK).rotate(store: store, actor: "system")
        }
        _ = try await AuditCheckpointer(store: store, keyEncryptionKey: Self.kek).checkpoint(actor: "system")
        await #expect(throws: KeyEncryptionKeyError.self) {
            _ = try await AuditCheckpointer(store: store, keyEncryptionKey: Self.otherKEK).checkpoint(actor: "system")
        }
        #expect(try await store.signingKeys().map(\.id) == [id])
        #expect(try await store.auditKeys().count == 1)
    }

    @Test("signing refuses to run without a usable KEK, and stores nothing", arguments: ServiceBackend.allCases)
    func noKEKNoSigning(backend: ServiceBackend) async throws {
        let store = try await backend.makeStore().store
        let missing = KeyEncryptionKey.Provider { () throws(KeyEncryptionKeyError) in
            throw .unusable(path: "/etc/clearance/kek", problem: "does not exist")
        }
        await #expect(throws: KeyEncryptionKeyError.unusable(path: "/etc/clearance/kek", problem: "does not exist")) {
            _ = try await ReleaseSigning(keyEncryptionKey: missing).current(store: store, actor: "system")
        }
        await #expect(throws: KeyEncryptionKeyError.self) {
            _ = try await AuditCheckpointer(store: store, keyEncryptionKey: missing).checkpoint(actor: "system")
        }
        #expect(try await store.signingKeys().isEmpty)
        #expect(try await store.auditKeys().isEmpty)
        #expect(try await store.auditRecords(after: 0, limit: 10).isEmpty)
    }

    @Test("a store with keys in clear is migrated on first use: each key sealed, audited, still published and signing", arguments: ServiceBackend.allCases)
    func clearKeysAreSealedOnFirstUse(backend: ServiceBackend) async throws {
        let (store, execute) = try await backend.makeStore()
        let old = SigningKey.generate(), older = SigningKey.generate()
        try await execute(
            """
            INSERT INTO signing_keys (id, private_key, created_at, retired_at) VALUES
            ('\(older.id)', '\(older.privateKey.base64EncodedString())', 1, 2),
            ('\(old.id)', '\(old.privateKey.base64EncodedString())', 2, NULL)
            """)
        #expect(try await ReleaseSigning.published(store: store, now: 3).keyIDs == [older.id, old.id], "published before migration too")
        let signer = try await ReleaseSigning(keyEncryptionKey: Self.kek).current(store: store, actor: "cli:ops")
        #expect(signer.keyID == old.id, "the active key is kept, not replaced")
        let stored = try await store.signingKeys()
        #expect(stored.map(\.id) == [older.id, old.id])
        for (record, key) in zip(stored, [older, old]) {
            #expect(KeyEncryptionKey.isSealed(record.privateKey))
            #expect(!record.privateKey.contains(key.privateKey.base64EncodedString()))
            #expect(record.publicKey == (try key.publicKey()).base64EncodedString())
        }
        let records = try await store.auditRecords(after: 0, limit: 10)
        #expect(records.map(\.action) == ["signing-key.seal"])
        #expect(records.first?.actor == "cli:ops")
        #expect(try await ReleaseSigning.published(store: store, now: 3).keyIDs == [older.id, old.id])
        _ = try await ReleaseSigning(keyEncryptionKey: Self.kek).current(store: store, actor: "system")
        #expect(try await store.auditRecords(after: 0, limit: 10).count == 1, "sealed once")
    }
}
