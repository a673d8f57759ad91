import Crypto
import Foundation

/// A signed statement of the audit chain's head: "record `sequence` has hash `headHash`", signed at
/// `signedAt` with the audit key `keyID` (Ed25519).
///
/// Checkpoints anchor the end of the chain: deleting records after a checkpoint leaves it pointing past
/// the end, and a checkpoint cannot be forged to match a shortened chain without the signing key, which
/// is sealed under the key-encryption key. Exported as JSON (with the public key), one lets an auditor
/// hold the head outside the store.
public struct AuditCheckpoint: Sendable, Hashable, Codable {
    /// The sequence number of the record the checkpoint covers (0: the empty chain).
    public var sequence: Int64
    /// That record's hash (the genesis hash for the empty chain).
    public var headHash: String
    /// When it was signed, in milliseconds since 1970 (UTC).
    public var signedAt: Int64
    /// The audit key that signed it, e.g. `ak_3f9a…`.
    public var keyID: String
    /// The signing key's Ed25519 public key, base64 (32 bytes).
    public var publicKey: String
    /// The Ed25519 signature over `signedMessage`, base64.
    public var signature: String

    /// The format name written into exported checkpoints.
    public static let format = "clearance-audit-checkpoint-v1"

    /// A checkpoint as stored or read, signature included.
    public init(sequence: Int64, headHash: String, signedAt: Int64, keyID: String, publicKey: String, signature: String) {
        self.sequence = sequence
        self.headHash = headHash
        self.signedAt = signedAt
        self.keyID = keyID
        self.publicKey = publicKey
        self.signature = signature
    }

    /// Signs the head `(sequence, headHash)` at `signedAt` with `key`.
    public init(sequence: Int64, headHash: String, signedAt: Int64, key: AuditSigningKey) throws(AuditCheckpointError) {
        self.init(
            sequence: sequence, headHash: headHash, signedAt: signedAt, keyID: key.id,
            publicKey: key.publicKey.base64EncodedString(), signature: "")
        do {
            signature = try key.privateKey.signature(for: signedMessage).base64EncodedString()
        } catch {
            throw .cannotSign("signing checkpoint \(sequence) with \(key.id) failed: \(error)")
        }
    }

    /// What is signed: the format name, then sequence, head hash, time and key id as `name:byte-length:value` lines.
    public var signedMessage: Data {
        var text = Self.format + "\n"
        for (name, value) in [("sequence", String(sequence)), ("head_hash", headHash), ("signed_at", String(signedAt)), ("key_id", keyID)] {
            text += "\(name):\(value.utf8.count):\(value)\n"
        }
        return Data(text.utf8)
    }

    /// Whether `signature` is the signature of `signedMessage` by `publicKey` (the checkpoint's own when nil).
    public func hasValidSignature(publicKey other: String? = nil) -> Bool {
        guard let keyBytes = Data(base64Encoded: other ?? publicKey), let signatureBytes = Data(base64Encoded: signature),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes)
        else { return false }
        return key.isValidSignature(signatureBytes, for: signedMessage)
    }

    /// The checkpoint as JSON for an auditor to keep (sorted keys, with the format name and the time in UTC);
    /// throws rather than hand the auditor an empty file.
    public func exportJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(Exported(self))
    }

    /// Reads a checkpoint exported by `exportJSON`; `source` (e.g. the file name) is named in errors.
    public static func read(json: Data, source: String) throws(AuditCheckpointError) -> AuditCheckpoint {
        let exported: Exported
        do {
            exported = try JSONDecoder().decode(Exported.self, from: json)
        } catch {
            throw .unreadable("\(source) is not an exported audit checkpoint: \(error)")
        }
        guard exported.format == format else {
            throw .unreadable("\(source): format is \(exported.format), expected \(format)")
        }
        return exported.checkpoint
    }

    enum CodingKeys: String, CodingKey {
        case sequence, signature
        case headHash = "head_hash"
        case signedAt = "signed_at"
        case keyID = "key_id"
        case publicKey = "public_key"
    }

    /// The exported form: the checkpoint's fields plus its format name and a readable time.
    private struct Exported: Codable {
        var format: String
        var checkpoint: AuditCheckpoint
        var signedAtUTC: String

        init(_ checkpoint: AuditCheckpoint) {
            format = AuditCheckpoint.format
            self.checkpoint = checkpoint
            signedAtUTC = AuditCheckpoint.utc(checkpoint.signedAt)
        }

        enum CodingKeys: String, CodingKey {
            case format
            case signedAtUTC = "signed_at_utc"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            format = try container.decode(String.self, forKey: .format)
            signedAtUTC = try container.decodeIfPresent(String.self, forKey: .signedAtUTC) ?? ""
            checkpoint = try AuditCheckpoint(from: decoder)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(format, forKey: .format)
            try container.encode(signedAtUTC, forKey: .signedAtUTC)
            try checkpoint.encode(to: encoder)
        }
    }

    /// `milliseconds` since 1970 as an ISO 8601 UTC time, e.g. `2026-12-06T04:48:46Z`.
    public static func utc(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000))
    }
}

/// The Ed25519 key that signs audit checkpoints (separate from the release-token keys).
public struct AuditSigningKey: Sendable {
    /// The key id, `ak_` and the first 8 bytes of the public key in hex.
    public let id: String
    let privateKey: Curve25519.Signing.PrivateKey

    /// The 32-byte public key.
    public var publicKey: Data { privateKey.publicKey.rawRepresentation }
    /// The 32-byte private key (Ed25519 seed), to seal for storage.
    public var privateKeyBytes: Data { privateKey.rawRepresentation }

    /// A fresh random key.
    public static func generate() -> AuditSigningKey {
        let key = Curve25519.Signing.PrivateKey()
        return AuditSigningKey(id: "ak_" + key.publicKey.rawRepresentation.prefix(8).map { String(format: "%02x", $0) }.joined(), privateKey: key)
    }

    /// The key `id` from its 32 private bytes.
    public init(id: String, privateKeyBytes: Data) throws(AuditCheckpointError) {
        do {
            privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: privateKeyBytes)
        } catch {
            throw .cannotSign("audit key \(id) is not a 32-byte Ed25519 key")
        }
        self.id = id
    }

    private init(id: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.id = id
        self.privateKey = privateKey
    }
}

/// Why a checkpoint cannot be made or read.
public enum AuditCheckpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key cannot sign.
    case cannotSign(String)
    /// An exported checkpoint cannot be read.
    case unreadable(String)

    public var description: String {
        switch self {
        case .cannotSign(let problem), .unreadable(let problem): problem
        }
    }
}
