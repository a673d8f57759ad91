import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Store
import Testing

/// End-to-end: the README's enforcement walkthrough with the real server and the real gate —
/// licence, authorisation, download with the token, and the refusal once the party is listed.
@Suite(.serialized) struct EnforceCommandTests {
    static let party = "Shenzhen Lumen Photonics Co"

    /// The bundled Denied Persons List with an order against the walkthrough's party.
    static func dplListingTheParty() throws -> Data {
        var lines = try String(contentsOf: ListsImportCommandTests.bundledDPL, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let row = ["SHENZHEN LUMEN PHOTONICS CO", "8 KEJI ROAD", "SHENZHEN", "", "CN", "", "12/01/2026", "12/01/2036", "Y", "2026-12-01",
                   "F.R. NOTICE ADDED", "91 F.R. 99999 12/1/2026"].map { "\"\($0)\"" }.joined(separator: "\t")
        lines.insert(Substring(row), at: 1)
        return Data(lines.joined(separator: "\n").utf8)
    }

    /// A directory of controlled artefacts with its manifest.
    static func artefacts() throws -> (directory: String, content: Data) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-artefacts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        let content = Data((0..<300_000).map { UInt8(($0 * 7) % 256) })
        try content.write(to: directory.appendingPathComponent("data/cooling.bin"))
        try Data(#"{"artifacts":[{"id":"turbine-cooling-data","path":"data/cooling.bin","eccn":"9E003.a","description":"Blade cooling technology"}]}"#.utf8)
            .write(to: directory.appendingPathComponent("manifest.json"))
        return (directory.path, content)
    }

    /// A running `clearance gate`.
    struct GateProcess {
        let process: Process
        let port: Int

        static func start(artifacts: String, database: String, spool: String? = nil) async throws -> GateProcess {
            let (process, output) = try CLI.spawn(
                ["gate", "--artifacts", artifacts, "--port", "0", "--database", database, "--poll-ms", "200"] + (spool.map { ["--spool", $0] } ?? []))
            return GateProcess(process: process, port: try await Server.listeningPort(output))
        }

        func download(_ artifact: String, token: String?, range: String? = nil) async throws -> (status: Int, body: Data) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/artifacts/\(artifact)")!)
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            if let range { request.setValue(range, forHTTPHeaderField: "Range") }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        }

        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    static func license(_ id: String = "D7654321") -> [String: Any] {
        [
            "id": id, "kind": "bis-license", "eccns": ["9E003.a"], "destinations": ["CN"], "end_user": party, "quantity_limit": 2,
            "valid_from": "2026-01-01", "valid_to": "2027-12-31",
        ]
    }

    @Test(arguments: Server.Backend.allCases)
    func aReleaseIsAuthorisedDownloadedThroughTheGateAndRefusedOnceThePartyIsListed(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        let (directory, content) = try Self.artefacts()
        #expect(try await server.request("POST", "/v1/parties", role: .analyst, json: ["parties": [["id": "C-1001", "name": Self.party, "country": "CN"]]]).status == 200)
        #expect(try await server.request("POST", "/v1/licenses", json: Self.license()).status == 201)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/manifest.json")))
        #expect(try await server.request("POST", "/v1/artifacts", json: manifest).status == 201)

        let permit = try await server.request(
            "POST", "/v1/authorize", role: .screener, json: ["party": "C-1001", "artifact": "turbine-cooling-data", "destination": "CN"])
        #expect(permit.status == 200, "\(permit.text)")
        #expect(permit.json["verdict"] as? String == "PERMIT", "\(permit.text)")
        let license = try #require(permit.json["license"] as? [String: Any])
        #expect(license["id"] as? String == "D7654321" && license["status"] as? String == "AUTHORIZED" && license["quantity_left"] as? Int == 1)
        let token = try #require(permit.json["token"] as? String)
        let decision = try #require(permit.json["decision_id"] as? String)

        let keys = try await server.request("GET", "/v1/keys", role: nil)
        #expect(keys.status == 200 && keys.text.contains(#""crv":"Ed25519""#))
        let jwks = try CLI.temporaryFile(keys.text, name: "keys.json")
        let verified = try await CLI.run(["token", "verify", token, "--jwks", jwks, "--artifact", "turbine-cooling-data"])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains(decision))
        #expect(try await CLI.run(["token", "verify", token, "--jwks", jwks, "--audience", "other-gate"]).status == 1)

        let gate = try await GateProcess.start(artifacts: directory, database: server.database)
        defer { gate.stop() }
        let whole = try await gate.download("turbine-cooling-data", token: token)
        #expect(whole.status == 200 && whole.body == content)
        let part = try await gate.download("turbine-cooling-data", token: token, range: "bytes=1000-1999")
        #expect(part.status == 206 && part.body == content[1000...1999])
        #expect(try await gate.download("turbine-cooling-data", token: nil).status == 401)

        let listed = try await server.request("POST", "/v1/lists/us-dpl/versions?published=2026-12-01", body: try Self.dplListingTheParty(), contentType: "text/plain")
        #expect(listed.status == 200, "\(listed.text)")
        #expect(listed.json["alerts_opened"] as? Int == 1, "\(listed.text)")
        let start = Date()
        var refused = (status: 200, body: Data())
        // The gate learns of the revocation on its next poll (200 ms here); how fast is a benchmark's
        // question, so the test only waits, generously, for the refusal.
        while Date().timeIntervalSince(start) < 30 {
            refused = try await gate.download("turbine-cooling-data", token: token)
            if refused.status == 403 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(refused.status == 403)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("revoked"))

        let held = try await server.request(
            "POST", "/v1/authorize", role: .screener, json: ["party": "C-1001", "artifact": "turbine-cooling-data", "destination": "CN"])
        #expect(held.json["verdict"] as? String == "REVIEW" && held.json["token"] == nil, "\(held.text)")
        let cases = try await server.request("GET", "/v1/cases?status=open", role: .analyst)
        let alert = try #require((cases.json["cases"] as? [[String: Any]])?.first { $0["party_id"] as? String == "C-1001" })
        let decided = try await server.request(
            "POST", "/v1/cases/\(alert["id"] as? Int ?? 0)/decision", role: .analyst, json: ["decision": "true_match", "reason": "same name and city"])
        #expect(decided.status == 200)
        let denied = try await server.request(
            "POST", "/v1/authorize", role: .screener, json: ["party": "C-1001", "artifact": "turbine-cooling-data", "destination": "CN"])
        #expect(denied.json["verdict"] as? String == "DENY")
        #expect((denied.json["reasons"] as? [[String: Any]])?.first?["code"] as? String == "party_true_match")

        let stored = try await server.request("GET", "/v1/authorizations/\(decision)", role: .analyst)
        #expect(stored.status == 200 && (stored.json["revoked"] as? [String: Any])?["reason"] != nil, "\(stored.text)")
        let audit = try await server.request("GET", "/v1/audit?limit=1000", role: .analyst).text
        for action in ["authorize", "gate.release", "gate.deny", "license.add", "artifacts.register", "signing-key.create"] {
            #expect(audit.contains(#""action":"\#(action)""#), "\(action)")
        }
        #expect(try await server.request("GET", "/v1/audit/verify", role: .analyst).json["intact"] as? Bool == true)
    }

    @Test func revokingTheLicenceOrRotatingTheKeyIsSeenByARunningGate() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        let (directory, _) = try Self.artefacts()
        _ = try await server.request("POST", "/v1/parties", role: .analyst, json: ["parties": [["id": "C-1001", "name": Self.party]]])
        _ = try await server.request("POST", "/v1/licenses", json: Self.license())
        _ = try await server.request("POST", "/v1/artifacts", json: ["artifacts": [["id": "turbine-cooling-data", "eccn": "9E003.a"]]])
        let body: [String: Any] = ["party": "C-1001", "artifact": "turbine-cooling-data", "destination": "CN"]
        let first = try #require(try await server.request("POST", "/v1/authorize", role: .screener, json: body).json["token"] as? String)
        let gate = try await GateProcess.start(artifacts: directory, database: server.database)
        defer { gate.stop() }
        #expect(try await gate.download("turbine-cooling-data", token: first).status == 200)

        let rotated = try await server.request("POST", "/v1/keys/rotate")
        #expect(rotated.status == 201)
        let second = try #require(try await server.request("POST", "/v1/authorize", role: .screener, json: body).json["token"] as? String)
        try await Task.sleep(for: .milliseconds(600))
        #expect(try await gate.download("turbine-cooling-data", token: second).status == 200, "the gate picked up the new key")
        #expect(try await gate.download("turbine-cooling-data", token: first).status == 200, "the retired key still verifies its tokens")
        let published = try await server.request("GET", "/v1/keys", role: nil)
        #expect((published.json["keys"] as? [Any])?.count == 2)

        let exhausted = try await server.request("POST", "/v1/authorize", role: .screener, json: body)
        #expect(exhausted.json["verdict"] as? String == "DENY", "the licence allowed two releases: \(exhausted.text)")
        #expect(exhausted.text.contains("0 units left"))

        let revoked = try await server.request("POST", "/v1/licenses/D7654321/revoke", json: ["reason": "BIS revoked the licence"])
        #expect(revoked.status == 200 && revoked.json["revoked_authorizations"] as? Int == 2, "\(revoked.text)")
        try await Task.sleep(for: .milliseconds(600))
        for token in [first, second] {
            let refused = try await gate.download("turbine-cooling-data", token: token)
            #expect(refused.status == 403 && String(decoding: refused.body, as: UTF8.self).contains("BIS revoked the licence"))
        }
    }

    @Test func aDeemedExportIsDeterminedForThePersonsCountriesFromTheCommandLine() async throws {
        let database = try await Server.freshDatabase(.sqlite)
        let denied = try await CLI.run(["authorize", "--person", "Li Wei", "--citizenship", "CN", "--eccn", "9E003.a", "--database", database])
        #expect(denied.status == 1)
        #expect(denied.stdout.hasPrefix("DENY") && denied.stdout.contains("deemed export, 15 CFR 734.13"), "\(denied.stdout)")
        _ = try await CLI.run([
            "licenses", "add", "D0000001", "--kind", "bis-license", "--eccn", "9E003.a", "--destination", "CN", "--end-user", "Li Wei",
            "--valid-from", "2026-01-01", "--valid-to", "2027-12-31", "--database", database,
        ])
        let licensed = try await CLI.run(["authorize", "--person", "Li Wei", "--citizenship", "CN", "--eccn", "9E003.a", "--format", "json", "--database", database])
        #expect(licensed.status == 0, "\(licensed.stdout)")
        let answer = try jsonObject(licensed.stdout)
        #expect(answer["verdict"] as? String == "PERMIT" && answer["deemed_export"] as? Bool == true)
        #expect(answer["destinations"] as? [String] == ["CN"])
        let dual = try jsonObject(try await CLI.run(["authorize", "--person", "Li Wei", "--citizenship", "CN", "--citizenship", "IR", "--eccn", "9E003.a", "--format", "json", "--database", database]).stdout)
        #expect(dual["verdict"] as? String == "DENY" && dual["destinations"] as? [String] == ["CN", "IR"], "every country of the person is evaluated")
        let resident = try await CLI.run(["authorize", "--person", "Ana Silva", "--citizenship", "BR", "--permanent-residence", "US", "--eccn", "9E003.a", "--database", database])
        #expect(resident.status == 0 && resident.stdout.contains("us_person"), "\(resident.stdout)")
        let commodity = try await CLI.run(["authorize", "--person", "Li Wei", "--citizenship", "CN", "--eccn", "9A001", "--database", database])
        #expect(commodity.status == 2 && commodity.stderr.contains("technology or source code"), "\(commodity.stderr)")
        let both = try await CLI.run(["authorize", "--party", "x", "--person", "y", "--eccn", "EAR99", "--database", database])
        #expect(both.status == 2 && both.stderr.contains("exactly one of --party or --person"))
        #expect(try await CLI.run(["audit", "list", "--limit", "100", "--database", database]).stdout.contains("(deemed export)"))
    }

    @Test func badAuthorisationRequestsGetTheirFieldAndNothingIsWritten() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        let before = try await server.request("GET", "/v1/audit?limit=1000", role: .analyst).json["records"] as? [Any]
        let cases: [([String: Any], Int, String)] = [
            (["eccn": "EAR99", "destination": "DE"], 400, "party"),
            (["party": "p", "person": ["name": "x", "citizenship": ["CN"]], "eccn": "EAR99"], 400, "person"),
            (["party": "p", "destination": "DE"], 400, "eccn"),
            (["party": "nobody", "eccn": "EAR99", "destination": "DE"], 404, "party"),
            (["person": ["name": "x", "citizenship": ["ZZZ"]], "eccn": "EAR99"], 400, "person.citizenship"),
            (["person": ["name": "x"], "artifact": "missing"], 404, "artifact"),
            (["person": ["name": "x", "citizenship": ["CN"]], "eccn": "3A001.b", "destination": "CN", "token_ttl_seconds": 5], 400, "token_ttl_seconds"),
            (["person": ["name": "x", "citizenship": ["CN"]], "eccn": "not-an-eccn", "destination": "CN"], 422, "eccn"),
            (["person": ["name": "x", "citizenship": ["CN"]], "eccn": "EAR99", "destination": "Atlantis"], 422, "destination"),
            (["person": ["name": "x", "citizenship": ["CN"]], "eccn": "EAR99", "quantity": -1], 400, "quantity"),
            (["person": ["name": "x"], "eccn": "EAR99", "surprise": true], 400, "surprise"),
        ]
        for (body, status, field) in cases {
            let reply = try await server.request("POST", "/v1/authorize", role: .screener, json: body)
            #expect(reply.status == status, "\(body): \(reply.text)")
            #expect((reply.json["error"] as? [String: Any])?["field"] as? String == field, "\(body): \(reply.text)")
        }
        let after = try await server.request("GET", "/v1/audit?limit=1000", role: .analyst).json["records"] as? [Any]
        #expect(before?.count == after?.count, "refused requests write nothing")
        #expect(try await server.request("POST", "/v1/authorize", role: nil, json: ["party": "p"]).status == 401)
        #expect(try await server.request("POST", "/v1/keys/rotate", role: .analyst).status == 403)
    }
}
