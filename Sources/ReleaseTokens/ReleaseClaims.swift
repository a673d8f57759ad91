import Foundation
import JWTKit

/// What a release token says: which decision released what, to whom, where, until when.
///
/// The gate compares `artifact` with the file asked for and `audience` with its own name; `id` (the
/// JWT `jti`) is the decision id, which revocation names.
public struct ReleaseClaims: JWTPayload, Sendable, Hashable {
    /// The authorisation decision (`az_…`).
    public var id: String
    /// Who issued it (`clearance`).
    public var issuer: String
    /// The party (a stored party id, or `person:NAME` for a deemed export).
    public var subject: String
    /// The gates that may honour it.
    public var audience: [String]
    /// The registered artefact released, if the decision was for one.
    public var artifact: String?
    /// The item's classification, e.g. `3E001`.
    public var item: String
    /// The destination (ISO 3166 alpha-2).
    public var destination: String
    /// The licence the release draws on, if any.
    public var license: String?
    public var issuedAt: Date
    public var expiresAt: Date

    public init(
        id: String, issuer: String, subject: String, audience: [String], artifact: String?, item: String, destination: String,
        license: String?, issuedAt: Date, expiresAt: Date
    ) {
        self.id = id
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.artifact = artifact
        self.item = item
        self.destination = destination
        self.license = license
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case id = "jti", issuer = "iss", subject = "sub", audience = "aud", artifact = "art", item, destination = "dest"
        case license = "lic", issuedAt = "iat", expiresAt = "exp"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        issuer = try container.decode(String.self, forKey: .issuer)
        subject = try container.decode(String.self, forKey: .subject)
        audience = try container.decode(AudienceClaim.self, forKey: .audience).value
        artifact = try container.decodeIfPresent(String.self, forKey: .artifact)
        item = try container.decode(String.self, forKey: .item)
        destination = try container.decode(String.self, forKey: .destination)
        license = try container.decodeIfPresent(String.self, forKey: .license)
        issuedAt = try container.decode(IssuedAtClaim.self, forKey: .issuedAt).value
        expiresAt = try container.decode(ExpirationClaim.self, forKey: .expiresAt).value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(issuer, forKey: .issuer)
        try container.encode(subject, forKey: .subject)
        try container.encode(AudienceClaim(value: audience), forKey: .audience)
        try container.encodeIfPresent(artifact, forKey: .artifact)
        try container.encode(item, forKey: .item)
        try container.encode(destination, forKey: .destination)
        try container.encodeIfPresent(license, forKey: .license)
        try container.encode(IssuedAtClaim(value: issuedAt), forKey: .issuedAt)
        try container.encode(ExpirationClaim(value: expiresAt), forKey: .expiresAt)
    }

    /// The claims of a token without checking anything: only to name the decision when recording why
    /// a token was refused. Never authorise on it.
    public static func unverified(_ token: String) -> ReleaseClaims? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Base64URL.decode(parts[1]) else { return nil }
        return try? JSONDecoder().decode(ReleaseClaims.self, from: data)
    }

    /// Called by JWTKit after the signature checks out: refuses a token past its expiry.
    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try ExpirationClaim(value: expiresAt).verifyNotExpired()
    }
}
