import Crypto
import Foundation

/// An Ed25519 public key as a device or landmark is registered with: the raw 32 bytes, base64 in the API.
public struct AttestationKey: Sendable, Hashable, CustomStringConvertible {
    /// The raw 32 bytes of the key.
    public let raw: [UInt8]
    let key: Curve25519.Signing.PublicKey

    /// The length of a raw Ed25519 public key.
    public static let rawLength = 32

    /// The key of these raw bytes; nil unless they are exactly 32 bytes.
    public init?(raw: [UInt8]) {
        guard raw.count == Self.rawLength, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return nil }
        self.raw = raw
        self.key = key
    }

    /// The key whose raw bytes `text` holds in base64 (standard alphabet, padded), or why it is not one:
    /// not base64, or not the 32 bytes of an Ed25519 key (a PEM, DER or other curve's key is refused).
    public static func parse(base64 text: String) -> Result<AttestationKey, AttestationKeyProblem> {
        guard let data = Data(base64Encoded: text), !text.isEmpty else { return .failure(.notBase64) }
        guard let key = AttestationKey(raw: Array(data)) else { return .failure(.notEd25519(byteCount: data.count)) }
        return .success(key)
    }

    /// The raw bytes in base64.
    public var base64: String { Data(raw).base64EncodedString() }

    public var description: String { base64 }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        signature.count == SignedRecordLimits.signatureLength && key.isValidSignature(signature, for: message)
    }

    public static func == (lhs: AttestationKey, rhs: AttestationKey) -> Bool { lhs.raw == rhs.raw }
    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}

/// Why text is not an attestation key.
public enum AttestationKeyProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not base64.
    case notBase64
    /// The bytes are not a raw Ed25519 public key (32 bytes).
    case notEd25519(byteCount: Int)

    public var description: String {
        switch self {
        case .notBase64: "is not base64 (the raw 32-byte Ed25519 public key, base64-encoded)"
        case .notEd25519(let count):
            "is \(count) bytes, not a raw Ed25519 public key (exactly \(AttestationKey.rawLength) bytes; PEM, DER and other curves are refused)"
        }
    }
}

/// The sizes a signed record's fields must have.
public enum SignedRecordLimits {
    /// A challenge nonce: 32 random bytes.
    public static let nonceLength = 32
    /// An Ed25519 signature: 64 bytes.
    public static let signatureLength = 64
    /// The most probes one record may carry.
    public static let maximumProbes = 64
    /// The longest device or landmark id (UTF-8 bytes).
    public static let maximumIDLength = 128
}
