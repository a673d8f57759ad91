import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// End-to-end: what the routing and decoding generated from `openapi.yaml` refuse is answered in the API's error
/// shape, naming the field, on the real `clearance serve`.
@Suite("Generated API layer", .serialized)
struct GeneratedAPITests {
    static func error(_ reply: Server.Reply) -> [String: Any] {
        reply.json["error"] as? [String: Any] ?? [:]
    }

    @Test("a body field of the wrong type, a missing one, an unknown one and a value outside its enum are a 400 naming the field")
    func bodyDecodingFailuresNameTheField() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        let cases: [(String, Any, String)] = [
            ("/v1/keys", ["role": "boss"], "role"),
            ("/v1/keys", ["role": 7], "role"),
            ("/v1/keys", [String: Any](), "role"),
            ("/v1/keys", ["role": "admin", "scope": "all"], "scope"),
            ("/v1/cases/1/decision", ["decision": "maybe", "reason": "x"], "decision"),
            ("/v1/licenses", ["id": "L1", "kind": "bis-license", "eccns": "5A002", "destinations": ["FR"], "valid_from": "2026-01-01", "valid_to": "2026-12-31"], "eccns"),
            ("/v1/exclusions", ["requester": ["name": "A"], "hts10": "8481909020"], "requester.organisation"),
        ]
        for (path, body, field) in cases {
            let reply = try await server.request("POST", path, role: .admin, json: body)
            #expect(reply.status == 400, "\(path) \(body): \(reply.text)")
            #expect(Self.error(reply)["code"] as? String == "invalid_field", "\(reply.text)")
            #expect(Self.error(reply)["field"] as? String == field, "\(path) \(body): \(reply.text)")
        }
    }

    @Test("a query parameter the document types (a number, true or false, an enum) that cannot be read is a 400 naming it")
    func queryDecodingFailuresNameTheParameter() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        for (path, field) in [
            ("/v1/cases?limit=ten", "limit"), ("/v1/cases?status=closed", "status"), ("/v1/audit?after=x", "after"),
            ("/v1/revocations?limit=5&after=1.5", "after"), ("/v1/exclusions?status=open", "status"),
        ] {
            let reply = try await server.request("GET", path, role: .analyst)
            #expect(reply.status == 400, "\(path): \(reply.text)")
            #expect(Self.error(reply)["field"] as? String == field, "\(path): \(reply.text)")
        }
        let force = try await server.request("POST", "/v1/lists/us-dpl/versions?force=yes", body: Data("x".utf8), contentType: "application/octet-stream")
        #expect(force.status == 400 && Self.error(force)["field"] as? String == "force", "\(force.text)")
    }

    @Test("null, which no request schema allows, is refused naming the field instead of read as absent")
    func nullIsRefused() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        let before = try await EdgeAPITests.auditCount(server)
        let screen = try await server.request("POST", "/v1/screen", role: .screener, body: Data(#"{"name": "Acme", "limit": null}"#.utf8))
        #expect(screen.status == 400, "\(screen.text)")
        #expect(Self.error(screen)["field"] as? String == "limit")
        let artifacts = try await server.request(
            "POST", "/v1/artifacts", body: Data(#"{"artifacts": [{"id": "a", "eccn": "EAR99", "path": null}]}"#.utf8))
        #expect(artifacts.status == 400 && Self.error(artifacts)["field"] as? String == "artifacts[0].path", "\(artifacts.text)")
        #expect(try await EdgeAPITests.auditCount(server) == before, "nothing screened or stored")
    }

    @Test("405 answers name the methods the document gives the path, and a body of an undeclared type is a 415 in the error shape")
    func methodsAndContentTypesComeFromTheDocument() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/v1/keys")!)
        request.httpMethod = "DELETE"
        request.setValue("Bearer \(server.keys[.admin] ?? "")", forHTTPHeaderField: "Authorization")
        let (body, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 405)
        #expect(http.value(forHTTPHeaderField: "Allow") == "GET, POST")
        #expect(String(decoding: body, as: UTF8.self).contains("method_not_allowed"))
        let screen = try await server.request("GET", "/v1/screen", role: .screener)
        #expect(screen.status == 405 && Self.error(screen)["message"] as? String == "GET is not allowed on /v1/screen; use POST")
        let text = try await server.request("POST", "/v1/screen", role: .screener, body: Data("name=Acme".utf8), contentType: "text/plain")
        #expect(text.status == 415, "\(text.text)")
        #expect(Self.error(text)["code"] as? String == "unsupported_media_type")
    }
}
