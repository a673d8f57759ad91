/// The rules every piece of text read from outside (a JSON field, a CSV cell, a command-line argument) must meet
/// before it is used or stored: valid UTF-8, no control characters, and a length cap.
///
/// Refused everywhere: U+0000–U+001F except tab (U+0009), and U+007F. Line breaks (U+000A, U+000D) are
/// refused too, except in free text (a reason, a comment, a description), where a caller allows them.
/// Lengths are counted in Unicode scalars, as JSON Schema's `maxLength` counts them.
public enum InputText {
    /// The most characters a name may hold: a party's, a person's, a screening query's.
    public static let nameLimit = 1_000
    /// The most characters any other one-line field may hold (a country, a date, a fact, an ECCN, a file path).
    public static let lineLimit = 4_096
    /// The most characters a free-text field may hold (a reason, a comment, a description, a condition).
    public static let freeTextLimit = 20_000

    /// What is wrong with a piece of text.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The bytes are not valid UTF-8.
        case notUTF8
        /// It holds a control character (the scalar, e.g. U+0000).
        case controlCharacter(Unicode.Scalar)
        /// It is longer than `limit` characters.
        case tooLong(limit: Int)

        public var description: String {
            switch self {
            case .notUTF8: "is not valid UTF-8"
            case .controlCharacter(let scalar): "holds the control character \(InputText.name(scalar)), which is not accepted"
            case .tooLong(let limit): "is longer than \(limit) characters"
            }
        }
    }

    /// `U+0000`, the way a message names a scalar.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Whether a byte of UTF-8 text is a control character that is never accepted (line breaks aside).
    ///
    /// In UTF-8 every byte below 0x80 is the character itself, so this is exact on raw bytes.
    @inline(__always)
    public static func isRefusedControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F
    }

    /// Whether a byte is a line break (LF or CR).
    @inline(__always)
    public static func isLineBreak(_ byte: UInt8) -> Bool {
        byte == 0x0A || byte == 0x0D
    }

    /// The first problem of `text`, or nil: a control character (line breaks only if `multiline` is false),
    /// or more than `limit` characters.
    public static func problem(in text: String, multiline: Bool = false, limit: Int) -> Problem? {
        if text.utf8.count > limit * 4 { return .tooLong(limit: limit) }  // a scalar is at most 4 bytes: no need to read it all
        for byte in text.utf8 where isRefusedControl(byte) || (!multiline && isLineBreak(byte)) {
            return .controlCharacter(Unicode.Scalar(byte))
        }
        if text.utf8.count > limit, text.unicodeScalars.count > limit { return .tooLong(limit: limit) }
        return nil
    }

    /// The first problem of raw bytes meant as UTF-8 text, or nil: invalid UTF-8 or a control character
    /// (line breaks only if `multiline` is false).
    public static func problem(inUTF8 bytes: UnsafeBufferPointer<UInt8>, multiline: Bool) -> Problem? {
        var ascii = true
        for byte in bytes {
            if byte >= 0x80 {
                ascii = false
            } else if isRefusedControl(byte) || (!multiline && isLineBreak(byte)) {
                return .controlCharacter(Unicode.Scalar(byte))
            }
        }
        if !ascii, String(validating: bytes, as: UTF8.self) == nil { return .notUTF8 }
        return nil
    }
}
