import Foundation
import DataFormats
import Testing

@testable import HTTPAPI

/// The body check in front of the generated decoding (`StrictRequestBody` runs `StrictJSON`, then wants an object)
/// refuses, naming the field, what Foundation's decoder lets through; `FieldText` applies the text rules per field.
@Suite struct StrictBodyTests {
    /// The error `body` is refused with, or nil when it is read.
    static func refusal(_ body: String) -> APIError? {
        refusal(Data(body.utf8))
    }

    static func refusal(_ body: Data) -> APIError? {
        do {
            _ = try object(body)
            return nil
        } catch {
            return error
        }
    }

    /// The body as the check reads it: a JSON object, or the error.
    static func object(_ body: Data) throws(APIError) -> [String: JSONValue] {
        guard case .object(let object) = try StrictJSON.parse(body) else {
            throw APIError(.badRequest, "malformed_json", "the body must be a JSON object")
        }
        return object
    }

    /// The text of `key` in `object`.
    static func text(_ object: [String: JSONValue], _ key: String) -> String {
        if case .string(let text)? = object[key] { return text }
        return ""
    }

    @Test func aKeyGivenTwiceIsRefusedAtAnyDepthNamingTheKey() {
        let cases: [(String, String)] = [
            (#"{"name": "a", "name": "b"}"#, "name"),
            (#"{"queries": [{"name": "a"}, {"name": "b", "type": "person", "name": "c"}]}"#, "queries[1].name"),
            (#"{"person": {"name": "x", "citizenship": ["CN"], "citizenship": "US"}}"#, "person.citizenship"),
        ]
        for (body, field) in cases {
            let error = Self.refusal(body)
            #expect(error?.status == .badRequest, "\(body)")
            #expect(error?.code == "duplicate_key", "\(body)")
            #expect(error?.field == field, "\(body)")
        }
        #expect(Self.refusal(#"{"a": {"x": 1}, "b": {"x": 2}}"#) == nil, "the same key in two objects is fine")
    }

    @Test func controlCharactersAreRefusedInEveryStringNamingTheField() {
        let cases: [(Data, String)] = [
            (Data(#"{"name": "\u0000Banco"}"#.utf8), "name"),
            (Data(#"{"parties": [{"id": "c1", "name": "ok"}, {"id": "c2", "name": "Banco\u0000Nacional"}]}"#.utf8), "parties[1].name"),
            (Data("{\"name\": \"a\u{0}b\"}".utf8), "name"),
            (Data(#"{"person": {"name": "Li\u001bWei"}}"#.utf8), "person.name"),
            (Data(#"{"fact": ["a=yes", "b\u007f=no"]}"#.utf8), "fact[1]"),
            (Data(#"{"reason": "back\bspace"}"#.utf8), "reason"),
        ]
        for (body, field) in cases {
            let error = Self.refusal(body)
            #expect(error?.code == "invalid_field", "\(String(decoding: body, as: UTF8.self))")
            #expect(error?.field == field, "\(String(decoding: body, as: UTF8.self))")
            #expect(error?.message.contains("control character U+00") == true)
        }
    }

    @Test func textThatIsNotUTF8IsRefusedNamingTheField() {
        var invalid = Data(#"{"parties": [{"id": "c1", "name": "Caf"#.utf8)
        invalid.append(contentsOf: [0xE9, 0x22, 0x7D, 0x5D, 0x7D])  // Latin-1 é, then "}]}
        #expect(Self.refusal(invalid)?.field == "parties[0].name")
        #expect(Self.refusal(invalid)?.message.contains("UTF-8") == true)
        #expect(Self.refusal(#"{"name": "\ud800x"}"#)?.field == "name", "a lone surrogate is not text")
        #expect(Self.refusal(#"{"name": "\udc00"}"#)?.field == "name")
        let pair = try? Self.object(Data(#"{"name": "\ud83d\ude00 Caf\u00e9"}"#.utf8))
        #expect(pair.map { Self.text($0, "name") } == "😀 Café")
    }

    @Test func lineBreaksAreRefusedInOneLineFieldsAndKeptInFreeText() throws {
        let body = try Self.object(Data(#"{"name": "Banco\nNacional", "reason": "first line\nsecond line"}"#.utf8))
        #expect(throws: APIError.self) { try FieldText.check(Self.text(body, "name"), "name") }
        #expect(try FieldText.check(Self.text(body, "reason"), "reason", multiline: true) == "first line\nsecond line")
        do {
            _ = try FieldText.check(Self.text(body, "name"), "name")
        } catch {
            #expect(error.field == "name" && error.message.contains("U+000A"))
        }
    }

    @Test func textLongerThanItsCapIsRefusedNamingTheFieldAndTheCap() throws {
        let long = String(repeating: "é", count: InputText.nameLimit + 1)
        let body = try Self.object(try JSONSerialization.data(withJSONObject: ["name": long, "short": String(long.dropLast())]))
        do {
            _ = try FieldText.check(Self.text(body, "name"), "name", limit: InputText.nameLimit)
            Issue.record("a name over the cap was accepted")
        } catch {
            #expect(error.field == "name" && error.message.contains("longer than \(InputText.nameLimit) characters"))
        }
        #expect(try FieldText.check(Self.text(body, "short"), "short", limit: InputText.nameLimit).unicodeScalars.count == InputText.nameLimit)
    }

    @Test func malformedBodiesAreRefusedAsMalformed() {
        for body in [
            "", "{", "{\"a\"", "{\"a\":}", "{\"a\":1,}", "[1,2]", "{\"a\":01}", "{\"a\":1e999}", "{\"a\":-}", "{\"a\":tru}", "{} x",
            "{\"a\":\"\\x\"}", "{\"a\":\"\t\"}", String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
            "{\"a\":" + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}",
        ] {
            let error = Self.refusal(body)
            #expect(error?.status == .badRequest, "\(body)")
            #expect(error?.code == "malformed_json" || error?.code == "invalid_field", "\(body)")
        }
    }

    @Test func validDocumentsReadAsFoundationReadsThem() throws {
        var generator = SeededGenerator(seed: 20261206)
        for _ in 0..<300 {
            let document = Self.randomObject(depth: 0, using: &generator)
            let data = try JSONSerialization.data(withJSONObject: document)
            let body = try Self.object(data)
            let expected = try JSONSerialization.jsonObject(with: data)
            #expect(Self.same(JSONValue.object(body), expected), "\(String(decoding: data, as: UTF8.self))")
        }
    }

    /// Random truncations, byte flips, NUL and invalid UTF-8 injections of valid request bodies: each is read or
    /// refused with a 4xx, never a crash.
    @Test func fuzzedBodiesAreReadOrRefusedWithA4xxAndNeverCrash() throws {
        var generator = SeededGenerator(seed: 16)
        let seeds = Self.requestBodies.map { Data($0.utf8) }
        var refused = 0
        for round in 0..<20_000 {
            var body = seeds[round % seeds.count]
            Self.mutate(&body, using: &generator)
            do {
                _ = try Self.object(body)
            } catch {
                #expect((400..<500).contains(error.status.code), "\(body.base64EncodedString())")
                #expect(!error.message.isEmpty)
                refused += 1
            }
        }
        #expect(refused > 15_000, "most mutations break the body")
    }

    @Test func aMultiMegabyteNameIsRefusedNamingTheCap() throws {
        let name = String(repeating: "A", count: 4 << 20)
        let body = try Self.object(try JSONSerialization.data(withJSONObject: ["parties": [["id": "c1", "name": name]]]))
        guard case .array(let parties)? = body["parties"], case .object(let item)? = parties.first else {
            Issue.record("the body was not read")
            return
        }
        #expect(throws: APIError.self) { try FieldText.required(Self.text(item, "name"), "parties[0].name", limit: InputText.nameLimit) }
    }

    // MARK: - Helpers

    /// Bodies of the API's routes, as clients send them.
    static let requestBodies = [
        #"{"name":"Banco Nacional de Cuba","type":"organization","country":"CU","sources":["ofac-sdn","un"]}"#,
        #"{"queries":[{"name":"Gazprom Bank"},{"name":"Li Wei","dob":"1970"}],"threshold":0.8,"limit":5}"#,
        #"{"parties":[{"id":"c1","name":"Acme GmbH","country":"DE"},{"id":"c2","name":"Hasan Nasrallah","type":"person"}]}"#,
        #"{"party":"C-1001","artifact":"turbine-cooling-data","destination":"CN","quantity":1,"value":1200.5}"#,
        #"{"id":"D7654321","kind":"bis-license","eccns":["5A002.a"],"destinations":["FR"],"quantity_limit":5,"valid_from":"2026-01-01","valid_to":"2026-12-31"}"#,
        #"{"person":{"name":"Li Wei","citizenship":["CN"]},"eccn":"3E001","token_ttl_seconds":600}"#,
    ]

    /// One mutation: a truncation, a byte flip, a NUL or an invalid UTF-8 byte put in, or a span duplicated.
    static func mutate(_ body: inout Data, using generator: inout SeededGenerator) {
        let position = Int.random(in: 0..<body.count, using: &generator)
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: body = body.prefix(position)
        case 1: body[body.startIndex + position] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
        case 2: body.insert(0x00, at: body.startIndex + position)
        case 3: body.insert([0xFF, 0xC3, 0x80, 0xED][Int.random(in: 0..<4, using: &generator)], at: body.startIndex + position)
        default:
            let end = min(body.count, position + Int.random(in: 1...12, using: &generator))
            body.insert(contentsOf: body[(body.startIndex + position)..<(body.startIndex + end)], at: body.startIndex + position)
        }
    }

    static func randomObject(depth: Int, using generator: inout SeededGenerator) -> [String: Any] {
        var object: [String: Any] = [:]
        for index in 0..<Int.random(in: 0...5, using: &generator) {
            object["k\(index)" + randomText(using: &generator).filter { $0 != "\t" }] = randomValue(depth: depth + 1, using: &generator)
        }
        return object
    }

    static func randomValue(depth: Int, using generator: inout SeededGenerator) -> Any {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &generator) {
        case 0: return NSNull()
        case 1: return Bool.random(using: &generator)
        case 2: return [0, -1, 42, 3.25, -1e-7, 1e300, 123_456_789_012][Int.random(in: 0..<7, using: &generator)]
        case 3: return randomText(using: &generator)
        case 4: return (0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) }
        default: return randomObject(depth: depth, using: &generator)
        }
    }

    static func randomText(using generator: inout SeededGenerator) -> String {
        let alphabet: [Character] = ["a", "Z", " ", "\"", "\\", "/", "\t", "é", "ß", "中", "😀", "\u{2028}", "ー"]
        return String((0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Whether a parsed value equals what `JSONSerialization` read.
    static func same(_ value: JSONValue, _ foundation: Any) -> Bool {
        switch value {
        case .null: return foundation is NSNull
        case .string(let text): return (foundation as? String) == text
        case .bool(let flag): return (foundation as? Bool) == flag
        case .number(let number): return (foundation as? NSNumber)?.doubleValue == number
        case .array(let items):
            guard let others = foundation as? [Any], others.count == items.count else { return false }
            return zip(items, others).allSatisfy { same($0, $1) }
        case .object(let object):
            guard let others = foundation as? [String: Any], others.count == object.count else { return false }
            return object.allSatisfy { key, item in others[key].map { same(item, $0) } ?? false }
        }
    }
}

/// A seeded generator (SplitMix64), so every run draws the same values.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
