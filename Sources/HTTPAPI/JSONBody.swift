import Operations
import Foundation
import Hummingbird
import DataFormats

/// A JSON object from a request body, read strictly: unknown fields, wrong types, duplicate keys, text that is
/// not UTF-8 and control characters are errors naming the field (see `StrictJSON`).
///
/// Text fields are one line of at most `InputText.lineLimit` characters unless the route says otherwise:
/// names take `limit: InputText.nameLimit`, free text (a reason, a comment) `multiline: true` and
/// `limit: InputText.freeTextLimit`.
struct JSONBody {
    let object: [String: JSONValue]
    let data: Data
    let prefix: String

    /// The body as a JSON object, at most `limit` bytes; 413 above it, 400 for anything but an object.
    static func read(_ request: Request, limit: Int = 1 << 20) async throws -> JSONBody {
        try parse(try await bytes(request, limit: limit))
    }

    /// `data` as a JSON object; 400 naming the problem and the field for anything else.
    static func parse(_ data: Data) throws(APIError) -> JSONBody {
        guard case .object(let object) = try StrictJSON.parse(data) else {
            throw APIError(.badRequest, "malformed_json", "the body must be a JSON object")
        }
        return JSONBody(object: object, data: data, prefix: "")
    }

    /// The body's bytes, at most `limit`; 413 above it.
    static func bytes(_ request: Request, limit: Int) async throws -> Data {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(.contentTooLarge, "too_large", "the body is \(length) bytes; at most \(limit) are accepted")
        }
        do {
            return Data(buffer: try await request.body.collect(upTo: limit))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "too_large", "the body is larger than \(limit) bytes")
        }
    }

    func name(_ key: String) -> String { prefix + key }

    /// Fails on the first key not in `allowed`.
    func allowOnly(_ allowed: Set<String>) throws {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.invalid(name(unknown), "unknown field \"\(name(unknown))\"; known: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// The text of `key`, at most `limit` characters, without line breaks unless `multiline`.
    func string(_ key: String, required: Bool = false, limit: Int = InputText.lineLimit, multiline: Bool = false) throws -> String? {
        switch object[key] {
        case nil, .null?:
            if required { throw APIError.invalid(name(key), "\"\(name(key))\" is required") }
            return nil
        case .string(let text)?:
            try check(text, field: name(key), limit: limit, multiline: multiline)
            if required && text.trimmingCharacters(in: .whitespaces).isEmpty {
                throw APIError.invalid(name(key), "\"\(name(key))\" must not be empty")
            }
            return text
        default: throw APIError.invalid(name(key), "\"\(name(key))\" must be a string")
        }
    }

    /// Refuses text with a line break (unless `multiline`) or longer than `limit`, naming `field`.
    private func check(_ text: String, field: String, limit: Int, multiline: Bool) throws(APIError) {
        if let problem = InputText.problem(in: text, multiline: multiline, limit: limit) {
            throw APIError.invalid(field, "\"\(field)\" \(problem)")
        }
    }

    /// A string, or a number written as one (`"value": 400` or `"value": "400"`).
    func scalarText(_ key: String) throws -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            try check(text, field: name(key), limit: InputText.lineLimit, multiline: false)
            return text
        case .number(let value)?: return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        default: throw APIError.invalid(name(key), "\"\(name(key))\" must be a number or a string")
        }
    }

    /// The texts of `key` (one string or an array of them), each as `string(_:)` checks it.
    func strings(_ key: String, limit: Int = InputText.lineLimit, multiline: Bool = false) throws -> [String] {
        switch object[key] {
        case nil, .null?: return []
        case .string(let text)?:
            try check(text, field: name(key), limit: limit, multiline: multiline)
            return [text]
        case .array(let items)?:
            return try items.enumerated().map { index, item in
                guard case .string(let text) = item else {
                    throw APIError.invalid("\(name(key))[\(index)]", "\"\(name(key))[\(index)]\" must be a string")
                }
                try check(text, field: "\(name(key))[\(index)]", limit: limit, multiline: multiline)
                return text
            }
        default: throw APIError.invalid(name(key), "\"\(name(key))\" must be a string or an array of strings")
        }
    }

    func number(_ key: String) throws -> Double? {
        switch object[key] {
        case nil, .null?: return nil
        case .number(let value)? where value.isFinite: return value
        default: throw APIError.invalid(name(key), "\"\(name(key))\" must be a number")
        }
    }

    func bool(_ key: String) throws -> Bool? {
        switch object[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw APIError.invalid(name(key), "\"\(name(key))\" must be true or false")
        }
    }

    func integer(_ key: String) throws -> Int? {
        guard let value = try number(key) else { return nil }
        guard value == value.rounded(), abs(value) < 1e9 else {
            throw APIError.invalid(name(key), "\"\(name(key))\" must be a whole number")
        }
        return Int(value)
    }

    func objects(_ key: String) throws -> [JSONBody]? {
        switch object[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            return try items.enumerated().map { index, item in
                guard case .object(let object) = item else {
                    throw APIError.invalid("\(name(key))[\(index)]", "\"\(name(key))[\(index)]\" must be an object")
                }
                return JSONBody(object: object, data: data, prefix: "\(name(key))[\(index)].")
            }
        default: throw APIError.invalid(name(key), "\"\(name(key))\" must be an array of objects")
        }
    }

    func nested(_ key: String) throws -> JSONBody? {
        switch object[key] {
        case nil, .null?: return nil
        case .object(let inner)?: return JSONBody(object: inner, data: data, prefix: "\(name(key)).")
        default: throw APIError.invalid(name(key), "\"\(name(key))\" must be an object")
        }
    }
}
