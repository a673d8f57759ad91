import JWTKit

/// Signs release tokens (compact JWS, EdDSA) with one key; the header names the key by `kid`.
public struct ReleaseTokenSigner: Sendable {
    /// The key's id, which verifiers look up in the published key set.
    public let keyID: String
    private let keys: JWTKeyCollection

    public init(key: SigningKey) async throws(TokenError) {
        let collection = JWTKeyCollection()
        await collection.add(eddsa: EdDSA.PrivateKey(backing: try key.signingKey()), kid: JWKIdentifier(string: key.id))
        self.keyID = key.id
        self.keys = collection
    }

    /// The signed token for `claims`.
    public func sign(_ claims: ReleaseClaims) async throws(TokenError) -> String {
        do {
            var header = JWTHeader()
            header.typ = "JWT"
            return try await keys.sign(claims, kid: JWKIdentifier(string: keyID), header: header)
        } catch {
            throw TokenError.badKey("signing with \(keyID) failed: \(error)")
        }
    }
}
