import Crypto
import Foundation

/// One deciding action, as the audit log keeps it: who did what, when, on which data, with what result.
///
/// Records form a hash chain: each carries the hash of the one before, and its own hash is SHA-256
/// over a canonical encoding of every field, so changing, removing or inserting a record breaks the
/// chain at that record (`AuditChain.verify`).
public struct AuditRecord: Sendable, Hashable, Codable {
    /// The position in the chain, from 1, without gaps.
    public var sequence: Int64
    /// When the action happened, in milliseconds since 1970 (UTC).
    public var timestamp: Int64
    /// Who acted: an API key id, or `cli:<user>` for the command line.
    public var actor: String
    /// What was done, e.g. `screen`, `determine`, `parties.import`, `case.decide`, `key.create`.
    public var action: String
    /// SHA-256 (hex) of the action's input, so the input can be proven without storing it.
    public var inputDigest: String
    /// A short summary of the result, e.g. `3 matches; top ofac-sdn:306 0.98`.
    public var result: String
    /// The list and data versions the action used, e.g. `ofac-sdn 2023-12-28; EAR tables …`.
    public var versions: String
    /// The previous record's hash (64 zeros for the first record).
    public var previousHash: String
    /// SHA-256 (hex) over the canonical encoding of all the fields above.
    public var hash: String

    /// The hash of the first record's missing predecessor.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Creates the next record of a chain whose last hash is `previousHash`, computing its hash.
    public init(
        sequence: Int64, timestamp: Int64, actor: String, action: String, inputDigest: String, result: String,
        versions: String, previousHash: String
    ) {
        self.sequence = sequence
        self.timestamp = timestamp
        self.actor = actor
        self.action = action
        self.inputDigest = inputDigest
        self.result = result
        self.versions = versions
        self.previousHash = previousHash
        self.hash = ""
        self.hash = computedHash
    }

    /// A record as stored, hash included (for reading back and verifying).
    public init(
        sequence: Int64, timestamp: Int64, actor: String, action: String, inputDigest: String, result: String,
        versions: String, previousHash: String, hash: String
    ) {
        self.init(
            sequence: sequence, timestamp: timestamp, actor: actor, action: action, inputDigest: inputDigest,
            result: result, versions: versions, previousHash: previousHash)
        self.hash = hash
    }

    /// The canonical encoding: a version line, then every field as `name:byte-length:value` lines, in a fixed order.
    ///
    /// Length prefixes make the encoding unambiguous whatever the fields contain.
    public var canonicalEncoding: Data {
        var text = "clearance-audit-v1\n"
        for (name, value) in [
            ("sequence", String(sequence)), ("timestamp", String(timestamp)), ("actor", actor), ("action", action),
            ("input_digest", inputDigest), ("result", result), ("versions", versions), ("previous_hash", previousHash),
        ] {
            text += "\(name):\(value.utf8.count):\(value)\n"
        }
        return Data(text.utf8)
    }

    /// SHA-256 over `canonicalEncoding`, as lowercase hex.
    public var computedHash: String {
        Self.hex(SHA256.hash(data: canonicalEncoding))
    }

    /// SHA-256 of `data` as lowercase hex: how inputs are digested.
    public static func digest(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// `digest` as lowercase hex (every request hashes three times: a per-byte `String(format:)` showed in profiles).
    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: SHA256.Digest.byteCount * 2) { buffer in
            var written = 0
            for byte in digest {
                buffer[written] = digits[Int(byte >> 4)]
                buffer[written + 1] = digits[Int(byte & 0x0f)]
                written += 2
            }
            return written
        }
    }

    enum CodingKeys: String, CodingKey {
        case sequence, timestamp, actor, action, result, versions, hash
        case inputDigest = "input_digest"
        case previousHash = "previous_hash"
    }
}

/// What an action hands the store to append: the record's fields before the chain places it.
public struct AuditDraft: Sendable, Hashable {
    public var actor: String
    public var action: String
    public var inputDigest: String
    public var result: String
    public var versions: String

    public init(actor: String, action: String, inputDigest: String, result: String, versions: String) {
        self.actor = actor
        self.action = action
        self.inputDigest = inputDigest
        self.result = result
        self.versions = versions
    }

    /// A draft whose input digest is SHA-256 of `input`.
    public init(actor: String, action: String, input: Data, result: String, versions: String) {
        self.init(actor: actor, action: action, inputDigest: AuditRecord.digest(input), result: result, versions: versions)
    }

    /// The record that follows `previous` (nil: the first record), stamped `timestamp`.
    ///
    /// The fields are escaped here, once (`AuditText`), so any text stores and reads back exactly on
    /// both backends; the hash covers the escaped form, which is what is stored.
    public func record(after previous: (sequence: Int64, hash: String)?, timestamp: Int64) -> AuditRecord {
        AuditRecord(
            sequence: (previous?.sequence ?? 0) + 1, timestamp: timestamp, actor: AuditText.encode(actor),
            action: AuditText.encode(action), inputDigest: AuditText.encode(inputDigest), result: AuditText.encode(result),
            versions: AuditText.encode(versions), previousHash: previous?.hash ?? AuditRecord.genesisHash)
    }
}
