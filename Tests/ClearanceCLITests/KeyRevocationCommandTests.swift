import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Store
import Testing

/// End-to-end: revoking a key takes effect at once, in every process, and is audited.
@Suite(.serialized) struct KeyRevocationCommandTests {
    /// GET `path` on the server with `secret` as the bearer key.
    static func status(_ server: Server, _ path: String, secret: String) async throws -> Int {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)\(path)")!)
        request.setValue("Bearer \(secret)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    static func actions(_ server: Server) async throws -> [String] {
        (try await server.request("GET", "/v1/audit?limit=1000", role: .analyst).json["records"] as? [[String: Any]] ?? []).compactMap {
            $0["action"] as? String
        }
    }

    @Test func aRevokedAPIKeyIsRefusedOnItsNextRequestWhicheverProcessRevokedIt() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        var made: [(id: String, secret: String)] = []
        for _ in 0..<2 {
            let created = try await server.request("POST", "/v1/keys", json: ["role": "analyst"])
            made.append((try #require(created.json["id"] as? String), try #require(created.json["secret"] as? String)))
        }
        for key in made { #expect(try await Self.status(server, "/v1/artifacts", secret: key.secret) == 200) }

        let cli = try await CLI.run(["keys", "revoke", made[0].id, "--reason", "laptop lost", "--database", server.database])
        #expect(cli.status == 0 && cli.stdout.contains("revoked API key \(made[0].id)"), "\(cli.stderr)")
        #expect(try await Self.status(server, "/v1/artifacts", secret: made[0].secret) == 401, "revoked by another process: refused at once")

        let api = try await server.request("POST", "/v1/keys/\(made[1].id)/revoke", json: ["reason": "left the company"])
        #expect(api.status == 200 && api.json["kind"] as? String == "api_key", "\(api.text)")
        #expect(try await Self.status(server, "/v1/artifacts", secret: made[1].secret) == 401)

        #expect(try await server.request("POST", "/v1/keys/\(made[1].id)/revoke", json: ["reason": "again"]).status == 409)
        #expect(try await server.request("POST", "/v1/keys/key_000000000000/revoke", json: ["reason": "x"]).status == 404)
        #expect(try await server.request("POST", "/v1/keys/\(made[1].id)/revoke", json: [String: String]()).status == 400)
        #expect(try await server.request("POST", "/v1/keys/\(made[1].id)/revoke", role: .analyst, json: ["reason": "x"]).status == 403)
        #expect(try await Self.actions(server).filter { $0 == "key.revoke" }.count == 2)
    }

    @Test func aRevokedSigningKeyLeavesTheKeySetItsTokensStopAtTheGateAndANewKeySigns() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        let (directory, _) = try EnforceCommandTests.artefacts()
        _ = try await server.request("POST", "/v1/parties", role: .analyst, json: ["parties": [["id": "C-1001", "name": EnforceCommandTests.party]]])
        var license = EnforceCommandTests.license()
        license["quantity_limit"] = 10
        _ = try await server.request("POST", "/v1/licenses", json: license)
        _ = try await server.request("POST", "/v1/artifacts", json: ["artifacts": [["id": "turbine-cooling-data", "eccn": "9E003.a"]]])
        let body: [String: Any] = ["party": "C-1001", "artifact": "turbine-cooling-data", "destination": "CN"]
        func permit() async throws -> String {
            try #require(try await server.request("POST", "/v1/authorize", role: .screener, json: body).json["token"] as? String)
        }
        func published() async throws -> [String] {
            (try await server.request("GET", "/v1/keys", role: nil).json["keys"] as? [[String: Any]] ?? []).compactMap { $0["kid"] as? String }
        }
        let first = try await permit()
        let gate = try await EnforceCommandTests.GateProcess.start(artifacts: directory, database: server.database)
        defer { gate.stop() }
        #expect(try await gate.download("turbine-cooling-data", token: first).status == 200)
        let firstKey = try #require(try await published().first)

        let revoked = try await server.request("POST", "/v1/keys/\(firstKey)/revoke", json: ["reason": "private key exposed in a backup"])
        #expect(revoked.status == 200 && revoked.json["kind"] as? String == "signing_key", "\(revoked.text)")
        let secondKey = try #require(revoked.json["current_kid"] as? String)
        #expect(try await published() == [secondKey], "the revoked key leaves the key set at once")
        let second = try await permit()
        #expect(try await gate.download("turbine-cooling-data", token: second).status == 200, "a token naming the new key makes the gate re-read its keys")
        try await Task.sleep(for: .milliseconds(600))
        let refused = try await gate.download("turbine-cooling-data", token: first)
        #expect(refused.status == 401 && String(decoding: refused.body, as: UTF8.self).contains("unknown_key"))

        // Revoked from another process: the server's next PERMIT is signed by a new key, which the gate accepts.
        let cli = try await CLI.run(["keys", "revoke", secondKey, "--reason", "rotated out early", "--database", server.database])
        #expect(cli.status == 0 && cli.stdout.contains("signs from now on"), "\(cli.stdout) \(cli.stderr)")
        let third = try await permit()
        let thirdKey = try #require(try await published().first)
        #expect(![firstKey, secondKey].contains(thirdKey))
        // The gate reads the key set for an unknown key at most once per poll interval (200 ms here), and it read
        // it for the second key just before: the third key is known after that interval, by a read or a poll.
        try await Task.sleep(for: .milliseconds(600))
        #expect(try await gate.download("turbine-cooling-data", token: third).status == 200)
        try await Task.sleep(for: .milliseconds(600))
        #expect(try await gate.download("turbine-cooling-data", token: second).status == 401)
        #expect(try await Self.actions(server).filter { $0 == "signing-key.revoke" }.count == 2)
        let verification = try await server.request("GET", "/v1/audit/verify", role: .analyst)
        #expect(verification.json["intact"] as? Bool == true, "\(verification.text)")
    }
}
