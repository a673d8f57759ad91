import Crypto
import Foundation
import JWTKit

/// An Ed25519 key that signs release tokens, with the id (`kid`) tokens name it by.
public struct SigningKey: Sendable, Hashable {
    /// The key id, e.g. `rk_3f9a…`.
    public var id: String
    /// The 32-byte private key (Ed25519 seed).
    public var privateKey: Data

    public init(id: String, privateKey: Data) {
        self.id = id
        self.privateKey = privateKey
    }

    /// A fresh key with a random id.
    public static func generate() -> SigningKey {
        let key = Curve25519.Signing.PrivateKey()
        let id = "rk_" + key.publicKey.rawRepresentation.prefix(8).map { String(format: "%02x", $0) }.joined()
        return SigningKey(id: id, privateKey: key.rawRepresentation)
    }

    /// The public half as a JWK (`kty` OKP, `crv` Ed25519), for the key set gates verify with.
    public func publicJWK() throws(TokenError) -> JWK {
        let key = try signingKey()
        return .octetKeyPair(
            .eddsa, identifier: JWKIdentifier(string: id), x: Base64URL.encode(key.publicKey.rawRepresentation), y: nil,
            curve: .ed25519)
    }

    /// The 32-byte Ed25519 public key.
    public func publicKey() throws(TokenError) -> Data {
        try signingKey().publicKey.rawRepresentation
    }

    func signingKey() throws(TokenError) -> Curve25519.Signing.PrivateKey {
        do {
            return try Curve25519.Signing.PrivateKey(rawRepresentation: privateKey)
        } catch {
            throw TokenError.badKey("signing key \(id) is not a 32-byte Ed25519 key")
        }
    }
}

/// Base64url without padding (RFC 4648 §5), as JOSE uses it.
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
