import Foundation
import Testing

@Suite("clearance lists")
struct ListsCommandTests {
    @Test func everyBundledListIsShownWithCountsDateAndDigest() async throws {
        let output = try await CLI.run(["lists", "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        #expect(rows.compactMap { $0["source"] as? String } == ["ofac-sdn", "ofac-cons", "un", "us-dpl", "us-csl", "uk"])
        for row in rows {
            #expect((row["entities"] as? Int ?? 0) > 0)
            #expect((row["names"] as? Int ?? 0) >= (row["entities"] as? Int ?? 0))
            #expect((row["sha256"] as? String)?.count == 64)
            #expect(row["published"] as? String != nil)
        }
        let csl = try #require(rows.first { $0["source"] as? String == "us-csl" })
        #expect((csl["partial"] as? String)?.contains("cut off") == true)
    }

    @Test func textOutputSaysTheConsolidatedScreeningListIsPartial() async throws {
        let output = try await CLI.run(["lists"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("PARTIAL"))
        #expect(output.stdout.contains("66b392a4090868d2d39161e8d748efd39138377b0e6e60b7921aa67a4f99c8bf"))
    }

    @Test func aMalformedRecordInADroppedInFileIsReportedWithFileAndLine() async throws {
        let directory = URL(fileURLWithPath: try CLI.temporaryFile("", name: "placeholder")).deletingLastPathComponent()
        let manifest = """
            {"lists": [{"source": "us-dpl", "name": "BIS Denied Persons List", "format": "bis-dpl-tsv", "files": {"primary": "dpl.txt"}}]}
            """
        try Data(manifest.utf8).write(to: directory.appendingPathComponent("manifest.json"))
        let header = ["Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date", "Expiration_Date",
                      "Standard_Order", "Last_Update", "Action", "FR_Citation"].map { "\"\($0)\"" }.joined(separator: "\t")
        let good = ["JOHN QUINCY EXAMPLE", "1 MAIN ST", "MIAMI", "FL", "", "33101", "01/02/2020", "01/02/2030", "Y",
                    "2020-01-03", "F.R. NOTICE ADDED", "85 F.R. 1 1/3/2020"].map { "\"\($0)\"" }.joined(separator: "\t")
        let short = ["TRUNCATED ROW", "2 MAIN ST"].map { "\"\($0)\"" }.joined(separator: "\t")
        // 1 malformed row in 121 is within the tolerance (1%); more would refuse the list.
        let others = (1...119).map { good.replacingOccurrences(of: "JOHN QUINCY EXAMPLE", with: "OTHER PERSON \($0)") }
        try Data(([header, good, short] + others).joined(separator: "\n").appending("\n").utf8).write(to: directory.appendingPathComponent("dpl.txt"))

        let issues = try await CLI.run(["lists", "--issues", "--lists-dir", directory.path])
        #expect(issues.status == 0, "\(issues.stderr)")
        #expect(issues.stdout.contains("dpl.txt:3"))

        let screen = try await CLI.run(["screen", "John Quincy Example", "--lists-dir", directory.path, "--format", "json"])
        let matches = try #require(try jsonObject(screen.stdout)["matches"] as? [[String: Any]])
        #expect((matches.first?["entity_id"] as? String)?.hasPrefix("us-dpl:") == true)
    }

    @Test func entitiesAreExportedAsJSONLines() async throws {
        let output = try await CLI.run(["lists", "--entities", "--lists", "un"])
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 1003)
        let first = try jsonObject(lines[0])
        #expect((first["id"] as? String)?.hasPrefix("un:") == true)
    }
}

@Suite("The index snapshot cache, end to end")
struct SnapshotCacheTests {
    @Test func aDamagedSnapshotIsIgnoredAndReplaced() async throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-cache-\(UUID().uuidString)")
        let environment = ["CLEARANCE_CACHE_DIR": cache.path]
        let first = try await CLI.run(["screen", "Banco Nacional de Cuba", "--lists", "ofac-cons,us-dpl"], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".bin") }
        #expect(snapshots.count == 1)
        let snapshot = cache.appendingPathComponent(try #require(snapshots.first))
        try Data("damaged".utf8).write(to: snapshot)

        let again = try await CLI.run(["screen", "GAZPROMBANK JOINT STOCK COMPANY", "--lists", "ofac-cons,us-dpl", "--format", "json"], environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        let matches = try #require(try jsonObject(again.stdout)["matches"] as? [[String: Any]])
        #expect(matches.first?["entity_id"] as? String == "ofac-cons:17016")
        #expect((try Data(contentsOf: snapshot)).count > 1000, "the damaged snapshot was rebuilt")
    }

    @Test func noCacheParsesTheListsAndGivesTheSameAnswer() async throws {
        let cached = try await CLI.run(["screen", "Hasan Nasrallah", "--format", "json", "--lists", "ofac-sdn"])
        let fresh = try await CLI.run(["screen", "Hasan Nasrallah", "--format", "json", "--lists", "ofac-sdn", "--no-cache"])
        #expect(fresh.status == 0)
        let a = try #require(try jsonObject(cached.stdout)["matches"] as? [[String: Any]])
        let b = try #require(try jsonObject(fresh.stdout)["matches"] as? [[String: Any]])
        #expect(a.map { $0["entity_id"] as? String } == b.map { $0["entity_id"] as? String })
        #expect(a.map { $0["score"] as? Double } == b.map { $0["score"] as? Double })
    }
}
