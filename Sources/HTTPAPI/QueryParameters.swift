import Foundation

/// Finds the query parameter a `DecodingError` of the runtime's parameter decoder is about: the first whose value
/// is not of the type it wanted (a whole number, true or false, as the document types it), or whose value the error
/// quotes (an enum).
enum QueryParameters {
    /// The query parameters `openapi.yaml` types as `integer` or `boolean`, by name, read from the document itself.
    static let typed: [String: String] = {
        let text = String(decoding: ServiceApplication.specification, as: UTF8.self)
        var types: [String: String] = [:]
        for line in text.split(separator: "\n") where line.contains("in: query") {
            guard let name = line.firstMatch(of: /name: (\w+),/)?.1, let type = line.firstMatch(of: /type: (integer|boolean)/)?.1 else { continue }
            types[String(name)] = String(type)
        }
        return types
    }()

    static func unreadable(in query: Substring, for error: DecodingError) -> String? {
        let items = query.split(separator: "&").map { item -> (name: String, value: String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring?) in String(text ?? "").replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            return (decode(parts.first), decode(parts.dropFirst().first))
        }
        switch error {
        case .typeMismatch(let type, _):
            if type == Bool.self { return items.first { typed[$0.name] == "boolean" && $0.value != "true" && $0.value != "false" }?.name }
            if type == Int.self || type == Int64.self { return items.first { typed[$0.name] == "integer" && Int64($0.value) == nil }?.name }
            return nil
        case .dataCorrupted(let context):
            guard let range = context.debugDescription.range(of: "from invalid String value ") else { return nil }
            let value = String(context.debugDescription[range.upperBound...])
            return items.first { $0.value == value }?.name
        default:
            return nil
        }
    }
}
