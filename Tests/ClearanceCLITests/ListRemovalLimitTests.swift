import Foundation
import Store
import Testing

/// A well-formed list version that removes more than the allowed share of the active entities is refused,
/// audited, and imported only when forced: through the CLI and the API, on both backends.
@Suite(.serialized) struct ListRemovalLimitTests {
    /// The bundled Denied Persons List cut to its first half of rows (as a truncated download would be).
    static func halfDPL() throws -> String {
        let lines = try String(contentsOf: ListsImportCommandTests.bundledDPL, encoding: .utf8).split(separator: "\n").map(String.init)
        return try CLI.temporaryFile(lines.prefix(lines.count / 2).joined(separator: "\n") + "\n", name: "dpl.txt")
    }

    static func auditActions(_ database: String) async throws -> [String] {
        try await CLI.run(["audit", "list", "--limit", "10000", "--database", database]).stdout.split(separator: "\n")
            .compactMap { try? jsonObject($0)["action"] as? String }
    }

    @Test(arguments: Server.Backend.allCases)
    func aVersionRemovingTooManyEntitiesIsRefusedAuditedAndImportedOnlyWhenForced(backend: Server.Backend) async throws {
        let database = try await Server.freshDatabase(backend)
        let base = ["--source", "us-dpl", "--database", database, "--lists", "us-dpl"]
        let party = try CLI.temporaryFile("id,name,type,country,dob\np1,AARON ABRAHAM VILLA,,,\n")
        #expect(try await CLI.run(["parties", "import", party, "--database", database, "--lists", "us-dpl"]).status == 0)
        let before = try await CrashTests.withStore(database) { try await $0.activeListVersions() }

        let half = try Self.halfDPL()
        let refused = try await CLI.run(["lists", "import", half] + base)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("us-dpl: the new version removes"), "\(refused.stderr)")
        #expect(refused.stderr.contains("more than the 10% allowed"))
        #expect(try await CrashTests.withStore(database) { try await $0.activeListVersions() } == before, "nothing was imported")
        #expect(try await Self.auditActions(database).last == "lists.import.refused")

        let looser = try await CLI.run(["lists", "import", half] + base, environment: ["CLEARANCE_LIST_REMOVAL_LIMIT": "0.6"])
        #expect(looser.status == 0, "a higher limit lets the same version in: \(looser.stderr)")
        let restored = try await CLI.run(["lists", "import", ListsImportCommandTests.bundledDPL.path] + base)
        #expect(restored.status == 0, "adding entities back is never refused: \(restored.stderr)")

        let forced = try await CLI.run(["lists", "import", half, "--force"] + base)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("removed"), "\(forced.stdout)")
        let records = try await CLI.run(["audit", "list", "--limit", "10000", "--database", database]).stdout
        #expect(records.contains("forced past the 10% removal limit"))
        #expect(try await CLI.run(["audit", "verify", "--database", database]).status == 0)
        let bad = try await CLI.run(["lists", "import", half] + base, environment: ["CLEARANCE_LIST_REMOVAL_LIMIT": "ten percent"])
        #expect(bad.status != 0 && bad.stderr.contains("CLEARANCE_LIST_REMOVAL_LIMIT"), "\(bad.stderr)")
    }

    @Test func theAPIRefusesTheSameVersionWithA422UnlessForced() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        let half = try Data(contentsOf: URL(fileURLWithPath: try Self.halfDPL()))
        let refused = try await server.request("POST", "/v1/lists/us-dpl/versions", body: half, contentType: "application/octet-stream")
        #expect(refused.status == 422, "\(refused.text)")
        #expect(refused.text.contains("list_version_refused"))
        let invalid = try await server.request(
            "POST", "/v1/lists/us-dpl/versions?force=yes", body: half, contentType: "application/octet-stream")
        #expect(invalid.status == 400)
        let forced = try await server.request(
            "POST", "/v1/lists/us-dpl/versions?force=true", body: half, contentType: "application/octet-stream")
        #expect(forced.status == 200, "\(forced.text)")
        #expect((forced.json["removed"] as? Int ?? 0) > 0)
        let audit = try await server.request("GET", "/v1/audit?limit=1000", role: .admin)
        #expect(audit.text.contains("lists.import.refused"))
    }
}
