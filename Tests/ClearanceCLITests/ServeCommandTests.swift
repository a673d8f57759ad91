import Foundation
import Store
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// End-to-end: the real `clearance serve` on both backends, driven over HTTP.
@Suite(.serialized) struct ServeCommandTests {
    @Test(arguments: Server.Backend.allCases)
    func aScreeningIsAnsweredWithExplainedMatchesAndAudited(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        #expect(try await server.request("GET", "/healthz", role: nil).json["status"] as? String == "ok")
        let reply = try await server.request("POST", "/v1/screen", role: .screener, json: ["name": "Banco Nacional de Cuba"])
        #expect(reply.status == 200)
        let matches = try #require(reply.json["matches"] as? [[String: Any]])
        #expect((reply.json["lists"] as? [[String: Any]])?.contains { $0["source"] as? String == "ofac-sdn" } == true, "as the CLI's JSON")
        #expect(matches.first?["entity_id"] as? String == "ofac-sdn:306")
        #expect(matches.first?["explanation"] != nil)
        let id = try #require(reply.json["screening_id"] as? Int)
        let batch = try await server.request(
            "POST", "/v1/screen", role: .screener, json: ["queries": [["name": "Gazprom Bank"], ["name": "Nobody Atall"]]])
        #expect((batch.json["results"] as? [Any])?.count == 2)
        let audit = try await server.request("GET", "/v1/audit?after=\(id - 1)", role: .analyst)
        let records = try #require(audit.json["records"] as? [[String: Any]])
        #expect(records.first?["action"] as? String == "screen")
        #expect((records.first?["versions"] as? String)?.contains("ofac-sdn") == true)
    }

    @Test(arguments: Server.Backend.allCases)
    func keysAndRolesGuardEveryRoute(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        #expect(try await server.request("POST", "/v1/screen", role: nil, json: ["name": "x"]).status == 401)
        var forged = try await server.request("GET", "/v1/lists", role: nil)
        #expect(forged.status == 401)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/v1/lists")!)
        request.setValue("Bearer clr_not_a_key", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 401)
        forged = try await server.request("GET", "/v1/cases", role: .screener)
        #expect(forged.status == 403)
        #expect((forged.json["error"] as? [String: Any])?["code"] as? String == "forbidden")
        #expect(try await server.request("GET", "/v1/cases", role: .analyst).status == 200)
        let wrongMethod = try await server.request("DELETE", "/v1/cases/7/decision", role: .admin)
        #expect(wrongMethod.status == 405)
        #expect((wrongMethod.json["error"] as? [String: Any])?["message"] as? String == "DELETE is not allowed on /v1/cases/7/decision; use POST")
        #expect(try await server.request("GET", "/v1/nowhere", role: .admin).status == 404)
        #expect(try await server.request("GET", "/v1/lists", role: .screener).status == 200)
        #expect(try await server.request("POST", "/v1/keys", role: .analyst, json: ["role": "admin"]).status == 403)
        let created = try await server.request("POST", "/v1/keys", role: .admin, json: ["role": "screener"])
        #expect(created.status == 201)
        let secret = try #require(created.json["secret"] as? String)
        var withNewKey = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/v1/lists")!)
        withNewKey.setValue("Bearer \(secret)", forHTTPHeaderField: "Authorization")
        let (_, answer) = try await URLSession.shared.data(for: withNewKey)
        #expect((answer as? HTTPURLResponse)?.statusCode == 200, "a key created over the API works at once")
    }

    @Test(arguments: Server.Backend.allCases)
    func partiesAreScreenedAtImportAndCasesAreDecidedOnce(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        let csv = Data("id,name,type,country,dob\nc1,Banco Nacional de Cuba,organization,,\nc2,Siemens AG,organization,DE,\n".utf8)
        let imported = try await server.request("POST", "/v1/parties", role: .analyst, body: csv, contentType: "text/csv")
        #expect(imported.status == 200, "\(imported.text)")
        #expect(imported.json["inserted"] as? Int == 2)
        #expect(imported.json["alerts_opened"] as? Int == 1)
        let again = try await server.request("POST", "/v1/parties", role: .analyst, json: ["parties": [["id": "c1", "name": "Banco Nacional de Cuba", "type": "organization"]]])
        #expect(again.json["unchanged"] as? Int == 1)
        #expect(again.json["screened"] as? Int == 0)
        let renamed = try await server.request("POST", "/v1/parties", role: .analyst, json: ["parties": [["id": "c2", "name": "Siemens Aktiengesellschaft", "type": "organization", "country": "DE"]]])
        #expect(renamed.json["changed"] as? Int == 1)
        #expect(renamed.json["screened"] as? Int == 1, "a party whose data changed is screened again")
        let party = try await server.request("GET", "/v1/parties/c1", role: .analyst)
        let alerts = try #require(party.json["alerts"] as? [[String: Any]])
        let alertID = try #require(alerts.first?["id"] as? Int)
        #expect(try await server.request("GET", "/v1/parties/none", role: .analyst).status == 404)
        let decided = try await server.request(
            "POST", "/v1/cases/\(alertID)/decision", role: .analyst, json: ["decision": "true_match", "reason": "same bank, same address"])
        #expect(decided.json["status"] as? String == "true_match")
        let twice = try await server.request(
            "POST", "/v1/cases/\(alertID)/decision", role: .analyst, json: ["decision": "false_positive", "reason": "changed my mind"])
        #expect(twice.status == 409)
        #expect(try await server.request("POST", "/v1/cases/999999/decision", role: .analyst, json: ["decision": "true_match", "reason": "x"]).status == 404)
        let verify = try await server.request("GET", "/v1/audit/verify", role: .analyst)
        #expect(verify.json["intact"] as? Bool == true)
    }

    @Test(arguments: Server.Backend.allCases)
    func determinationMatchesTheCLIAndIsAudited(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        let reply = try await server.request(
            "POST", "/v1/determine", role: .screener,
            json: ["eccn": "5A003", "destination": "BR", "value": 400, "fact": ["component=yes"]])
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.json["outcome"] as? String == "LICENSE_REQUIRED")
        #expect(reply.json["determination_id"] as? Int != nil)
        let cli = try jsonObject(try await CLI.run(["determine", "--eccn", "5A003", "--destination", "BR", "--value", "400", "--fact", "component=yes", "--format", "json"]).stdout)
        #expect((reply.json["findings"] as? [[String: Any]])?.count == (cli["findings"] as? [[String: Any]])?.count)
        let bad = try await server.request("POST", "/v1/determine", role: .screener, json: ["eccn": "3A009", "destination": "DE"])
        #expect(bad.status == 422)
        #expect((bad.json["error"] as? [String: Any])?["field"] as? String == "eccn")
    }

    @Test(arguments: Server.Backend.allCases)
    func badInputGetsAClear4xxNamingTheFieldAndWritesNothing(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        let before = try await server.request("GET", "/v1/audit?limit=1000", role: .analyst)
        let cases: [(Data, String, Int, String?)] = [
            (Data("{not json".utf8), "application/json", 400, nil),
            (Data("[1,2]".utf8), "application/json", 400, nil),
            (Data(#"{"name": 7}"#.utf8), "application/json", 400, "name"),
            (Data(#"{"name": "x", "limit": "ten"}"#.utf8), "application/json", 400, "limit"),
            (Data(#"{"name": "x", "dob": "1990-13"}"#.utf8), "application/json", 400, "dob"),
            (Data(#"{"queries": [{"name": "a"}, {"nme": "b"}]}"#.utf8), "application/json", 400, "queries[1].nme"),
        ]
        for (body, type, status, field) in cases {
            let reply = try await server.request("POST", "/v1/screen", role: .screener, body: body, contentType: type)
            #expect(reply.status == status, "\(String(decoding: body, as: UTF8.self)): \(reply.text)")
            if let field { #expect((reply.json["error"] as? [String: Any])?["field"] as? String == field) }
        }
        let csv = Data("id,name,type,country,dob\nc1,Acme,organization,,\nc2,,person,,\n".utf8)
        let badCSV = try await server.request("POST", "/v1/parties", role: .analyst, body: csv, contentType: "text/csv")
        #expect(badCSV.status == 400)
        #expect((badCSV.json["error"] as? [String: Any])?["field"] as? String == "line 3.name")
        let huge = Data(repeating: UInt8(ascii: "a"), count: 2 << 20)
        #expect(try await server.request("POST", "/v1/screen", role: .screener, body: huge).status == 413)
        let after = try await server.request("GET", "/v1/audit?limit=1000", role: .analyst)
        #expect((after.json["records"] as? [Any])?.count == (before.json["records"] as? [Any])?.count, "rejected requests write nothing")
        #expect(try await server.request("GET", "/v1/parties/c1", role: .analyst).status == 404, "the bad CSV stored no party")
    }

    @Test func theAuditChainVerifiesWithOneRecordPerRequestAndCatchesTampering() async throws {
        let server = try await Server.start(.sqlite)
        for index in 0..<20 {
            _ = try await server.request("POST", "/v1/screen", role: .screener, json: ["name": "Party \(index)"])
        }
        #expect(server.stop() == 0, "SIGTERM shuts down cleanly")
        let verified = try await CLI.run(["audit", "verify", "--database", server.database])
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("audit chain intact"))
        let records = try await CLI.run(["audit", "list", "--limit", "1000", "--database", server.database]).stdout
        #expect(records.components(separatedBy: "\"action\":\"screen\"").count - 1 == 20, "one record per request")
        #expect(records.components(separatedBy: "\"action\":\"key.create\"").count - 1 == Role.allCases.count, "one key per role")
        let store = try SQLiteStore(path: server.database)
        try await store.execute("UPDATE audit_log SET result = '0 matches' WHERE sequence = 9")
        let broken = try await CLI.run(["audit", "verify", "--database", server.database])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("BROKEN at record 9"))
    }

    @Test(arguments: Server.Backend.allCases)
    func licencesAreRecordedByAdminsAndReadByAnalysts(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        let license: [String: Any] = [
            "id": "D7654321", "kind": "bis-license", "eccns": ["5A002.a"], "destinations": ["fr"], "quantity_limit": 5,
            "valid_from": "2026-01-01", "valid_to": "2026-12-31", "conditions": ["No reexport"],
        ]
        #expect(try await server.request("POST", "/v1/licenses", role: .analyst, json: license).status == 403)
        let created = try await server.request("POST", "/v1/licenses", role: .admin, json: license)
        #expect(created.status == 201, "\(created.text)")
        #expect(try await server.request("POST", "/v1/licenses", role: .admin, json: license).status == 409)
        var bad = license
        bad["id"] = "X"
        bad["eccns"] = ["laptop"]
        let refused = try await server.request("POST", "/v1/licenses", role: .admin, json: bad)
        #expect((refused.json["error"] as? [String: Any])?["field"] as? String == "eccns[0]")
        let shown = try await server.request("GET", "/v1/licenses/D7654321", role: .analyst)
        #expect((shown.json["license"] as? [String: Any])?["destinations"] as? [String] == ["FR"])
        #expect(try await server.request("GET", "/v1/licenses/NONE", role: .analyst).status == 404)
        #expect((try await server.request("GET", "/v1/licenses", role: .analyst).json["licenses"] as? [Any])?.count == 1)
    }

    @Test func theOpenAPIDocumentIsServedWithoutAKey() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        let reply = try await server.request("GET", "/openapi.yaml", role: nil)
        #expect(reply.status == 200)
        #expect(reply.text.hasPrefix("openapi: 3.1.0"))
        for path in ["/v1/screen", "/v1/determine", "/v1/parties", "/v1/cases", "/v1/audit/verify", "/v1/lists/{source}/versions"] {
            #expect(reply.text.contains("  \(path):"))
        }
        _ = try await server.request("POST", "/v1/screen", role: .screener, json: ["name": "Banco Nacional de Cuba"])
        let metrics = try await server.request("GET", "/metrics", role: nil)
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("http_server_request_duration_bucket{http_route=\"/v1/screen\""))
        #expect(metrics.text.contains("clearance_screenings_total"))
    }
}
