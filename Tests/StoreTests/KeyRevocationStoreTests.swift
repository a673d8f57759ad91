import Audit
import Foundation
import Store
import Testing

/// Revoked keys and the gate's event ids, on both backends.
@Suite struct KeyRevocationStoreTests {
    @Test(arguments: Backend.allCases)
    func aRevokedAPIKeyIsNeverFoundAgainAndRevokingTwiceOrAnUnknownKeyIsRefused(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        let key = APIKeyRecord(id: "key_1", secretHash: "h1", role: .admin, createdAt: 1)
        _ = try await store.createKey(key, audit: StoreTests.draft("key.create"))
        _ = try await store.createKey(APIKeyRecord(id: "key_2", secretHash: "h2", role: .screener, createdAt: 1), audit: StoreTests.draft("key.create"))
        #expect(try await store.key(secretHash: "h1")?.id == "key_1")
        #expect(try await store.revokeAPIKey(id: "key_1", reason: "laptop lost", audit: StoreTests.draft("key.revoke")) == key)
        #expect(try await store.key(secretHash: "h1") == nil)
        #expect(try await store.key(secretHash: "h2")?.id == "key_2", "other keys are untouched")
        for (id, kind) in [("key_1", StoreError.Kind.conflict), ("key_9", .notFound)] {
            do {
                _ = try await store.revokeAPIKey(id: id, reason: "again", audit: StoreTests.draft("key.revoke"))
                Issue.record("\(id) must be refused")
            } catch {
                #expect(error.kind == kind, "\(id): \(error)")
            }
        }
        #expect(try await store.auditRecords(after: 0, limit: 10).map(\.action) == ["key.create", "key.create", "key.revoke"])
        #expect(try await store.verifyAudit().isIntact)
    }

    @Test(arguments: Backend.allCases)
    func aRevokedSigningKeyLeavesTheKeySetAndSaysWhetherItWasTheActiveOne(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        try await store.addSigningKey(SigningKeyRecord(id: "rk_1", privateKey: "a2V5", createdAt: 1), audit: StoreTests.draft("signing-key.create"))
        try await store.addSigningKey(SigningKeyRecord(id: "rk_2", privateKey: "a2V5", createdAt: 2), audit: StoreTests.draft("signing-key.create"))
        #expect(try await store.revokeSigningKey(id: "rk_1", reason: "exposed", audit: StoreTests.draft("signing-key.revoke")) == false)
        #expect(try await store.signingKeys().map(\.id) == ["rk_2"])
        #expect(try await store.revokeSigningKey(id: "rk_2", reason: "exposed", audit: StoreTests.draft("signing-key.revoke")) == true)
        #expect(try await store.signingKeys().isEmpty, "a revoked key is neither published nor active")
        for (id, kind) in [("rk_2", StoreError.Kind.conflict), ("rk_9", .notFound)] {
            do {
                _ = try await store.revokeSigningKey(id: id, reason: "again", audit: StoreTests.draft("signing-key.revoke"))
                Issue.record("\(id) must be refused")
            } catch {
                #expect(error.kind == kind, "\(id): \(error)")
            }
        }
        try await store.addSigningKey(SigningKeyRecord(id: "rk_3", privateKey: "a2V5", createdAt: 3), audit: StoreTests.draft("signing-key.create"))
        #expect(try await store.signingKeys().map(\.id) == ["rk_3"])
        #expect(try await store.verifyAudit().isIntact)
    }

    @Test(arguments: Backend.allCases)
    func aReplayedGateEventIsRecordedOnceWhateverTheBatch(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        let events = (1...3).map { GateEventDraft(id: "ge_\($0)", audit: StoreTests.draft("gate.release", "event \($0)")) }
        #expect(try await store.recordGateEvents(events) == 3)
        #expect(try await store.recordGateEvents(events) == 0)
        #expect(try await store.recordGateEvents([events[2], GateEventDraft(id: "ge_4", audit: StoreTests.draft("gate.deny")), events[0]]) == 1)
        #expect(try await store.recordGateEvents([GateEventDraft(id: "ge_5", audit: StoreTests.draft("gate.deny")), GateEventDraft(id: "ge_5", audit: StoreTests.draft("gate.deny"))]) == 1)
        let records = try await store.auditRecords(after: 0, limit: 10)
        #expect(records.map(\.result) == ["event 1", "event 2", "event 3", "ok", "ok"])
        #expect(try await store.verifyAudit().isIntact)
    }
}
