/// The key that signs audit checkpoints, as stored: its private half sealed under the key-encryption key.
public struct AuditKeyRecord: Sendable, Hashable {
    /// The key id checkpoints name, e.g. `ak_3f9a…`.
    public var id: String
    /// The Ed25519 public key, base64: what checkpoints are verified with.
    public var publicKey: String
    /// The Ed25519 private key sealed under the key-encryption key (`kek1:…`).
    public var sealedKey: String
    public var createdAt: Int64
    /// When it stopped signing (nil: the active key).
    public var retiredAt: Int64?

    public init(id: String, publicKey: String, sealedKey: String, createdAt: Int64, retiredAt: Int64? = nil) {
        self.id = id
        self.publicKey = publicKey
        self.sealedKey = sealedKey
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}

/// The chain head row: the last record's sequence and hash, updated in the same transaction as every append.
public struct AuditHead: Sendable, Hashable {
    /// The last record's sequence (0: no records yet).
    public var sequence: Int64
    /// The last record's hash (the genesis hash when there are none).
    public var hash: String

    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }
}

/// A release-signing key's clear private key replaced by its sealed form (migrating a store written before sealing).
public struct SealedSigningKey: Sendable, Hashable {
    /// The key's id.
    public var id: String
    /// The clear base64 key stored now; the row is only changed while it still holds exactly this.
    public var clearKey: String
    /// The sealed key (`kek1:…`).
    public var sealedKey: String
    /// The public key, base64.
    public var publicKey: String

    public init(id: String, clearKey: String, sealedKey: String, publicKey: String) {
        self.id = id
        self.clearKey = clearKey
        self.sealedKey = sealedKey
        self.publicKey = publicKey
    }
}

extension StoreError {
    /// The audit chain's head row is gone: appending (or checkpointing) would hide the records deleted with it.
    public static let missingAuditHead = StoreError(
        .database,
        "the audit chain head (table audit_head, row 1) is missing: someone removed it; nothing is recorded until it is restored "
            + "(run clearance audit verify)")
}
