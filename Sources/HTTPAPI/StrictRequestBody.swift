import Foundation
import HTTPTypes
import OpenAPIRuntime

/// The body check in front of the generated decoding: reads the body up to the operation's cap (413 above it),
/// refuses in a JSON body what Foundation's decoder would let through (`StrictJSON`: a key given twice, text
/// that is not UTF-8, control characters, numbers out of range, deep nesting) with a 400 naming the field,
/// and keeps the bytes for the audit record (`RequestState.body`).
struct StrictRequestBody: ServerMiddleware {
    /// The most bytes a body of `operationID` may hold.
    static func limit(for operationID: String) -> Int {
        switch operationID {
        case "importListVersion": 256 << 20
        case "importParties": 64 << 20
        default: 1 << 20
        }
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let body else { return try await next(request, nil, metadata) }
        let data = try await Self.collect(body, limit: Self.limit(for: operationID))
        // No bytes is no body (every request has a body stream): the generated layer refuses it where one is required.
        guard !data.isEmpty else { return try await next(request, nil, metadata) }
        if operationID != "importListVersion", Self.isJSON(request.headerFields[.contentType]) {
            let value = try StrictJSON.parse(data)
            guard case .object = value else { throw APIError(.badRequest, "malformed_json", "the body must be a JSON object") }
            if let field = Self.firstNull(in: value, at: "") {
                throw APIError.invalid(field, "\"\(field)\" is null; the document allows no null: leave an optional field out")
            }
        }
        return try await RequestState.$body.withValue(data) { try await next(request, HTTPBody(data), metadata) }
    }

    /// The path of the first `null` in `value` (`parties[2].type`), or nil.
    static func firstNull(in value: JSONValue, at path: String) -> String? {
        switch value {
        case .null: return path
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = firstNull(in: item, at: "\(path)[\(index)]") { return found }
            }
        case .object(let object):
            for key in object.keys.sorted() {
                if let item = object[key], let found = firstNull(in: item, at: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
        case .bool, .number, .string: break
        }
        return nil
    }

    /// Whether a body of this content type is read as JSON (no content type is JSON, as the generated layer takes it).
    static func isJSON(_ contentType: String?) -> Bool {
        guard let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() else { return true }
        return type == "application/json" || type.hasSuffix("+json")
    }

    /// The body's bytes, at most `limit`; 413 above it (at once when the declared length says so).
    static func collect(_ body: HTTPBody, limit: Int) async throws -> Data {
        if case .known(let length) = body.length, length > limit {
            throw APIError(.contentTooLarge, "too_large", "the body is \(length) bytes; at most \(limit) are accepted")
        }
        var data = Data()
        for try await chunk in body {
            guard data.count + chunk.count <= limit else {
                throw APIError(.contentTooLarge, "too_large", "the body is larger than \(limit) bytes")
            }
            data.append(contentsOf: chunk)
        }
        return data
    }
}
