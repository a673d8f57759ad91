import Foundation

/// Why a release token was refused or could not be made; each case says what to do about it.
public enum TokenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not three base64url parts with a JSON header and payload.
    case malformed(String)
    /// The header names an algorithm other than EdDSA (e.g. `none`, `HS256`).
    case unsupportedAlgorithm(String)
    /// No key in the set has the header's `kid` (the key was never published, or was retired long ago).
    case unknownKey(String)
    /// The signature does not verify with the named key: the token was altered or forged.
    case badSignature
    /// The token's expiry has passed.
    case expired(Date)
    /// The token was issued for other gates.
    case wrongAudience(found: [String], expected: String)
    /// The token was issued by someone else.
    case wrongIssuer(found: String, expected: String)
    /// The token releases a different artefact.
    case wrongArtifact(found: String?, expected: String)
    /// The decision behind the token was revoked.
    case revoked(String)
    /// A key or key set cannot be used.
    case badKey(String)

    public var description: String {
        switch self {
        case .malformed(let problem): "malformed token: \(problem)"
        case .unsupportedAlgorithm(let alg): "algorithm \(alg) is not accepted; release tokens are signed with EdDSA (Ed25519)"
        case .unknownKey(let kid): "no published key has id \(kid); fetch the current key set (GET /v1/keys)"
        case .badSignature: "the signature does not verify: the token was altered or not signed by Clearance"
        case .expired(let date): "the token expired at \(ISO8601DateFormatter().string(from: date)); ask for a new authorisation"
        case .wrongAudience(let found, let expected): "the token is for \(found.joined(separator: ", ")), not \(expected)"
        case .wrongIssuer(let found, let expected): "the token was issued by \(found), not \(expected)"
        case .wrongArtifact(let found, let expected): "the token releases \(found ?? "no artefact"), not \(expected)"
        case .revoked(let reason): "the authorisation was revoked: \(reason)"
        case .badKey(let problem): problem
        }
    }

    /// A short machine-readable code, e.g. `expired`.
    public var code: String {
        switch self {
        case .malformed: "malformed"
        case .unsupportedAlgorithm: "unsupported_algorithm"
        case .unknownKey: "unknown_key"
        case .badSignature: "bad_signature"
        case .expired: "expired"
        case .wrongAudience: "wrong_audience"
        case .wrongIssuer: "wrong_issuer"
        case .wrongArtifact: "wrong_artifact"
        case .revoked: "revoked"
        case .badKey: "bad_key"
        }
    }
}
