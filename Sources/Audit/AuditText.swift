/// The escaping that lets any Swift `String` live in an audit field on either store.
///
/// SQLite cuts text at a NUL and PostgreSQL refuses it, so a field holding one would not read back
/// as written and its record would no longer hash to its stored hash. A draft's fields are therefore
/// escaped once, when the draft becomes a record (`AuditDraft.record(after:timestamp:)`): the
/// backslash becomes `\\`, and every C0 control character and DEL becomes `\xHH` (two uppercase hex
/// digits). Everything else, including any other Unicode scalar, is kept as it is.
///
/// The record's hash covers the escaped (stored) form, so what is stored is exactly what was hashed,
/// and records written before escaping existed verify unchanged. `decode` gives back the original
/// text; a backslash not followed by `\` or `xHH` (possible only in records written before escaping)
/// is kept as it is.
public enum AuditText {
    /// `text` with the backslash and every C0 control character and DEL escaped.
    public static func encode(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var encoded = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\\" {
                encoded.append(contentsOf: "\\\\".unicodeScalars)
            } else if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                encoded.append(contentsOf: ("\\x" + (hex.count < 2 ? "0" + hex : hex)).unicodeScalars)
            } else {
                encoded.append(scalar)
            }
        }
        return String(encoded)
    }

    /// The original text of an escaped field.
    public static func decode(_ text: String) -> String {
        guard text.unicodeScalars.contains("\\") else { return text }
        let scalars = Array(text.unicodeScalars)
        var decoded = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count, scalars[index + 1] == "\\" {
                decoded.append("\\")
                index += 2
            } else if scalar == "\\", index + 3 < scalars.count, scalars[index + 1] == "x",
                let value = UInt8(String(String.UnicodeScalarView(scalars[(index + 2)...(index + 3)])), radix: 16),
                isControl(Unicode.Scalar(value))
            {
                decoded.append(Unicode.Scalar(value))
                index += 4
            } else {
                decoded.append(scalar)
                index += 1
            }
        }
        return String(decoded)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || scalar == "\\"
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F
    }
}
