import Foundation
import JWTKit

/// Verifies release tokens offline against a published key set, for one audience.
///
/// Only keys of the set verify, each with EdDSA; nothing in the token chooses how it is checked. Signature, expiry, issuer and audience are checked here; the artefact and revocation are
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
    ///
    /// The key named by `kid` decides the algorithm (always EdDSA): a header naming another one cannot
    /// change how the signature is checked. The header is read only to say why a token failed.
    public func verify(_ token: String) async throws(TokenError) -> ReleaseClaims {
        let claims: ReleaseClaims
        do {
            claims = try await keys.verify(token, as: ReleaseClaims.self)
        } catch {
            throw Self.reason(for: token, error: error, keyIDs: keyIDs)
        }
        guard claims.issuer == issuer else { throw TokenError.wrongIssuer(found: claims.issuer, expected: issuer) }
        guard claims.audience.contains(audience) else { throw TokenError.wrongAudience(found: claims.audience, expected: audience) }
        return claims
    }

    /// Why JWTKit refused `token`, in the terms of `TokenError`.
    private static func reason(for token: String, error: any Error, keyIDs: Set<String>) -> TokenError {
        let header: Header
        do {
            header = try Self.header(token)
        } catch {
            return error
        }
        guard header.alg == "EdDSA" else { return .unsupportedAlgorithm(header.alg ?? "(none)") }
        guard let kid = header.kid else { return .malformed("the header names no key (kid)") }
        guard keyIDs.contains(kid) else { return .unknownKey(kid) }
        guard let error = error as? JWTError else { return .malformed("the payload is not a release token: \(error)") }
        switch error.errorType {
        case .signatureVerificationFailed: return .badSignature
        case .claimVerificationFailure:
            if let expiry = error.failedClaim as? ExpirationClaim { return .expired(expiry.value) }
            return .malformed(error.reason ?? "a claim failed verification")
        default: return .malformed(error.reason ?? "\(error.errorType)")
        }
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
