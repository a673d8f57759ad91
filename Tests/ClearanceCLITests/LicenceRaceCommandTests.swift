import Foundation
import Store
import Testing

/// End-to-end: a decision that loses the race for a licence's last units is answered and recorded as a DENY.
@Suite(.serialized) struct LicenceRaceCommandTests {
    @Test(arguments: Server.Backend.allCases)
    func fiftyConcurrentDrawsOnAFiveUnitLicenceGiveFivePermitsAndFortyFiveRecordedDenials(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        _ = try await server.request("POST", "/v1/parties", role: .analyst, json: ["parties": [["id": "C-1001", "name": EnforceCommandTests.party]]])
        var license = EnforceCommandTests.license()
        license["quantity_limit"] = 5
        #expect(try await server.request("POST", "/v1/licenses", json: license).status == 201)
        // The signing key exists before the burst (how many "first" keys a burst makes is another test's concern).
        #expect(try await server.request("GET", "/v1/keys", role: nil).status == 200)
        let before = try await KeyRevocationCommandTests.actions(server).count
        let replies = try await withThrowingTaskGroup(of: Server.Reply.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await server.request("POST", "/v1/authorize", role: .screener, json: ["party": "C-1001", "eccn": "9E003.a", "destination": "CN"])
                }
            }
            return try await group.reduce(into: [Server.Reply]()) { $0.append($1) }
        }
        #expect(replies.allSatisfy { $0.status == 200 }, "\(replies.filter { $0.status != 200 }.map(\.text).prefix(3))")
        let verdicts = replies.map { $0.json["verdict"] as? String ?? "" }
        #expect(verdicts.filter { $0 == "PERMIT" }.count == 5)
        #expect(verdicts.filter { $0 == "DENY" }.count == 45)
        for reply in replies where reply.json["verdict"] as? String == "DENY" {
            #expect(reply.json["token"] == nil)
            let decision = try #require(reply.json["decision_id"] as? String)
            let stored = try await server.request("GET", "/v1/authorizations/\(decision)", role: .analyst)
            #expect(stored.status == 200 && (stored.json["decision"] as? [String: Any])?["verdict"] as? String == "DENY", "\(stored.text)")
        }
        let actions = try await KeyRevocationCommandTests.actions(server)
        #expect(actions.count - before == 50, "one record per decision, nothing else")
        #expect(actions.filter { $0 == "authorize" }.count == 50)
        #expect(try await server.request("GET", "/v1/licenses/D7654321", role: .analyst).json["quantity_used"] as? Int == 5)
        #expect(try await server.request("GET", "/v1/audit/verify", role: .analyst).json["intact"] as? Bool == true)
    }
}
