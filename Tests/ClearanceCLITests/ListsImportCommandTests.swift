import Foundation
import Store
import Testing

/// End-to-end: a new list version through `clearance lists import`, on both backends: the diff, delisting,
/// re-screening of stored parties, and an import killed part way through.
@Suite(.serialized) struct ListsImportCommandTests {
    static let bundledDPL = CLI.repositoryRoot.appendingPathComponent("Data/lists/us/dpl/dpl.txt")

    /// The bundled Denied Persons List without AARON ABRAHAM VILLA and with a new order for ZEBULON QUIXOTE TRADING.
    static func changedDPL() throws -> String {
        let lines = try String(contentsOf: bundledDPL, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var kept = lines.filter { !$0.hasPrefix("\"AARON ABRAHAM VILLA\"") }
        let added = ["ZEBULON QUIXOTE TRADING", "1 HARBOUR ROAD", "PORT LOUIS", "", "MU", "", "03/01/2026", "03/01/2036", "Y", "2026-03-02",
                     "F.R. NOTICE ADDED", "91 F.R. 1234 3/2/2026"].map { "\"\($0)\"" }.joined(separator: "\t")
        kept.insert(Substring(added), at: 1)
        return try CLI.temporaryFile(kept.joined(separator: "\n"), name: "dpl.txt")
    }

    @Test(arguments: Server.Backend.allCases)
    func aNewVersionDelistsReScreensAndIsAudited(backend: Server.Backend) async throws {
        let database = try await Server.freshDatabase(backend)
        let parties = try CLI.temporaryFile("id,name,type,country,dob\np1,AARON ABRAHAM VILLA,,,\np2,Zebulon Quixote Trading,organization,,\np3,Acme Widgets GmbH,organization,DE,\n")
        let imported = try await CLI.run(["parties", "import", parties, "--database", database])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("3 parties: 3 new"))
        let before = try await CLI.run(["cases", "list", "--database", database]).stdout.split(separator: "\n").compactMap { try? jsonObject($0) }
        #expect(before.contains { $0["party_id"] as? String == "p1" && ($0["entity_id"] as? String)?.hasPrefix("us-dpl:") == true })
        #expect(!before.contains { $0["party_id"] as? String == "p2" })

        let update = try await CLI.run(["lists", "import", try Self.changedDPL(), "--source", "us-dpl", "--database", database])
        #expect(update.status == 0, "\(update.stderr)")
        #expect(update.stdout.contains("1 added"), "\(update.stdout)")
        #expect(update.stdout.contains("1 removed"))
        #expect(update.stdout.contains("1 alerts closed as delisted"))
        #expect(update.stdout.contains("3 parties re-screened, 1 alerts opened"))

        let all = try await CLI.run(["cases", "list", "--status", "all", "--database", database]).stdout.split(separator: "\n").compactMap { try? jsonObject($0) }
        #expect(all.first { $0["party_id"] as? String == "p1" && ($0["entity_id"] as? String)?.hasPrefix("us-dpl:") == true }?["status"] as? String == "delisted")
        #expect(all.contains { $0["party_id"] as? String == "p2" && $0["status"] as? String == "open" })
        let verify = try await CLI.run(["audit", "verify", "--database", database])
        #expect(verify.status == 0, "\(verify.stdout)")
        let records = try await CLI.run(["audit", "list", "--limit", "1000", "--database", database]).stdout
        #expect(records.contains("\"action\":\"lists.import\""))
        #expect(records.contains("\"action\":\"lists.rescreen\""))

        let same = try await CLI.run(["lists", "import", try Self.changedDPL(), "--source", "us-dpl", "--database", database])
        #expect(same.stdout.contains("0 added, 0 changed, 0 removed"), "re-importing the same content changes nothing: \(same.stdout)")
    }

    @Test func badListFilesAreRefusedWithTheirPlace() async throws {
        let database = try await Server.freshDatabase(.sqlite)
        let empty = try CLI.temporaryFile("not a list\n", name: "dpl.txt")
        let refused = try await CLI.run(["lists", "import", empty, "--source", "us-dpl", "--database", database])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("dpl.txt"))
        let unknown = try await CLI.run(["lists", "import", empty, "--source", "nosuch", "--database", database])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown source nosuch"), "\(unknown.stderr)")
    }

    @Test func anImportKilledPartWayLeavesOneActiveVersionAndAnIntactStore() async throws {
        let database = try await Server.freshDatabase(.sqlite)
        #expect(try await CLI.run(["lists", "--lists", "us-dpl"]).status == 0)
        _ = try await CLI.run(["audit", "verify", "--database", database])
        let changed = try Self.changedDPL()
        var killedDuringWork = 0
        for delay in [0.3, 0.6, 0.9, 1.2, 1.5, 2.0] {
            let (process, _) = try CLI.spawn(["lists", "import", changed, "--source", "us-dpl", "--database", database])
            try await Task.sleep(for: .seconds(delay))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killedDuringWork += 1
            }
            process.waitUntilExit()
            let store = try SQLiteStore(path: database)
            try await store.migrate()
            let active = try await store.activeListVersions()
            #expect(Set(active.map(\.source)).count == active.count, "one active version per source")
            for version in active {
                #expect(try await store.entities(versionID: version.id).count == version.entityCount, "\(version.source) is complete")
            }
            #expect(try await store.verifyAudit().isIntact)
        }
        #expect(killedDuringWork > 0, "at least one run was killed before it finished")
    }
}
