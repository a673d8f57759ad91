import Foundation

/// A `DecodingError` of the generated decoding (a body, a path or query parameter) as the API's 400
/// `invalid_field`, naming the field by its path (`queries[1].name`) and saying what the document wants there.
enum DecodingProblem {
    /// The text `ensureNoAdditionalProperties` (and `ScreeningQueryInput`) put in the error for an unknown key.
    static let unknownKeyPrefix = "Additional properties are disabled"

    /// The error for `error`; `query` (the request's query string) names a query parameter the decoder could not
    /// read, as the runtime's parameter decoder leaves the coding path empty.
    static func apiError(_ error: DecodingError, query: Substring?) -> APIError {
        let problem = apiError(error)
        guard problem.field?.isEmpty ?? true, let query, let name = QueryParameters.unreadable(in: query, for: error) else { return problem }
        return APIError.invalid(name, problem.message.replacingOccurrences(of: "\"\"", with: "\"\(name)\""))
    }

    static func apiError(_ error: DecodingError) -> APIError {
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return APIError.invalid(field, "\"\(field)\" is required")
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            if let cases = oneOfErrors(context) {
                guard let best = deepest(cases) else {
                    return APIError.invalid(field, "\"\(field)\" matches none of the shapes the document allows")
                }
                return apiError(best)
            }
            return APIError.invalid(field, "\"\(field)\" must be \(describe(type)), not null")
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return APIError.invalid(field, "\"\(field)\" must be \(describe(type))")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            let detail = context.debugDescription
            if detail.hasPrefix(unknownKeyPrefix) { return APIError.invalid(field, "unknown field \"\(field)\"") }
            if let range = detail.range(of: "from invalid String value ") {
                return APIError.invalid(field, "\"\(field)\": \"\(detail[range.upperBound...])\" is not one of the values the document allows")
            }
            if detail.contains("does not fit in") { return APIError.invalid(field, "\"\(field)\" must be a whole number in range") }
            return APIError.invalid(field.isEmpty ? "body" : field, field.isEmpty ? "the body is not valid JSON" : "\"\(field)\" is not valid: \(detail)")
        @unknown default:
            return APIError.invalid("body", "the body does not match the document")
        }
    }

    /// `queries[1].name` for a coding path.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var name = ""
        for key in codingPath {
            if let index = key.intValue {
                name += "[\(index)]"
            } else {
                if !name.isEmpty { name += "." }
                name += key.stringValue
            }
        }
        return name
    }

    /// The errors of each shape a `oneOf` tried (the runtime keeps them in the context's underlying error).
    private static func oneOfErrors(_ context: DecodingError.Context) -> [any Error]? {
        guard let underlying = context.underlyingError else { return nil }
        return Mirror(reflecting: underlying).children.first { $0.label == "errors" }?.value as? [any Error]
    }

    /// The error that got furthest into the body: the shape the client most likely meant.
    private static func deepest(_ errors: [any Error]) -> DecodingError? {
        var best: (error: DecodingError, depth: Int)?
        for case let error as DecodingError in errors {
            let depth = depth(error)
            if depth > (best?.depth ?? -1) { best = (error, depth) }
        }
        return best?.error
    }

    private static func depth(_ error: DecodingError) -> Int {
        switch error {
        case .keyNotFound(_, let context): context.codingPath.count + 1
        case .valueNotFound(_, let context), .typeMismatch(_, let context), .dataCorrupted(let context): context.codingPath.count
        @unknown default: 0
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "a whole number"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
