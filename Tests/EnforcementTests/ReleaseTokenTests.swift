import Foundation
import JWTKit
import ReleaseTokens
import Testing

/// Release tokens verify only when Clearance signed them with a published Ed25519 key, for this
/// audience, unexpired; every attack named in the issue is refused with its reason.
@Suite struct ReleaseTokenTests {
    static let key = SigningKey.generate()

    static func claims(
        audience: [String] = ["clearance-gate"], expiresIn seconds: TimeInterval = 600, issuer: String = "clearance",
        artifact: String? = "turbine-cooling-data"
    ) -> ReleaseClaims {
        let now = Date()
        return ReleaseClaims(
            id: "az_0123", issuer: issuer, subject: "C-1001", audience: audience, artifact: artifact, item: "9E003.a", destination: "CN",
            license: "D7654321", issuedAt: now.addingTimeInterval(-5), expiresAt: now.addingTimeInterval(seconds))
    }

    static func verifier(_ keys: [SigningKey] = [key], audience: String = "clearance-gate") async throws -> ReleaseTokenVerifier {
        try await ReleaseTokenVerifier(keySet: try ReleaseKeySet(signingKeys: keys), audience: audience)
    }

    static func sign(_ claims: ReleaseClaims, with key: SigningKey = key) async throws -> String {
        try await ReleaseTokenSigner(key: key).sign(claims)
    }

    static func refusal(_ token: String, verifier: ReleaseTokenVerifier? = nil) async throws -> TokenError? {
        let verifier = if let verifier { verifier } else { try await Self.verifier() }
        do {
            _ = try await verifier.verify(token)
            return nil
        } catch {
            return error
        }
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test func aTokenSignedByThePublishedKeyVerifiesAndCarriesItsBindings() async throws {
        let token = try await Self.sign(Self.claims())
        let claims = try await Self.verifier().verify(token)
        #expect(claims.id == "az_0123" && claims.subject == "C-1001" && claims.artifact == "turbine-cooling-data")
        #expect(claims.item == "9E003.a" && claims.destination == "CN" && claims.license == "D7654321")
        let header = try #require(token.split(separator: ".").first)
        let decoded = String(decoding: Data(base64Encoded: String(header) + "==") ?? Data(), as: UTF8.self)
        #expect(decoded.contains(#""alg":"EdDSA""#) && decoded.contains(Self.key.id))
    }

    @Test func aTokenSignedByAnotherKeyUnderThePublishedKeyIDIsRefusedAsForged() async throws {
        let impostor = SigningKey(id: Self.key.id, privateKey: SigningKey.generate().privateKey)
        #expect(try await Self.refusal(try await Self.sign(Self.claims(), with: impostor)) == .badSignature)
    }

    @Test func aTokenWhosePayloadWasEditedIsRefused() async throws {
        let parts = try await Self.sign(Self.claims()).split(separator: ".").map(String.init)
        let edited = Self.base64URL(
            String(decoding: Data(base64Encoded: parts[1] + String(repeating: "=", count: (4 - parts[1].count % 4) % 4)) ?? Data(), as: UTF8.self)
                .replacingOccurrences(of: "turbine-cooling-data", with: "other-artefact"))
        #expect(try await Self.refusal([parts[0], edited, parts[2]].joined(separator: ".")) == .badSignature)
    }

    @Test func anExpiredTokenIsRefusedWithItsExpiry() async throws {
        let refusal = try await Self.refusal(try await Self.sign(Self.claims(expiresIn: -30)))
        guard case .expired = refusal else {
            Issue.record("expected expired, got \(String(describing: refusal))")
            return
        }
    }

    @Test func aTokenForAnotherAudienceOrIssuerIsRefused() async throws {
        #expect(
            try await Self.refusal(try await Self.sign(Self.claims(audience: ["partner-gate"])))
                == .wrongAudience(found: ["partner-gate"], expected: "clearance-gate"))
        #expect(
            try await Self.refusal(try await Self.sign(Self.claims(issuer: "someone-else")))
                == .wrongIssuer(found: "someone-else", expected: "clearance"))
    }

    @Test func anHMACTokenKeyedWithThePublicKeyIsRefusedAsAlgorithmConfusion() async throws {
        let publicX = try #require(try Self.key.publicJWK().x)
        let attacker = JWTKeyCollection()
        await attacker.add(hmac: HMACKey(from: publicX), digestAlgorithm: .sha256, kid: JWKIdentifier(string: Self.key.id))
        let token = try await attacker.sign(Self.claims(), kid: JWKIdentifier(string: Self.key.id))
        #expect(try await Self.refusal(token) == .unsupportedAlgorithm("HS256"))
    }

    @Test func anUnsignedAlgNoneTokenIsRefused() async throws {
        let header = Self.base64URL(#"{"alg":"none","kid":"\#(Self.key.id)","typ":"JWT"}"#)
        let payload = try await Self.sign(Self.claims()).split(separator: ".")[1]
        #expect(try await Self.refusal("\(header).\(payload).") == .unsupportedAlgorithm("none"))
    }

    @Test func aTokenNamingAnUnpublishedKeyOrMalformedIsRefused() async throws {
        let other = SigningKey.generate()
        #expect(try await Self.refusal(try await Self.sign(Self.claims(), with: other)) == .unknownKey(other.id))
        for garbage in ["", "abc", "a.b", "a.b.c.d", "!!!.e30.sig"] {
            let refusal = try await Self.refusal(garbage)
            guard case .malformed = refusal else {
                Issue.record("\(garbage): expected malformed, got \(String(describing: refusal))")
                continue
            }
        }
    }

    @Test func afterRotationTokensOfTheOldKeyVerifyUntilItIsNoLongerPublished() async throws {
        let new = SigningKey.generate()
        let old = try await Self.sign(Self.claims())
        let both = try await Self.verifier([Self.key, new])
        #expect(try await both.verify(old).id == "az_0123")
        #expect(try await both.verify(try await Self.sign(Self.claims(), with: new)).id == "az_0123")
        #expect(try await Self.refusal(old, verifier: try await Self.verifier([new])) == .unknownKey(Self.key.id))
    }

    @Test func aKeySetWithAnythingButEd25519PublicKeysIsRejected() throws {
        let bad = [
            #"{"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"h"}]}"#,
            #"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"0hmb2wHEWunwkEfIpkTbOD-eXJzBneeIr35T01gW5H0"}]}"#,
            #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k","x":"0hmb2wHEWunwkEfIpkTbOD-eXJzBneeIr35T01gW5H0","d":"c2VjcmV0"}]}"#,
            #"{"nokeys":true}"#,
        ]
        for json in bad {
            #expect(throws: TokenError.self, "\(json)") { try ReleaseKeySet(json: Data(json.utf8)) }
        }
        let good = try ReleaseKeySet(signingKeys: [Self.key])
        #expect(try ReleaseKeySet(json: good.json()).keyIDs == [Self.key.id])
    }

    @Test func revocationsAreFoundByDecisionAndMoveTheCursor() {
        let list = RevocationList()
        #expect(list.reason(for: "az_1") == nil && list.cursor == 0)
        list.add([Revocation(sequence: 3, decisionID: "az_1", reason: "party listed"), Revocation(sequence: 7, decisionID: "az_2", reason: "licence revoked")])
        #expect(list.reason(for: "az_1") == "party listed")
        #expect(list.cursor == 7 && list.count == 2)
    }
}
