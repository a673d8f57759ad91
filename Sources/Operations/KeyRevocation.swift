import DataFormats
import Audit
import Foundation
import Store

/// What `revokeKey` revoked.
public enum RevokedKey: Sendable, Hashable {
    /// An API key (`key_…`); it no longer authenticates.
    case apiKey(id: String)
    /// A release-signing key (its `kid`); `replacedBy` names the key that signs from now on when the
    /// revoked one was the active key.
    case signingKey(id: String, replacedBy: String?)
}

/// Why a key revocation request cannot be carried out as given.
public struct KeyRevocationInputError: Error, Sendable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public var description: String { "\(field): \(problem)" }
}

extension ComplianceService {
    /// Revokes a key with immediate effect, audited: an API key (`key_…`) stops authenticating in every
    /// process sharing the store; a release-signing key (its `kid`) leaves the published key set, so gates
    /// stop verifying its tokens, and a new key becomes current if it was the active one.
    public func revokeKey(id: String, reason: String, actor: String) async throws -> RevokedKey {
        try await Self.revokeKey(id: id, reason: reason, actor: actor, store: store, signing: signing)
    }

    /// `revokeKey` on `store` directly (for the command line, which runs no service); a new signing key,
    /// when the active one is revoked, is sealed under `keyEncryptionKey`.
    public static func revokeKey(
        id: String, reason: String, actor: String, store: any Store,
        keyEncryptionKey: KeyEncryptionKey.Provider = .environment
    ) async throws -> RevokedKey {
        try await revokeKey(
            id: id, reason: reason, actor: actor, store: store, signing: ReleaseSigning(keyEncryptionKey: keyEncryptionKey))
    }

    static func revokeKey(id: String, reason: String, actor: String, store: any Store, signing: ReleaseSigning) async throws -> RevokedKey {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.unicodeScalars.count <= InputText.nameLimit else {
            throw KeyRevocationInputError(field: "reason", problem: "a reason of 1 to 1000 characters is required")
        }
        guard !id.isEmpty, id.unicodeScalars.count <= 200 else { throw KeyRevocationInputError(field: "id", problem: "a key id (key_… or a signing key's kid) is required") }
        let input = Data("\(id) \(reason)".utf8)
        if id.hasPrefix("key_") {
            _ = try await store.revokeAPIKey(
                id: id, reason: reason,
                audit: AuditDraft(actor: actor, action: "key.revoke", input: input, result: "API key \(id) revoked: \(reason)", versions: ""))
            return .apiKey(id: id)
        }
        let wasActive = try await store.revokeSigningKey(
            id: id, reason: reason,
            audit: AuditDraft(
                actor: actor, action: "signing-key.revoke", input: input,
                result: "release-signing key \(id) revoked (no longer published; its tokens no longer verify): \(reason)", versions: ""))
        guard wasActive else { return .signingKey(id: id, replacedBy: nil) }
        return .signingKey(id: id, replacedBy: try await signing.rotate(store: store, actor: actor))
    }
}
