import Foundation
import JWTKit

/// The public keys release tokens may be signed with (a JWKS), as published at `GET /v1/keys`.
///
/// Only Ed25519 keys with an id are accepted: a key set that could hold an RSA or HMAC key would let a
/// token choose its own algorithm.
public struct ReleaseKeySet: Sendable {
    public let jwks: JWKS

    /// Checks that every key is an Ed25519 public key with an id.
    public init(jwks: JWKS) throws(TokenError) {
        for (position, key) in jwks.keys.enumerated() {
            guard key.keyType == .octetKeyPair, key.curve == .eddsa(.ed25519), key.x != nil else {
                throw TokenError.badKey("key \(position + 1) of the key set is not an Ed25519 public key (kty OKP, crv Ed25519, x)")
            }
            guard key.keyIdentifier != nil else { throw TokenError.badKey("key \(position + 1) of the key set has no kid") }
            guard key.privateExponent == nil else {
                throw TokenError.badKey("key \(position + 1) of the key set carries a private key (d); publish public keys only")
            }
        }
        self.jwks = jwks
    }

    /// Reads a JWKS document.
    public init(json: Data) throws(TokenError) {
        let decoded: JWKS
        do {
            decoded = try JSONDecoder().decode(JWKS.self, from: json)
        } catch {
            throw TokenError.badKey("the key set is not a JWKS document ({\"keys\": [...]}): \(error)")
        }
        try self.init(jwks: decoded)
    }

    /// The public keys of `signingKeys`.
    public init(signingKeys: [SigningKey]) throws(TokenError) {
        var keys: [JWK] = []
        for key in signingKeys { keys.append(try key.publicJWK()) }
        try self.init(jwks: JWKS(keys: keys))
    }

    /// The key set of Ed25519 public keys (32 bytes each) with their ids, e.g. as stored beside sealed private keys.
    public init(publicKeys: [(id: String, key: Data)]) throws(TokenError) {
        var keys: [JWK] = []
        for (id, key) in publicKeys {
            guard key.count == 32 else { throw TokenError.badKey("the public key of \(id) is \(key.count) bytes, not a 32-byte Ed25519 key") }
            keys.append(.octetKeyPair(.eddsa, identifier: JWKIdentifier(string: id), x: Base64URL.encode(key), y: nil, curve: .ed25519))
        }
        try self.init(jwks: JWKS(keys: keys))
    }

    /// The key ids, in order.
    public var keyIDs: [String] { jwks.keys.compactMap { $0.keyIdentifier?.string } }

    /// The key set as JSON (keys in order, fields sorted).
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(jwks)) ?? Data("{\"keys\":[]}".utf8)
    }
}
