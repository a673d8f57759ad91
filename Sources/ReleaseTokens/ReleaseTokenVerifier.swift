import Foundation
import JWTKit

/// Verifies release tokens offline against a published key set, for one audience.
///
/// The header must say `EdDSA` and name a key in the set; nothing in the token chooses how it is
/// checked. Signature, expiry, issuer and audience are checked here; the artefact and revocation are
/// the gate's to check, since only it knows what is being asked for and what was revoked.
public struct ReleaseTokenVerifier: Sendable {
    /// The name tokens must carry in `aud`, e.g. `clearance-gate`.
    public let audience: String
    /// The issuer tokens must carry in `iss`.
    public let issuer: String
    /// The key ids accepted.
    public let keyIDs: Set<String>
    private let keys: JWTKeyCollection

    public init(keySet: ReleaseKeySet, audience: String, issuer: String = ReleaseTokenVerifier.defaultIssuer) async throws(TokenError) {
        let collection = JWTKeyCollection()
        for key in keySet.jwks.keys {
            guard let id = key.keyIdentifier, let x = key.x else { continue }
            do {
                await collection.add(eddsa: try EdDSA.PublicKey(x: x, curve: .ed25519), kid: id)
            } catch {
                throw TokenError.badKey("key \(id.string) of the key set is not a valid Ed25519 public key")
            }
        }
        self.audience = audience
        self.issuer = issuer
        self.keyIDs = Set(keySet.keyIDs)
        self.keys = collection
    }

    /// The issuer Clearance writes into every token.
    public static let defaultIssuer = "clearance"

    /// The claims of a valid token, or why it is refused.
    public func verify(_ token: String) async throws(TokenError) -> ReleaseClaims {
        let header = try Self.header(token)
        guard header.alg == "EdDSA" else { throw TokenError.unsupportedAlgorithm(header.alg ?? "(none)") }
        guard let kid = header.kid else { throw TokenError.malformed("the header names no key (kid)") }
        guard keyIDs.contains(kid) else { throw TokenError.unknownKey(kid) }
        let claims: ReleaseClaims
        do {
            claims = try await keys.verify(token, as: ReleaseClaims.self)
        } catch let error as JWTError {
            switch error.errorType {
            case .signatureVerificationFailed: throw TokenError.badSignature
            case .claimVerificationFailure:
                if let expiry = error.failedClaim as? ExpirationClaim { throw TokenError.expired(expiry.value) }
                throw TokenError.malformed(error.reason ?? "a claim failed verification")
            default: throw TokenError.malformed(error.reason ?? "\(error.errorType)")
            }
        } catch {
            throw TokenError.malformed("the payload is not a release token: \(error)")
        }
        guard claims.issuer == issuer else { throw TokenError.wrongIssuer(found: claims.issuer, expected: issuer) }
        guard claims.audience.contains(audience) else { throw TokenError.wrongAudience(found: claims.audience, expected: audience) }
        return claims
    }

    private struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    private static func header(_ token: String) throws(TokenError) -> Header {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw TokenError.malformed("expected three dot-separated parts, found \(parts.count)") }
        guard let data = Base64URL.decode(parts[0]) else { throw TokenError.malformed("the header is not base64url") }
        do {
            return try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw TokenError.malformed("the header is not a JSON object")
        }
    }
}
