import Operations
import Foundation
import DataFormats

/// A JSON value as parsed, keeping numbers, strings and booleans apart.
enum JSONValue: Sendable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])
}

/// Reads a request body as JSON (RFC 8259), refusing what Foundation's decoder lets through: a key given twice
/// in one object (which would silently win), text that is not UTF-8 (raw or as a lone `\uD800` escape), control
/// characters (`InputText`; `\n`, `\r` and tab are kept for the routes to judge per field), numbers out of
/// range, and nesting deeper than `maximumDepth`. Every error names the field by its path (`parties[3].name`).
///
/// One pass over the bytes, building the values as it goes; no intermediate copies of the body.
struct StrictJSON {
    /// The deepest nesting of arrays and objects accepted.
    static let maximumDepth = 64
    /// The longest key accepted, in bytes (no route knows a longer one).
    static let maximumKeyLength = 256

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var path: [PathStep] = []
    private var scratch: [UInt8] = []

    private enum PathStep {
        case key(String)
        case index(Int)
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The value `data` holds, or an `APIError` (400) naming the problem and the field.
    static func parse(_ data: Data) throws(APIError) -> JSONValue {
        let result = data.withUnsafeBytes { raw -> Result<JSONValue, APIError> in
            var parser = StrictJSON(bytes: raw.bindMemory(to: UInt8.self))
            do throws(APIError) {
                return .success(try parser.document())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private mutating func document() throws(APIError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        let value = try self.value(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw malformed("text after the JSON value") }
        return value
    }

    // MARK: - Values

    private mutating func value(depth: Int) throws(APIError) -> JSONValue {
        guard index < bytes.count else { throw malformed("the body ends where a value should be") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw malformed("unexpected character")
        }
    }

    private mutating func object(depth: Int) throws(APIError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw malformed("nested deeper than \(Self.maximumDepth) levels") }
        index += 1
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw malformed("expected a key in quotes") }
            let key = try self.key()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw malformed("expected ':' after a key") }
            index += 1
            skipWhitespace()
            path.append(.key(key))
            let value = try self.value(depth: depth)
            if object.updateValue(value, forKey: key) != nil {
                let field = fieldName
                throw APIError(.badRequest, "duplicate_key", "the key \"\(field)\" appears more than once in its object", field: field)
            }
            path.removeLast()
            skipWhitespace()
            guard index < bytes.count else { throw malformed("the body ends inside an object") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                return .object(object)
            default: throw malformed("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func array(depth: Int) throws(APIError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw malformed("nested deeper than \(Self.maximumDepth) levels") }
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            path.append(.index(items.count))
            items.append(try value(depth: depth))
            path.removeLast()
            skipWhitespace()
            guard index < bytes.count else { throw malformed("the body ends inside an array") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                index += 1
                return .array(items)
            default: throw malformed("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(APIError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw malformed("unexpected character") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw malformed("unexpected character")
        }
        index += count
    }

    /// A number as RFC 8259 writes it (no leading zeros, no `+`, no bare `.`), finite as a Double.
    private mutating func number() throws(APIError) -> Double {
        let start = index
        func digits() -> Int {
            let first = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - first
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw malformed("a number has no digits") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw malformed("a number has no digits")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw malformed("a number has no digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw malformed("a number has no exponent digits") }
        }
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)),
            value.isFinite
        else {
            throw invalid("is a number out of range")
        }
        return value
    }

    // MARK: - Strings

    private mutating func key() throws(APIError) -> String {
        let key = try string()
        guard key.utf8.count <= Self.maximumKeyLength else {
            throw APIError(
                .badRequest, "malformed_json", "a key is longer than \(Self.maximumKeyLength) bytes", field: fieldName.isEmpty ? nil : fieldName)
        }
        if let byte = key.utf8.first(where: { $0 < 0x20 || $0 == 0x7F }) {
            path.append(.key(key))
            throw invalid(InputText.Problem.controlCharacter(Unicode.Scalar(byte)).description)
        }
        return key
    }

    /// A string: raw bytes up to the closing quote, escapes decoded, checked as UTF-8 and for control characters.
    private mutating func string() throws(APIError) -> String {
        index += 1
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return try text(run, ascii: ascii)
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            try check(byte)
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw malformed("the body ends inside a string")
    }

    /// The rest of a string holding escapes, decoded into `scratch`.
    private mutating func escapedString(from start: Int) throws(APIError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try scratch.withUnsafeBufferPointer { (run) throws(APIError) in try text(run, ascii: false) }
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "b"): throw invalid(InputText.Problem.controlCharacter("\u{8}").description)
                case UInt8(ascii: "f"): throw invalid(InputText.Problem.controlCharacter("\u{C}").description)
                case UInt8(ascii: "u"): try unicodeEscape()
                default: throw malformed("unknown escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
                }
            default:
                try check(byte)
                scratch.append(byte)
            }
        }
        throw malformed("the body ends inside a string")
    }

    /// `\uXXXX` (a surrogate pair for scalars above U+FFFF), appended to `scratch` as UTF-8.
    private mutating func unicodeEscape() throws(APIError) {
        var value = try hex4()
        if (0xD800...0xDBFF).contains(value) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw invalid("holds a lone UTF-16 surrogate (\\u\(String(value, radix: 16))), which is not text")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw invalid("holds a lone UTF-16 surrogate (\\u\(String(value, radix: 16))), which is not text")
            }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(value) {
            throw invalid("holds a lone UTF-16 surrogate (\\u\(String(value, radix: 16))), which is not text")
        }
        guard let scalar = Unicode.Scalar(value) else { throw invalid("holds an escape that is not a character") }
        if value < 0x80, InputText.isRefusedControl(UInt8(value)) {
            throw invalid(InputText.Problem.controlCharacter(scalar).description)
        }
        scratch.append(contentsOf: String(scalar).utf8)
    }

    private mutating func hex4() throws(APIError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw malformed("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw malformed("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Refuses a raw byte a JSON string may not hold: a control character (RFC 8259 wants even tab and
    /// line breaks escaped) or DEL.
    private func check(_ byte: UInt8) throws(APIError) {
        guard byte < 0x20 || byte == 0x7F else { return }
        if InputText.isRefusedControl(byte) { throw invalid(InputText.Problem.controlCharacter(Unicode.Scalar(byte)).description) }
        throw malformed("a string holds a raw tab or line break; JSON writes them as \\t, \\n, \\r")
    }

    private func text(_ run: UnsafeBufferPointer<UInt8>, ascii: Bool) throws(APIError) -> String {
        if ascii { return String(decoding: run, as: UTF8.self) }
        guard let text = String(validating: run, as: UTF8.self) else { throw invalid(InputText.Problem.notUTF8.description) }
        return text
    }

    // MARK: - Errors

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The path to the value being read: `parties[3].name`, `name`, or "" at the top.
    private var fieldName: String {
        var name = ""
        for step in path {
            switch step {
            case .key(let key):
                if !name.isEmpty { name += "." }
                name += key.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? InputText.name($0) : String($0) }.joined()
            case .index(let position): name += "[\(position)]"
            }
        }
        return name
    }

    private func malformed(_ problem: String) -> APIError {
        APIError(.badRequest, "malformed_json", "the body is not valid JSON: \(problem) at byte \(index)")
    }

    /// A value that is well-formed JSON but not acceptable text or number, naming its field.
    private func invalid(_ problem: String) -> APIError {
        let field = fieldName
        if field.isEmpty { return APIError(.badRequest, "malformed_json", "the body \(problem)") }
        return APIError.invalid(field, "\"\(field)\" \(problem)")
    }
}
