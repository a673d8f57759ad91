import Foundation
import Store
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// End-to-end fuzz: broken copies of valid request bodies sent to the real server are each answered with a
/// 4xx and the error shape, the server stays up, and nothing is stored, on both backends.
@Suite(.serialized) struct EdgeFuzzTests {
    /// A route, its role, the content type and a valid body (ASCII, so every mutation below breaks it).
    static let seeds: [(path: String, role: Role, type: String, body: String)] = [
        ("/v1/parties", .analyst, "application/json", #"{"parties":[{"id":"c1","name":"Acme GmbH","country":"DE"},{"id":"c2","name":"Hasan Nasrallah","type":"person"}]}"#),
        ("/v1/screen", .screener, "application/json", #"{"name":"Banco Nacional de Cuba","type":"organization","sources":["ofac-sdn"]}"#),
        ("/v1/authorize", .screener, "application/json", #"{"person":{"name":"Li Wei","citizenship":["CN"]},"eccn":"3E001","quantity":1}"#),
        ("/v1/licenses", .admin, "application/json", #"{"id":"D1","kind":"bis-license","eccns":["5A002.a"],"destinations":["FR"],"valid_from":"2026-01-01","valid_to":"2026-12-31"}"#),
        ("/v1/parties", .analyst, "text/csv", "id,name,type,country,dob\nc1,Acme GmbH,organization,DE,\nc2,Hasan Nasrallah,person,,\n"),
    ]

    /// A mutation that always breaks an ASCII body: a truncation (JSON only), a flipped high bit, or a NUL or a
    /// byte that cannot start or continue UTF-8 put in.
    static func mutate(_ body: Data, json: Bool, using generator: inout SeededGenerator) -> Data {
        var body = body
        let position = Int.random(in: 0..<body.count, using: &generator)
        switch Int.random(in: json ? 0..<4 : 1..<4, using: &generator) {
        case 0: body = body.prefix(position)
        case 1: body[position] |= 0x80
        case 2: body.insert(0x00, at: position)
        default: body.insert([0xFF, 0xC3, 0x80, 0xED][Int.random(in: 0..<4, using: &generator)], at: position)
        }
        return body
    }

    @Test(arguments: Server.Backend.allCases)
    func brokenBodiesAreAnsweredWithA4xxAndStoreNothing(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        let before = try await EdgeAPITests.auditCount(server)
        var generator = SeededGenerator(seed: 1616)
        for round in 0..<150 {
            let seed = Self.seeds[round % Self.seeds.count]
            let body = Self.mutate(Data(seed.body.utf8), json: seed.type == "application/json", using: &generator)
            let reply = try await server.request("POST", seed.path, role: seed.role, body: body, contentType: seed.type)
            #expect((400..<500).contains(reply.status), "\(seed.path) \(body.base64EncodedString()): \(reply.status) \(reply.text)")
            let error = EdgeAPITests.error(reply)
            #expect(error["code"] is String && error["message"] is String, "\(reply.text)")
        }
        #expect(try await server.request("GET", "/healthz", role: nil).status == 200)
        #expect(try await EdgeAPITests.auditCount(server) == before, "nothing recorded")
        for id in ["c1", "c2"] {
            #expect(try await server.request("GET", "/v1/parties/\(id)", role: .analyst).status == 404)
        }
        #expect((try await server.request("GET", "/v1/licenses", role: .analyst).json["licenses"] as? [Any])?.isEmpty == true)
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
