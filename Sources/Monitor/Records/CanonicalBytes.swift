/// The explicit byte layout every signed monitoring record is encoded in before it is signed or verified.
///
/// Each encoding starts with the domain tag `clearance-monitor` (length-prefixed), the layout version and a
/// kind byte, so a signature over one kind of record can never be taken for another. Text is UTF-8 with a
/// 4-byte big-endian length before it; byte strings likewise; integers are 8-byte big-endian two's
/// complement; round-trip times are the 8 big-endian bytes of their IEEE 754 binary64 value. No JSON is
/// re-serialised: the same values always give the same bytes, on every platform.
public struct CanonicalBytes: Sendable, Hashable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// The domain tag at the head of every encoding.
    public static let domain = "clearance-monitor"
    /// The layout version this build writes and verifies.
    public static let version: UInt8 = 1

    /// The kinds of record, each with its own byte after the version.
    public enum Kind: UInt8, Sendable {
        /// A landmark's challenge to a device (what the device signs).
        case challenge = 1
        /// A landmark's measurement record (what the landmark signs).
        case measurement = 2
    }

    /// An encoding of `kind`, its header written.
    public init(_ kind: Kind) {
        append(text: Self.domain)
        bytes.append(Self.version)
        bytes.append(kind.rawValue)
    }

    /// Appends text: its UTF-8 length (4 bytes, big-endian), then its UTF-8 bytes.
    public mutating func append(text: String) {
        append(bytes: Array(text.utf8))
    }

    /// Appends a byte string: its length (4 bytes, big-endian), then the bytes.
    public mutating func append(bytes value: [UInt8]) {
        let count = UInt32(truncatingIfNeeded: value.count)
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: count >> UInt32(shift))) }
        bytes.append(contentsOf: value)
    }

    /// Appends a signed integer as 8 big-endian bytes.
    public mutating func append(integer value: Int64) {
        append(word: UInt64(bitPattern: value))
    }

    /// Appends a binary64 number as the 8 big-endian bytes of its bit pattern.
    public mutating func append(number value: Double) {
        append(word: value.bitPattern)
    }

    private mutating func append(word: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }
}
