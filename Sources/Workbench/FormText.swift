import Foundation
import DataFormats

/// The text rules of form fields and query parameters (`InputText`: no control characters, one line unless
/// free text, a length cap); every refusal is a 400 page naming the field.
enum FormText {
    /// `text` for `field`, checked; nil when absent or blank.
    static func optional(_ text: String?, _ field: String, limit: Int = InputText.lineLimit, multiline: Bool = false) throws(WorkbenchError)
        -> String?
    {
        guard let text, !text.unicodeScalars.allSatisfy(\.properties.isWhitespace) else { return nil }
        if let problem = InputText.problem(in: text, multiline: multiline, limit: limit) {
            throw .badRequest(field: field, "\(field): \(problem)")
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// A required field: checked, and refused when missing or blank.
    static func required(_ text: String?, _ field: String, limit: Int = InputText.lineLimit, multiline: Bool = false) throws(WorkbenchError)
        -> String
    {
        guard let value = try optional(text, field, limit: limit, multiline: multiline) else {
            throw .badRequest(field: field, "\(field) is required")
        }
        return value
    }

    /// A whole number in `range`, or nil when absent or blank.
    static func integer(_ text: String?, _ field: String, in range: ClosedRange<Int>) throws(WorkbenchError) -> Int? {
        guard let text = try optional(text, field, limit: 20) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .badRequest(field: field, "\(field) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    /// A number in `range`, or nil when absent or blank.
    static func number(_ text: String?, _ field: String, in range: ClosedRange<Double>) throws(WorkbenchError) -> Double? {
        guard let text = try optional(text, field, limit: 20) else { return nil }
        guard let value = Double(text), range.contains(value) else {
            throw .badRequest(field: field, "\(field) must be a number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return value
    }
}
