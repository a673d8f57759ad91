import Foundation

/// The fields of an `application/x-www-form-urlencoded` body, in order, repeated names kept (the alerts
/// a bulk decision selects). Text that is not valid percent-encoded UTF-8 is refused naming the field.
public struct FormFields: Sendable, Hashable {
    public private(set) var pairs: [(name: String, value: String)] = []

    public init() {}

    /// The fields `pairs`, in order (the text fields of a multipart form).
    init(pairs: [(name: String, value: String)]) {
        self.pairs = pairs
    }

    /// Decodes `body`; `WorkbenchError` (400) naming the first field that cannot be read.
    public init(decoding body: String) throws(WorkbenchError) {
        for (position, part) in body.split(separator: "&", omittingEmptySubsequences: true).enumerated() {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawName = String(halves[0])
            guard let name = Self.decode(rawName) else {
                throw .badRequest(field: "field \(position + 1)", "the field name is not valid percent-encoded UTF-8")
            }
            guard let value = Self.decode(halves.count > 1 ? String(halves[1]) : "") else {
                throw .badRequest(field: name, "the value of \(name) is not valid percent-encoded UTF-8")
            }
            pairs.append((name, value))
        }
    }

    /// The first value of `name`.
    public subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value of `name`, in order.
    public func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    private static func decode(_ text: String) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    public static func == (lhs: FormFields, rhs: FormFields) -> Bool {
        lhs.pairs.map(\.name) == rhs.pairs.map(\.name) && lhs.pairs.map(\.value) == rhs.pairs.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        for pair in pairs {
            hasher.combine(pair.name)
            hasher.combine(pair.value)
        }
    }
}
