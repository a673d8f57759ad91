import Foundation
import Store
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// End-to-end: the real `clearance serve` refuses at the edge, with a 400 naming the field, what it once
/// accepted (issue 16), and stores nothing for it, on both backends.
@Suite(.serialized) struct EdgeAPITests {
    /// The error object of a reply.
    static func error(_ reply: Server.Reply) -> [String: Any] {
        reply.json["error"] as? [String: Any] ?? [:]
    }

    /// How many audit records the store holds.
    static func auditCount(_ server: Server) async throws -> Int {
        (try await server.request("GET", "/v1/audit?limit=10000", role: .analyst).json["records"] as? [Any])?.count ?? -1
    }

    @Test(arguments: Server.Backend.allCases)
    func aLicenceWithNothingLeftNeverAuthorisesAndQuantityZeroIsRefused(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        var license = EnforceCommandTests.license()
        license["quantity_limit"] = 1
        #expect(try await server.request("POST", "/v1/licenses", json: license).status == 201)
        #expect(try await server.request("POST", "/v1/parties", role: .analyst, json: ["parties": [["id": "C-1001", "name": EnforceCommandTests.party, "country": "CN"]]]).status == 200)
        let request: [String: Any] = ["party": "C-1001", "eccn": "9E003.a", "destination": "CN", "date": "2026-06-01"]
        let first = try await server.request("POST", "/v1/authorize", role: .screener, json: request)
        #expect(first.json["verdict"] as? String == "PERMIT", "\(first.text)")
        let before = try await Self.auditCount(server)
        var zero = request
        zero["quantity"] = 0
        let refused = try await server.request("POST", "/v1/authorize", role: .screener, json: zero)
        #expect(refused.status == 400, "\(refused.text)")
        #expect(Self.error(refused)["field"] as? String == "quantity")
        #expect(refused.json["token"] == nil)
        #expect(try await Self.auditCount(server) == before, "a refused request is not a decision")
        let exhausted = try await server.request("POST", "/v1/authorize", role: .screener, json: request)
        #expect(exhausted.status == 200)
        #expect(exhausted.json["verdict"] as? String != "PERMIT", "0 of 1 units left: \(exhausted.text)")
        #expect(exhausted.json["token"] == nil)
    }

    @Test(arguments: Server.Backend.allCases)
    func aPartyNameHoldingANulIsRefusedAsJSONAndAsCSVAndNothingIsStored(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        let before = try await Self.auditCount(server)
        let json = try await server.request(
            "POST", "/v1/parties", role: .analyst, body: Data(#"{"parties": [{"id": "c1", "name": "\u0000Banco Nacional de Cuba"}]}"#.utf8))
        #expect(json.status == 400, "\(json.text)")
        #expect(Self.error(json)["field"] as? String == "parties[0].name")
        var csv = Data("id,name,type,country,dob\nc2,Acme,organization,,\nc1,Banco".utf8)
        csv.append(0)
        csv.append(contentsOf: Data(" Nacional de Cuba,organization,,\n".utf8))
        let reply = try await server.request("POST", "/v1/parties", role: .analyst, body: csv, contentType: "text/csv")
        #expect(reply.status == 400, "\(reply.text)")
        #expect(Self.error(reply)["field"] as? String == "line 3.name")
        #expect((Self.error(reply)["message"] as? String)?.contains("U+0000") == true)
        for id in ["c1", "c2"] {
            #expect(try await server.request("GET", "/v1/parties/\(id)", role: .analyst).status == 404, "nothing stored")
        }
        let path = try await server.request("GET", "/v1/parties/c1%00x", role: .analyst)
        #expect(path.status == 400, "a NUL in a path parameter never reaches the store: \(path.text)")
        #expect(Self.error(path)["field"] as? String == "path")
        let query = try await server.request("GET", "/v1/exclusions?hts10=8481%00", role: .analyst)
        #expect(query.status == 400)
        #expect(Self.error(query)["field"] as? String == "hts10")
        #expect(try await Self.auditCount(server) == before)
    }

    @Test(arguments: Server.Backend.allCases)
    func aPartiesCSVThatIsNotUTF8IsRefusedNamingTheLine(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        var csv = Data("id,name,type,country,dob\nc1,Caf".utf8)
        csv.append(0xE9)  // Latin-1 é
        csv.append(contentsOf: Data(" de Paris,organization,FR,\n".utf8))
        let reply = try await server.request("POST", "/v1/parties", role: .analyst, body: csv, contentType: "text/csv")
        #expect(reply.status == 400, "\(reply.text)")
        #expect(Self.error(reply)["field"] as? String == "line 2.name")
        #expect((Self.error(reply)["message"] as? String)?.contains("UTF-8") == true)
        #expect(try await server.request("GET", "/v1/parties/c1", role: .analyst).status == 404)
    }

    @Test func aFourMegabyteNameIsRefusedNamingTheFieldAndTheCapBeforeAnythingIsScreenedOrStored() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        let name = String(repeating: "Banco Nacional ", count: (4 << 20) / 15)
        let json = try await server.request("POST", "/v1/parties", role: .analyst, json: ["parties": [["id": "c1", "name": name]]])
        #expect(json.status == 400)
        #expect(Self.error(json)["field"] as? String == "parties[0].name")
        #expect((Self.error(json)["message"] as? String)?.contains("1000 characters") == true)
        let csv = try await server.request(
            "POST", "/v1/parties", role: .analyst, body: Data("id,name\nc1,\(name)\n".utf8), contentType: "text/csv")
        #expect(csv.status == 400)
        #expect(Self.error(csv)["field"] as? String == "line 2.name")
        #expect(try await server.request("GET", "/v1/parties/c1", role: .analyst).status == 404, "nothing stored")
        let audit = try await server.request("GET", "/v1/audit?limit=1000", role: .analyst)
        #expect(!audit.text.contains("parties.import"), "nothing screened or audited")
        let person = try await server.request(
            "POST", "/v1/authorize", role: .screener, json: ["person": ["name": String(repeating: "x", count: 1001)], "eccn": "3E001"])
        #expect(person.status == 400)
        #expect(Self.error(person)["field"] as? String == "person.name")
    }

    @Test func anUnknownListSourceIsRefusedListingTheKnownOnes() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        let reply = try await server.request("POST", "/v1/screen", role: .screener, json: ["name": "Banco Nacional de Cuba", "sources": ["OFAC-SDN"]])
        #expect(reply.status == 400)
        #expect(Self.error(reply)["field"] as? String == "sources")
        #expect((Self.error(reply)["message"] as? String)?.contains("ofac-sdn") == true)
        let batch = try await server.request(
            "POST", "/v1/screen", role: .screener, json: ["queries": [["name": "a"], ["name": "b", "sources": "nowhere"]]])
        #expect(Self.error(batch)["field"] as? String == "queries[1].sources")
        let known = try await server.request("POST", "/v1/screen", role: .screener, json: ["name": "Banco Nacional de Cuba", "sources": ["ofac-sdn"]])
        #expect(known.status == 200)
        #expect((known.json["matches"] as? [Any])?.isEmpty == false)
    }

    @Test(arguments: Server.Backend.allCases)
    func aLicenceForAnUnknownDestinationAndAnArtefactPathLeavingItsDirectoryAreRefused(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        var license = EnforceCommandTests.license()
        license["destinations"] = ["CN", "NOTACOUNTRY"]
        let refused = try await server.request("POST", "/v1/licenses", json: license)
        #expect(refused.status == 400)
        #expect(Self.error(refused)["field"] as? String == "destinations[1]")
        license["destinations"] = ["hk", "UA-43"]
        #expect(try await server.request("POST", "/v1/licenses", json: license).status == 201, "codes a determination resolves")
        for path in ["../../etc/passwd", "/etc/passwd", "data/../../x", "data//x"] {
            let reply = try await server.request(
                "POST", "/v1/artifacts", json: ["artifacts": [["id": "ok", "path": "data/ok.bin", "eccn": "EAR99"], ["id": "x", "path": path, "eccn": "EAR99"]]])
            #expect(reply.status == 400, "\(path)")
            #expect(Self.error(reply)["field"] as? String == "artifacts[1].path", "\(path)")
        }
        #expect((try await server.request("GET", "/v1/artifacts", role: .screener).json["artifacts"] as? [Any])?.isEmpty == true)
    }

    @Test func aBodyWithAKeyGivenTwiceIsRefusedNamingTheKey() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        let body = Data(#"{"parties": [{"id": "c1", "name": "Banco Nacional de Cuba", "name": "Acme"}]}"#.utf8)
        let reply = try await server.request("POST", "/v1/parties", role: .analyst, body: body)
        #expect(reply.status == 400)
        #expect(Self.error(reply)["code"] as? String == "duplicate_key")
        #expect(Self.error(reply)["field"] as? String == "parties[0].name")
        #expect(try await server.request("GET", "/v1/parties/c1", role: .analyst).status == 404)
    }
}
