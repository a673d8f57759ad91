import Foundation
import Testing

/// End-to-end: `POST /v1/duty` and `POST /v1/transfer` on the real server answer as the CLI does.
@Suite("Trade routes: duty and transfer over HTTP")
struct TradeRoutesTests {
    @Test("POST /v1/duty stacks the layers of RULES.md C.4 example 14 and names bad fields")
    func duty() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        let reply = try await server.request(
            "POST", "/v1/duty", role: .screener,
            json: ["hts": "7606.12.30", "origin": "CN", "value": 10000, "date": "2025-09-01"])
        #expect(reply.status == 200, "\(reply.text)")
        let layers = try #require(reply.json["layers"] as? [[String: Any]])
        #expect(layers.map { $0["heading"] as? String } == ["7606.12.30", "9903.91.01", "9903.85.02", "9903.01.24"])
        #expect(reply.json["total_amount"] as? Double == 9800)
        for (body, field) in [
            (["hts": "7606.12.99", "origin": "CN", "value": 1, "date": "2025-09-01"], "hts"),
            (["hts": "7606.12.30", "origin": "CN", "value": "1.001", "date": "2025-09-01"], "value"),
            (["hts": "7606.12.30", "origin": "CN", "value": 1, "date": "2024-12-31"], "date"),
            (["hts": "7606.12.30", "origin": "XX", "value": 1, "date": "2025-09-01"], "origin"),
            (["hts": "7606.12.30", "origin": "CN", "value": 1, "date": "2025-09-01", "usmca": true], "usmca"),
        ] as [([String: Any], String)] {
            let bad = try await server.request("POST", "/v1/duty", role: .screener, json: body)
            #expect(bad.status == 400, "\(body): \(bad.text)")
            #expect((bad.json["error"] as? [String: Any])?["field"] as? String == field, "\(bad.text)")
        }
        #expect(try await server.request("POST", "/v1/duty", role: nil, json: ["hts": "7606.12.30"]).status == 401)
    }

    @Test("POST /v1/transfer decides as the CLI and names bad fields")
    func transfer() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        let reply = try await server.request(
            "POST", "/v1/transfer", role: .screener,
            json: ["category": "personal", "from": "DE", "to": "US", "certifications": ["dpf"], "date": "2025-06-01"])
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.json["outcome"] as? String == "permitted")
        let bad = try await server.request(
            "POST", "/v1/transfer", role: .screener, json: ["category": "biometric", "from": "DE", "to": "US", "date": "2025-06-01"])
        #expect(bad.status == 400)
        #expect((bad.json["error"] as? [String: Any])?["field"] as? String == "category", "\(bad.text)")
    }
}
