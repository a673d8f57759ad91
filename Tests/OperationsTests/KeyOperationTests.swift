import Audit
import Foundation
import ReleaseTokens
import Store
import Testing

@testable import Operations

/// API keys and release-signing keys: creation (the secret shown once, stored only hashed), authentication,
/// rotation and revocation with immediate effect, each audited; a refused revocation changes and records nothing.
@Suite struct KeyOperationTests {
    @Test("a created key authenticates by its secret, is stored only as a hash, and its creation is audited without the secret", arguments: ServiceBackend.allCases)
    func createdKeyAuthenticates(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let before = try await harness.head()
        let (secret, key) = try await harness.service.createKey(role: .analyst, actor: "cli:ops")
        #expect(secret.hasPrefix("clr_") && key.id.hasPrefix("key_"))
        #expect(key.role == .analyst)
        #expect(key.secretHash == AuditRecord.digest(Data(secret.utf8)) && !key.secretHash.contains(secret))
        #expect(try await harness.service.authenticate(secret: secret) == key)
        #expect(try await harness.service.authenticate(secret: secret + "x") == nil)

        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["key.create"])
        let record = try #require(records.first)
        #expect(record.actor == "cli:ops")
        #expect(record.inputDigest == digest("\(key.id) analyst"))
        #expect(record.result == "created \(key.id) (analyst)")
        #expect(!"\(record)".contains(secret))
    }

    @Test("a revoked API key stops authenticating at once, audited as key.revoke with the reason", arguments: ServiceBackend.allCases)
    func revokedAPIKeyStopsAuthenticating(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let (secret, key) = try await harness.service.createKey(role: .screener, actor: "cli:ops")
        let before = try await harness.head()
        #expect(try await harness.service.revokeKey(id: key.id, reason: "  Left on a shared laptop \n", actor: "key_admin") == .apiKey(id: key.id))
        #expect(try await harness.service.authenticate(secret: secret) == nil)
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["key.revoke"])
        #expect(records.first?.inputDigest == digest("\(key.id) Left on a shared laptop"), "the reason is recorded trimmed")
        #expect(records.first?.result == "API key \(key.id) revoked: Left on a shared laptop")
        #expect(records.first?.actor == "key_admin")
    }

    @Test(
        "a revocation without a reason or id, of an unknown key or of a revoked one, is refused and changes and records nothing",
        arguments: ServiceBackend.allCases)
    func badRevocationsAreRefused(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let (secret, key) = try await harness.service.createKey(role: .screener, actor: "cli:ops")
        let (_, gone) = try await harness.service.createKey(role: .screener, actor: "cli:ops")
        _ = try await harness.service.revokeKey(id: gone.id, reason: "rotated", actor: "key_admin")
        let before = try await harness.head()
        let refusals: [(id: String, reason: String, expected: @Sendable (any Error) -> Bool)] = [
            (key.id, " \n ", { ($0 as? KeyRevocationInputError)?.field == "reason" }),
            (key.id, String(repeating: "r", count: 1001), { ($0 as? KeyRevocationInputError)?.field == "reason" }),
            ("", "compromised", { ($0 as? KeyRevocationInputError)?.field == "id" }),
            ("key_" + String(repeating: "0", count: 200), "compromised", { ($0 as? KeyRevocationInputError)?.field == "id" }),
            ("key_000000000000", "compromised", { ($0 as? StoreError)?.kind == .notFound }),
            ("rk_unknown", "compromised", { ($0 as? StoreError)?.kind == .notFound }),
            (gone.id, "again", { ($0 as? StoreError)?.kind == .conflict }),
        ]
        for refusal in refusals {
            await #expect {
                _ = try await harness.service.revokeKey(id: refusal.id, reason: refusal.reason, actor: "key_admin")
            } throws: { error in
                refusal.expected(error)
            }
        }
        #expect(try await harness.records(after: before).isEmpty)
        #expect(try await harness.service.authenticate(secret: secret) == key)
    }

    @Test("revoking the active signing key unpublishes it at once, audited, and a new key signs from then on", arguments: ServiceBackend.allCases)
    func revokingTheActiveSigningKeyReplacesIt(backend: ServiceBackend) async throws {
        let harness = try await Walkthrough.harness(backend)
        let permit = try await harness.service.authorize(Walkthrough.request(), actor: "key_screener", body: Data())
        let token = try #require(permit.token)
        let old = try #require(try await harness.service.releaseKeys().keyIDs.first)
        #expect(try await Walkthrough.verifier(harness).verify(token).id == permit.decisionID)
        let before = try await harness.head()

        let revoked = try await harness.service.revokeKey(id: old, reason: "HSM export suspected", actor: "key_admin")
        guard case .signingKey(let id, let replacement?) = revoked else {
            Issue.record("the active key was revoked without a replacement: \(revoked)")
            return
        }
        #expect(id == old && replacement != old)
        #expect(try await harness.service.releaseKeys().keyIDs == [replacement])
        #expect(try await ComplianceService.publishedReleaseKeys(store: harness.store).keyIDs == [replacement])
        await #expect(throws: (any Error).self, "a token the revoked key signed no longer verifies") {
            _ = try await Walkthrough.verifier(harness).verify(token)
        }
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["signing-key.revoke", "signing-key.create"])
        #expect(records.allSatisfy { $0.actor == "key_admin" })
        #expect(records.first?.inputDigest == digest("\(old) HSM export suspected"))

        let next = try await harness.service.authorize(Walkthrough.request(), actor: "key_screener", body: Data())
        #expect(try await Walkthrough.verifier(harness).verify(try #require(next.token)).id == next.decisionID, "the new key signs")
        #expect(try await harness.chainIsIntact())
    }

    @Test("rotation makes a new current key and keeps the old one published; revoking the retired one leaves the current key", arguments: ServiceBackend.allCases)
    func rotationAndRevocationOfARetiredKey(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let first = try #require(try await harness.service.releaseKeys().keyIDs.first)
        let before = try await harness.head()
        let second = try await harness.service.rotateReleaseKey(actor: "key_admin")
        #expect(second != first)
        #expect(try await harness.service.releaseKeys().keyIDs == [first, second], "the retired key stays published for a day")
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["signing-key.create"])
        #expect(records.first?.result == "\(second) now signs release tokens (rotation)")
        #expect(records.first?.actor == "key_admin")

        #expect(try await harness.service.revokeKey(id: first, reason: "retired early", actor: "key_admin") == .signingKey(id: first, replacedBy: nil))
        #expect(try await harness.service.releaseKeys().keyIDs == [second])
    }

    @Test("the command line revokes a key on the store directly, with the same effect and record", arguments: ServiceBackend.allCases)
    func storeLevelRevocation(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let (secret, key) = try await harness.service.createKey(role: .admin, actor: "cli:ops")
        let before = try await harness.head()
        let revoked = try await ComplianceService.revokeKey(
            id: key.id, reason: "offboarding", actor: "cli:ops", store: harness.store, keyEncryptionKey: Harness.kek)
        #expect(revoked == .apiKey(id: key.id))
        #expect(try await harness.store.key(secretHash: key.secretHash) == nil)
        #expect(try await harness.service.authenticate(secret: secret) == nil)
        #expect(try await harness.records(after: before).map(\.action) == ["key.revoke"])
    }
}
