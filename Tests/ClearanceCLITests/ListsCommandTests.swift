import Foundation
import Testing

@Suite("clearance lists")
struct ListsCommandTests {
    @Test func everyBundledListIsShownWithCountsDateAndDigest() throws {
        let output = try CLI.run(["lists", "--format", "json"])
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

    @Test func textOutputSaysTheConsolidatedScreeningListIsPartial() throws {
        let output = try CLI.run(["lists"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("PARTIAL"))
        #expect(output.stdout.contains("66b392a4090868d2d39161e8d748efd39138377b0e6e60b7921aa67a4f99c8bf"))
    }

    @Test func aMalformedRecordInADroppedInFileIsReportedWithFileAndLine() throws {
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
        try Data("\(header)\n\(good)\n\(short)\n".utf8).write(to: directory.appendingPathComponent("dpl.txt"))

        let issues = try CLI.run(["lists", "--issues", "--lists-dir", directory.path])
        #expect(issues.status == 0, "\(issues.stderr)")
        #expect(issues.stdout.contains("dpl.txt:3"))

        let screen = try CLI.run(["screen", "John Quincy Example", "--lists-dir", directory.path, "--format", "json"])
        let matches = try #require(try jsonObject(screen.stdout)["matches"] as? [[String: Any]])
        #expect((matches.first?["entity_id"] as? String)?.hasPrefix("us-dpl:") == true)
    }

    @Test func entitiesAreExportedAsJSONLines() throws {
        let output = try CLI.run(["lists", "--entities", "--lists", "un"])
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 1003)
        let first = try jsonObject(lines[0])
        #expect((first["id"] as? String)?.hasPrefix("un:") == true)
    }
}
