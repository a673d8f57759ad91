import Foundation
import Testing

@Suite("clearance screen, end to end on the bundled lists")
struct ScreenCommandTests {
    @Test func anExactPrimaryNameIsTheTopMatchWithScoreOne() async throws {
        let output = try await CLI.run(["screen", "Banco Nacional de Cuba", "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let document = try jsonObject(output.stdout)
        let query = try #require(document["query"] as? [String: Any])
        #expect(query["name"] as? String == "Banco Nacional de Cuba")
        let matches = try #require(document["matches"] as? [[String: Any]])
        let top = try #require(matches.first)
        #expect(top["entity_id"] as? String == "ofac-sdn:306")
        #expect(top["score"] as? Double == 1)
        #expect(top["source"] as? String == "ofac-sdn")
        let explanation = try #require(top["explanation"] as? [String: Any])
        #expect(explanation["name_kind"] as? String == "primary")
        #expect((explanation["tokens"] as? [[String: Any]])?.isEmpty == false)
        let list = try #require(top["list"] as? [String: Any])
        #expect(list["published"] as? String == "2023-12-28")
    }

    @Test func textOutputExplainsEachMatch() async throws {
        let output = try await CLI.run(["screen", "Nasralah Hasan", "--type", "person", "--dob", "1960"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("ofac-sdn:2686"))
        #expect(output.stdout.contains("nasralah ~ nasrallah ("))
        #expect(output.stdout.contains("date-of-birth +"))
        #expect(output.stdout.contains("type +"))
    }

    @Test func aNameOnNoListPrintsThatNothingMatched() async throws {
        let output = try await CLI.run(["screen", "Wilhelmina Oosterhuis-Vandersloot"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("No match scores"))
    }

    @Test func crossScriptQueryFindsTheRomanisedEntry() async throws {
        let output = try await CLI.run(["screen", "Газпромбанк", "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let matches = try #require(try jsonObject(output.stdout)["matches"] as? [[String: Any]])
        #expect(matches.contains { ($0["name"] as? String)?.uppercased().contains("GAZPROMBANK") == true })
    }

    @Test func listsOptionRestrictsTheSources() async throws {
        let all = try await CLI.run(["screen", "Saddam Hussein al-Tikriti", "--format", "json"])
        let everywhere = try #require(try jsonObject(all.stdout)["matches"] as? [[String: Any]])
        #expect(Set(everywhere.compactMap { $0["source"] as? String }).count > 1)
        let output = try await CLI.run(["screen", "Saddam Hussein al-Tikriti", "--lists", "un", "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let matches = try #require(try jsonObject(output.stdout)["matches"] as? [[String: Any]])
        #expect(!matches.isEmpty)
        #expect(matches.allSatisfy { $0["source"] as? String == "un" })
    }

    @Test func jsonOutputReportsTheThresholdUsed() async throws {
        let output = try await CLI.run(["screen", "Banco Nacional de Cuba", "--threshold", "0.95", "--format", "json"])
        #expect(try jsonObject(output.stdout)["threshold"] as? Double == 0.95)
    }

    @Test(arguments: [
        (["screen"], "give a NAME"),
        (["screen", "X", "--type", "robot"], "--type must be"),
        (["screen", "X", "--dob", "1990-13-01"], "--dob must be"),
        (["screen", "X", "--country", "IRN"], "--country must be"),
        (["screen", "X", "--threshold", "1.5"], "--threshold must be"),
        (["screen", "X", "--format", "jsonl"], "--format must be"),
        (["screen", "X", "--lists", "nowhere"], "unknown list source"),
        (["screen", "X", "--lists", ","], "--lists names no list"),
        (["screen", "X", "--lists-dir", "/nonexistent"], "no list manifest"),
        (["screen", "--input", "/nonexistent.csv"], "cannot read --input"),
        (["screen", "X", "--stale-after", "soon"], "--stale-after must be"),
    ])
    func wrongUsageExitsWithStatusTwoAndSaysWhy(arguments: [String], message: String) async throws {
        let output = try await CLI.run(arguments)
        #expect(output.status == 2)
        #expect(output.stderr.contains(message), "stderr: \(output.stderr)")
        #expect(output.stdout.isEmpty)
    }
}

@Suite("clearance screen --input: batch screening")
struct BatchCommandTests {
    @Test func everyRowGetsOneLineInInputOrderAndBadRowsSayWhere() async throws {
        let file = try CLI.temporaryFile("""
            id,name,type,country,dob
            c1,Banco Nacional de Cuba,organization,CU,
            c2,Wilhelmina Oosterhuis,person,NL,1980
            c3,,person,,
            c4,Hasan Nasrallah,person,LB,1960-08-31
            c5,"NASRALLAH, Hasan",robot,,
            c6,"Quoted, with comma",organization,,

            """)
        let output = try await CLI.run(["screen", "--input", file, "--format", "jsonl"])
        #expect(output.status == 1, "a failed row makes the exit status non-zero")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        let rows = try lines.map { try jsonObject($0) }
        #expect(rows.map { $0["query_id"] as? String } == ["c1", "c2", "c3", "c4", "c5", "c6"])
        #expect(((rows[0]["matches"] as? [[String: Any]])?.first?["entity_id"] as? String) == "ofac-sdn:306")
        #expect((rows[1]["matches"] as? [[String: Any]])?.isEmpty == true)
        #expect(rows[2]["error"] as? String == "line 4: field name is empty")
        #expect(((rows[3]["matches"] as? [[String: Any]])?.first?["entity_id"] as? String) == "ofac-sdn:2686")
        #expect((rows[4]["error"] as? String)?.hasPrefix("line 6: field type") == true)
        #expect(rows[5]["matches"] != nil)
    }

    @Test func matchesAreSortedAndAtOrAboveTheThreshold() async throws {
        let file = try CLI.temporaryFile("id,name\nq1,Muhammad Ali\nq2,Gazprom Bank\n")
        let output = try await CLI.run(["screen", "--input", file, "--threshold", "0.7", "--limit", "5"])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect((try jsonObject(lines[1])["matches"] as? [[String: Any]])?.isEmpty == false)
        for line in lines {
            let scores = (try jsonObject(line)["matches"] as? [[String: Any]] ?? []).compactMap { $0["score"] as? Double }
            #expect(scores.count <= 5)
            #expect(scores.allSatisfy { $0 >= 0.7 && $0 <= 1 })
            #expect(scores == scores.sorted(by: >))
        }
    }

    @Test func csvOutputHasAHeaderAndOneLinePerRow() async throws {
        let file = try CLI.temporaryFile("id,name\nq1,GAZPROMBANK\nq2,Nobody Inparticular\n")
        let output = try await CLI.run(["screen", "--input", file, "--format", "csv"])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("query_id,matches,top_entity_id"))
        #expect(lines[1].hasPrefix("q1,"))
        #expect(lines[2].hasPrefix("q2,0,"))
    }

    @Test func standardInputIsReadWithADash() async throws {
        let output = try await CLI.run(["screen", "--input", "-"], stdin: "id,name\nx,Banco Nacional de Cuba\n")
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("ofac-sdn:306"))
    }

    @Test func aHeaderWithoutTheNameColumnIsAUsageError() async throws {
        let file = try CLI.temporaryFile("id,fullname\n1,Someone\n")
        let output = try await CLI.run(["screen", "--input", file])
        #expect(output.status == 2)
        #expect(output.stderr.contains("line 1: unknown column 'fullname'"))
    }

    @Test func aRowWithTheWrongNumberOfFieldsIsReportedAndTheRestStillRun() async throws {
        let file = try CLI.temporaryFile("id,name,country\n1,Banco Nacional de Cuba\n2,GAZPROMBANK,RU\n")
        let output = try await CLI.run(["screen", "--input", file])
        #expect(output.status == 1)
        let rows = try output.stdout.split(separator: "\n").map { try jsonObject($0) }
        #expect(rows[0]["error"] as? String == "line 2: expected 3 fields as in the header, found 2")
        #expect(rows[1]["matches"] != nil)
    }
}
