import Audit
import Foundation
import ReleaseTokens
import Store
import Synchronization

/// The key that signs this process's release tokens, loaded from the store (created on first use).
///
/// Private keys are stored sealed under the key-encryption key (`KeyEncryptionKey`); signing refuses to
/// run without a usable one, and a key that does not open under it is an error naming the key, never a
/// reason to make a new one. Keys stored in clear by an older Clearance are sealed on first use (audited).
/// Rotation adds a key and retires the others; retired keys stay in the published set for
/// `publishRetiredFor` so tokens they signed verify until they expire.
final class ReleaseSigning: Sendable {
    private let signer = Mutex<ReleaseTokenSigner?>(nil)
    let keyEncryptionKey: KeyEncryptionKey.Provider
    /// The longest a token may live, and so how long a retired key stays published.
    static let publishRetiredFor: Int64 = 86_400_000

    init(keyEncryptionKey: KeyEncryptionKey.Provider) {
        self.keyEncryptionKey = keyEncryptionKey
    }

    /// The current signer, creating and storing the first key if the store has none (exactly one, however
    /// many callers race: the store adds it only while no key is active, and the others get that one).
    ///
    /// The active key is re-read on every call, so a key revoked or rotated by another process sharing
    /// the store never signs here again.
    func current(store: any Store, actor: String) async throws -> ReleaseTokenSigner {
        if let signer = signer.withLock({ $0 }), try await store.signingKeys().last(where: { $0.retiredAt == nil })?.id == signer.keyID {
            return signer
        }
        let kek = try keyEncryptionKey.key()
        let keys = try await Self.sealClearKeys(store: store, kek: kek, actor: actor)
        let record: SigningKeyRecord
        if let active = keys.last(where: { $0.retiredAt == nil }) {
            record = active
        } else {
            let fresh = try Self.make(kek: kek)
            record = try await store.addFirstSigningKey(fresh, audit: Self.creation(fresh, actor: actor, reason: "first release-signing key"))
        }
        let made = try await ReleaseTokenSigner(key: try Self.key(record, kek: kek))
        signer.withLock { $0 = made }
        return made
    }

    /// A new key becomes current; the previous one is retired (still published for a day).
    func rotate(store: any Store, actor: String) async throws -> String {
        let kek = try keyEncryptionKey.key()
        let keys = try await Self.sealClearKeys(store: store, kek: kek, actor: actor)
        // The key being retired must open under this KEK: a wrong KEK is refused, not papered over with a new key.
        if let active = keys.last(where: { $0.retiredAt == nil }) { _ = try Self.key(active, kek: kek) }
        let record = try Self.make(kek: kek)
        try await store.addSigningKey(record, audit: Self.creation(record, actor: actor, reason: "rotation"))
        let made = try await ReleaseTokenSigner(key: try Self.key(record, kek: kek))
        signer.withLock { $0 = made }
        return record.id
    }

    /// The key set gates verify with: the active key and keys retired less than a day ago (public keys
    /// only, so publishing needs no key-encryption key).
    static func published(store: any Store, now: Int64 = StoreClock.milliseconds()) async throws -> ReleaseKeySet {
        let keys = try await store.signingKeys().filter { ($0.retiredAt ?? now) > now - publishRetiredFor }
        var publicKeys: [(id: String, key: Data)] = []
        for record in keys {
            if let text = record.publicKey {
                guard let key = Data(base64Encoded: text) else { throw TokenError.badKey("stored public key of \(record.id) is not base64") }
                publicKeys.append((record.id, key))
            } else {
                publicKeys.append((record.id, try clearKey(record).publicKey()))
            }
        }
        return try ReleaseKeySet(publicKeys: publicKeys)
    }

    /// Seals every key still stored in clear (a store written before sealing), audited; returns the keys as stored after.
    static func sealClearKeys(store: any Store, kek: KeyEncryptionKey, actor: String) async throws -> [SigningKeyRecord] {
        let keys = try await store.signingKeys()
        let clear = keys.filter { !KeyEncryptionKey.isSealed($0.privateKey) }
        guard !clear.isEmpty else { return keys }
        var sealed: [SealedSigningKey] = []
        for record in clear {
            let key = try clearKey(record)
            sealed.append(
                SealedSigningKey(
                    id: record.id, clearKey: record.privateKey, sealedKey: try kek.seal(key.privateKey, context: context(record.id)),
                    publicKey: try key.publicKey().base64EncodedString()))
        }
        let ids = clear.map(\.id).joined(separator: ", ")
        _ = try await store.sealSigningKeys(
            sealed,
            audit: AuditDraft(
                actor: actor, action: "signing-key.seal", input: Data(ids.utf8),
                result: "sealed \(clear.count) release-signing key(s) stored in clear under the key-encryption key: \(ids)", versions: ""))
        return try await store.signingKeys()
    }

    /// What the sealed key of `id` is bound to (authenticated with it, so a sealed key moved to another id does not open).
    static func context(_ id: String) -> String { "clearance release-signing key \(id)" }

    private static func make(kek: KeyEncryptionKey) throws -> SigningKeyRecord {
        let key = SigningKey.generate()
        return SigningKeyRecord(
            id: key.id, privateKey: try kek.seal(key.privateKey, context: context(key.id)), createdAt: StoreClock.milliseconds(),
            publicKey: try key.publicKey().base64EncodedString())
    }

    private static func creation(_ record: SigningKeyRecord, actor: String, reason: String) -> AuditDraft {
        AuditDraft(
            actor: actor, action: "signing-key.create", input: Data(record.id.utf8),
            result: "\(record.id) now signs release tokens (\(reason))", versions: "")
    }

    /// The usable key of a stored record: opened under the KEK, and checked against its stored public key.
    static func key(_ record: SigningKeyRecord, kek: KeyEncryptionKey) throws -> SigningKey {
        let key = SigningKey(id: record.id, privateKey: try kek.open(record.privateKey, context: context(record.id), keyID: record.id))
        if let stored = record.publicKey, try key.publicKey().base64EncodedString() != stored {
            throw TokenError.badKey("signing key \(record.id): its sealed private key does not match its stored public key")
        }
        return key
    }

    private static func clearKey(_ record: SigningKeyRecord) throws(TokenError) -> SigningKey {
        guard let data = Data(base64Encoded: record.privateKey) else { throw TokenError.badKey("stored key \(record.id) is not base64") }
        return SigningKey(id: record.id, privateKey: data)
    }
}
