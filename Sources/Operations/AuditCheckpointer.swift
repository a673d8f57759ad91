import Audit
import Foundation
import Store

/// Makes signed audit checkpoints: the chain head, signed with the audit key (Ed25519, separate from
/// the release keys), stored in the store's checkpoint table.
///
/// The audit key is made on first use (exactly one, however many callers race) and stored sealed under
/// the key-encryption key; checkpointing refuses to run without a usable KEK.
public struct AuditCheckpointer: Sendable {
    public let store: any Store
    public let keyEncryptionKey: KeyEncryptionKey.Provider
    private let now: @Sendable () -> Int64

    /// A checkpointer over `store`, sealing and opening its key with `keyEncryptionKey`, stamping with `now`.
    public init(
        store: any Store, keyEncryptionKey: KeyEncryptionKey.Provider = .environment,
        now: @escaping @Sendable () -> Int64 = StoreClock.milliseconds
    ) {
        self.store = store
        self.keyEncryptionKey = keyEncryptionKey
        self.now = now
    }

    /// Signs the current head and stores the checkpoint; `actor` is audited if the audit key is made now.
    public func checkpoint(actor: String) async throws -> AuditCheckpoint {
        let key = try await signingKey(actor: actor)
        guard let head = try await store.auditHead() else { throw StoreError.missingAuditHead }
        let checkpoint = try AuditCheckpoint(sequence: head.sequence, headHash: head.hash, signedAt: now(), key: key)
        try await store.addAuditCheckpoint(checkpoint)
        return checkpoint
    }

    /// Checkpoints only when the head has moved past the last checkpoint; returns the new checkpoint, or nil.
    public func checkpointIfMoved(actor: String) async throws -> AuditCheckpoint? {
        guard let head = try await store.auditHead() else { throw StoreError.missingAuditHead }
        if let last = try await store.lastAuditCheckpoint(), last.sequence >= head.sequence { return nil }
        return try await checkpoint(actor: actor)
    }

    /// The active audit key, opened under the KEK (made, sealed and stored first if there is none).
    func signingKey(actor: String) async throws -> AuditSigningKey {
        let kek = try keyEncryptionKey.key()
        let record: AuditKeyRecord
        if let active = try await store.auditKeys().last(where: { $0.retiredAt == nil }) {
            record = active
        } else {
            let fresh = AuditSigningKey.generate()
            let publicKey = fresh.publicKey.base64EncodedString()
            record = try await store.addFirstAuditKey(
                AuditKeyRecord(
                    id: fresh.id, publicKey: publicKey, sealedKey: try kek.seal(fresh.privateKeyBytes, context: Self.context(fresh.id)),
                    createdAt: now()),
                audit: AuditDraft(
                    actor: actor, action: "audit-key.create", input: Data(fresh.id.utf8),
                    result: "\(fresh.id) now signs audit checkpoints (Ed25519 public key \(publicKey))", versions: ""))
        }
        let key = try AuditSigningKey(
            id: record.id, privateKeyBytes: try kek.open(record.sealedKey, context: Self.context(record.id), keyID: record.id))
        guard key.publicKey.base64EncodedString() == record.publicKey else {
            throw AuditCheckpointError.cannotSign("audit key \(record.id): its sealed private key does not match its stored public key")
        }
        return key
    }

    /// What the sealed audit key `id` is bound to.
    static func context(_ id: String) -> String { "clearance audit-checkpoint key \(id)" }
}
