import Audit
import Foundation
import ReleaseTokens
import Store
import Synchronization

/// The key that signs this process's release tokens, loaded from the store (created on first use).
///
/// Rotation adds a key and retires the others; retired keys stay in the published set for
/// `publishRetiredFor` so tokens they signed verify until they expire.
final class ReleaseSigning: Sendable {
    private let signer = Mutex<ReleaseTokenSigner?>(nil)
    /// The longest a token may live, and so how long a retired key stays published.
    static let publishRetiredFor: Int64 = 86_400_000

    /// The current signer, creating and storing the first key if the store has none.
    ///
    /// The active key is re-read on every call, so a key revoked or rotated by another process sharing
    /// the store never signs here again.
    func current(store: any Store, actor: String) async throws -> ReleaseTokenSigner {
        if let signer = signer.withLock({ $0 }), try await store.signingKeys().last(where: { $0.retiredAt == nil })?.id == signer.keyID {
            return signer
        }
        let keys = try await store.signingKeys()
        let record: SigningKeyRecord
        if let active = keys.last(where: { $0.retiredAt == nil }) {
            record = active
        } else {
            record = try await Self.add(store: store, actor: actor, reason: "first release-signing key")
        }
        let made = try await ReleaseTokenSigner(key: try Self.key(record))
        signer.withLock { $0 = made }
        return made
    }

    /// A new key becomes current; the previous one is retired (still published for a day).
    func rotate(store: any Store, actor: String) async throws -> String {
        let record = try await Self.add(store: store, actor: actor, reason: "rotation")
        let made = try await ReleaseTokenSigner(key: try Self.key(record))
        signer.withLock { $0 = made }
        return record.id
    }

    /// The key set gates verify with: the active key and keys retired less than a day ago.
    static func published(store: any Store, now: Int64 = StoreClock.milliseconds()) async throws -> ReleaseKeySet {
        let keys = try await store.signingKeys().filter { ($0.retiredAt ?? now) > now - publishRetiredFor }
        return try ReleaseKeySet(signingKeys: try keys.map(key))
    }

    private static func add(store: any Store, actor: String, reason: String) async throws -> SigningKeyRecord {
        let key = SigningKey.generate()
        let record = SigningKeyRecord(id: key.id, privateKey: key.privateKey.base64EncodedString(), createdAt: StoreClock.milliseconds())
        try await store.addSigningKey(
            record,
            audit: AuditDraft(
                actor: actor, action: "signing-key.create", input: Data(key.id.utf8), result: "\(key.id) now signs release tokens (\(reason))",
                versions: ""))
        return record
    }

    static func key(_ record: SigningKeyRecord) throws(TokenError) -> SigningKey {
        guard let data = Data(base64Encoded: record.privateKey) else { throw TokenError.badKey("stored key \(record.id) is not base64") }
        return SigningKey(id: record.id, privateKey: data)
    }
}
