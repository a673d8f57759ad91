import Foundation
import Hummingbird

/// A JSON value as parsed, keeping numbers, strings and booleans apart.
enum JSONValue: Decodable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

/// A JSON object from a request body, read strictly: unknown fields and wrong types are errors naming the field.
struct JSONBody {
    let object: [String: JSONValue]
    let data: Data
    let prefix: String

    /// The body as a JSON object, at most `limit` bytes; 413 above it, 400 for anything but an object.
    static func read(_ request: Request, limit: Int = 1 << 20) async throws -> JSONBody {
        let data = try await bytes(request, limit: limit)
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw APIError(.badRequest, "malformed_json", "the body is not valid JSON")
        }
        guard case .object(let object) = value else {
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

    func string(_ key: String, required: Bool = false) throws -> String? {
        switch object[key] {
        case nil, .null?:
            if required { throw APIError.invalid(name(key), "\"\(name(key))\" is required") }
            return nil
        case .string(let text)?:
            if required && text.trimmingCharacters(in: .whitespaces).isEmpty {
                throw APIError.invalid(name(key), "\"\(name(key))\" must not be empty")
            }
            return text
        default: throw APIError.invalid(name(key), "\"\(name(key))\" must be a string")
        }
    }

    /// A string, or a number written as one (`"value": 400` or `"value": "400"`).
    func scalarText(_ key: String) throws -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .number(let value)?: return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        default: throw APIError.invalid(name(key), "\"\(name(key))\" must be a number or a string")
        }
    }

    func strings(_ key: String) throws -> [String] {
        switch object[key] {
        case nil, .null?: return []
        case .string(let text)?: return [text]
        case .array(let items)?:
            return try items.enumerated().map { index, item in
                guard case .string(let text) = item else {
                    throw APIError.invalid("\(name(key))[\(index)]", "\"\(name(key))[\(index)]\" must be a string")
                }
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
