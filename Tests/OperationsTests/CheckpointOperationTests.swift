import Audit
import Foundation
import Screening
import Store
import Testing

@testable import Operations

/// Signed audit checkpoints: the chain head signed with the audit key (made once, audited), stored; made again only
/// when the head has moved; refused, and nothing stored, when the head row is gone.
@Suite struct CheckpointOperationTests {
    static let signedAt: Int64 = 1_780_000_000_000

    static func checkpointer(_ harness: Harness) -> AuditCheckpointer {
        AuditCheckpointer(store: harness.store, keyEncryptionKey: Harness.kek, now: { signedAt })
    }

    @Test("a checkpoint signs the chain head with the audit key, made once and audited, and is stored", arguments: ServiceBackend.allCases)
    func checkpointSignsTheHead(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let before = try await harness.head()
        let checkpoint = try await Self.checkpointer(harness).checkpoint(actor: "cli:ops")
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["audit-key.create"], "the first checkpoint makes the audit key")
        #expect(records.first?.actor == "cli:ops")
        let head = try #require(records.last)
        #expect(checkpoint.sequence == head.sequence && checkpoint.headHash == head.hash, "the head includes the key's own record")
        #expect(checkpoint.signedAt == Self.signedAt)
        let key = try #require(try await harness.store.auditKeys().first)
        #expect(checkpoint.keyID == key.id)
        #expect(checkpoint.hasValidSignature(publicKey: key.publicKey))
        #expect(try await harness.store.lastAuditCheckpoint() == checkpoint)

        _ = try await harness.service.screen([ScreeningQuery(name: "Harbourside Bakery Ltd")], options: .init(), actor: "key_s", input: Data())
        let next = try await Self.checkpointer(harness).checkpoint(actor: "cli:ops")
        #expect(next.sequence == head.sequence + 1 && next.keyID == key.id)
        #expect(try await harness.store.auditKeys().count == 1)
        #expect(try await harness.records(after: before).map(\.action) == ["audit-key.create", "screen"], "one key, audited once")
        #expect(try await harness.store.auditCheckpoints().map(\.sequence) == [checkpoint.sequence, next.sequence])
        #expect(try await harness.chainIsIntact())
    }

    @Test("checkpointIfMoved makes none while the head stays at the last checkpoint, and one once it has moved", arguments: ServiceBackend.allCases)
    func checkpointOnlyWhenMoved(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let first = try #require(try await Self.checkpointer(harness).checkpointIfMoved(actor: "system"))
        #expect(try await Self.checkpointer(harness).checkpointIfMoved(actor: "system") == nil)
        let (id, _) = try await harness.service.screen([ScreeningQuery(name: "Harbourside Bakery Ltd")], options: .init(), actor: "key_s", input: Data())
        let moved = try #require(try await Self.checkpointer(harness).checkpointIfMoved(actor: "system"))
        #expect(moved.sequence == id && moved.sequence > first.sequence)
        #expect(try await harness.store.auditCheckpoints().count == 2)
    }

    @Test("without the chain head row no checkpoint is made or stored, and the error names the table", arguments: ServiceBackend.allCases)
    func missingHeadIsRefused(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        _ = try await Self.checkpointer(harness).checkpoint(actor: "system")
        let stored = try await harness.store.auditCheckpoints()
        try await harness.execute("DELETE FROM audit_head")
        for attempt in [{ try await Self.checkpointer(harness).checkpoint(actor: "system") }, { try await Self.checkpointer(harness).checkpointIfMoved(actor: "system") }]
            as [@Sendable () async throws -> AuditCheckpoint?]
        {
            await #expect {
                _ = try await attempt()
            } throws: { error in
                (error as? StoreError)?.message == StoreError.missingAuditHead.message
            }
        }
        #expect(try await harness.store.auditCheckpoints() == stored)
    }
}
