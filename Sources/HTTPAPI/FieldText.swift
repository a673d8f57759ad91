import DataFormats

/// The checks of text fields the generated decoding leaves to us: `InputText`'s rules (no control characters,
/// no line breaks outside free text, a length cap) and, for required fields, not blank. The document states
/// each as `pattern`, `maxLength` and `minLength`; every error names the field.
enum FieldText {
    /// `text` checked for `field`: at most `limit` characters, one line unless `multiline`.
    static func check(_ text: String, _ field: String, limit: Int = InputText.lineLimit, multiline: Bool = false) throws(APIError) -> String {
        if let problem = InputText.problem(in: text, multiline: multiline, limit: limit) {
            throw APIError.invalid(field, "\"\(field)\" \(problem)")
        }
        return text
    }

    /// An optional field, checked as `check` does when present.
    static func optional(_ text: String?, _ field: String, limit: Int = InputText.lineLimit, multiline: Bool = false) throws(APIError) -> String? {
        guard let text else { return nil }
        return try check(text, field, limit: limit, multiline: multiline)
    }

    /// A required field: checked, and refused when it holds only white space.
    static func required(_ text: String, _ field: String, limit: Int = InputText.lineLimit, multiline: Bool = false) throws(APIError) -> String {
        let text = try check(text, field, limit: limit, multiline: multiline)
        if text.unicodeScalars.allSatisfy(\.properties.isWhitespace) { throw APIError.invalid(field, "\"\(field)\" must not be empty") }
        return text
    }

    /// Each text of a list field, named `field[index]`.
    static func list(_ texts: [String]?, _ field: String, limit: Int = InputText.lineLimit, multiline: Bool = false) throws(APIError) -> [String] {
        var checked: [String] = []
        for (index, text) in (texts ?? []).enumerated() {
            checked.append(try check(text, "\(field)[\(index)]", limit: limit, multiline: multiline))
        }
        return checked
    }
}
