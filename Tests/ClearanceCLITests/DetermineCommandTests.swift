import Foundation
import Testing

/// End-to-end: the built `clearance determine` binary, its JSON contract, batch mode and errors.
@Suite struct DetermineCommandTests {
    static func json(_ arguments: [String]) async throws -> [String: Any] {
        let result = try await CLI.run(["determine"] + arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try jsonObject(result.stdout)
    }

    @Test func jsonOutputHasTheContractKeys() async throws {
        let object = try await Self.json(["--eccn", "3A001.a.2", "--destination", "CN"])
        #expect(object["outcome"] as? String == "LICENSE_REQUIRED")
        let findings = try #require(object["findings"] as? [[String: Any]])
        let ns2 = try #require(findings.first { $0["reason"] as? String == "NS2" })
        #expect(ns2["prohibition"] as? String == "GP1")
        #expect(ns2["outcome"] as? String == "LICENSE_REQUIRED")
        #expect((ns2["citation"] as? String)?.contains("742.4") == true)
        #expect((ns2["explanation"] as? String)?.isEmpty == false)
        #expect(ns2["regime"] as? String == "Wassenaar Arrangement")
        let exceptions = try #require(object["license_exceptions"] as? [[String: Any]])
        let lvs = try #require(exceptions.first { $0["code"] as? String == "LVS" })
        #expect(lvs["available"] as? Bool == false)
        #expect(lvs["citation"] as? String == "740.3")
        #expect((lvs["unmet"] as? [String])?.isEmpty == false)
        #expect((object["data_version"] as? String)?.contains("2026-09-24") == true)
        #expect((object["toggles"] as? [String: Bool])?["ai_diffusion_enforced"] == false)
    }

    @Test func textOutputStartsWithTheVerdictAndCitesTheRows() async throws {
        let result = try await CLI.run(["determine", "--eccn", "4A994", "--destination", "DE"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("NLR: 4A994 to DE") == true)
        #expect(result.stdout.contains("Country Chart row has no X under AT1"))
        #expect(result.stdout.contains("Toggles: ai_diffusion_enforced=false"))
    }

    @Test func theAIDiffusionFlagTurnsTheToggleOn() async throws {
        let off = try await Self.json(["--eccn", "3A090.a", "--destination", "DE", "--end-user-country", "DE", "--parent-country", "DE"])
        #expect(off["outcome"] as? String == "NLR")
        let on = try await Self.json([
            "--eccn", "3A090.a", "--destination", "DE", "--end-user-country", "DE", "--parent-country", "DE", "--ai-diffusion-enforced",
        ])
        #expect(on["outcome"] as? String == "LICENSE_REQUIRED")
        #expect((on["toggles"] as? [String: Bool])?["ai_diffusion_enforced"] == true)
    }

    @Test func endUseAndFactOptionsReachTheEngine() async throws {
        let nuclear = try await Self.json(["--eccn", "EAR99", "--destination", "DE", "--end-use", "nuclear"])
        #expect(nuclear["outcome"] as? String == "LICENSE_REQUIRED")
        let telecom = try await Self.json(["--eccn", "3A001.b.3", "--destination", "JP", "--fact", "civil-telecommunications=no"])
        #expect(telecom["outcome"] as? String == "LICENSE_REQUIRED")
        let crimea = try await Self.json(["--eccn", "EAR99", "--destination", "UA-43", "--date", "2026-01-02"])
        #expect(crimea["outcome"] as? String == "LICENSE_REQUIRED")
    }

    @Test func aDeniedPersonPartyIsProhibitedAndAnEntityListPartyCitesItsEntry() async throws {
        let denied = try await Self.json(["--eccn", "EAR99", "--destination", "DE", "--party", "AARON ABRAHAM VILLA"])
        #expect(denied["outcome"] as? String == "PROHIBITED")
        let findings = try #require(denied["findings"] as? [[String: Any]])
        let gp4 = try #require(findings.first { $0["prohibition"] as? String == "GP4" })
        let entry = try #require(gp4["list_entry"] as? [String: Any])
        #expect((entry["id"] as? String)?.hasPrefix("us-dpl:") == true)
        #expect((gp4["explanation"] as? String)?.contains("87 F.R. 52741") == true)

        let listed = try await Self.json(["--eccn", "EAR99", "--destination", "AF", "--party", "Afghan-German Construction Company"])
        let gp5 = try #require((listed["findings"] as? [[String: Any]])?.first { $0["reason"] as? String == "744.11" })
        #expect(gp5["outcome"] as? String == "LICENSE_REQUIRED")
        #expect((gp5["explanation"] as? String)?.contains("For all items subject to the EAR") == true)
        #expect(listed["outcome"] as? String == "LICENSE_REQUIRED")

        let clean = try await Self.json(["--eccn", "4A994", "--destination", "DE", "--party", "Siemens Aktiengesellschaft"])
        #expect(clean["outcome"] as? String == "NLR")
    }

    @Test func badInputExitsTwoAndNamesTheField() async throws {
        let cases: [([String], String)] = [
            (["--eccn", "3A009", "--destination", "DE"], "3A009"),
            (["--eccn", "laptop", "--destination", "DE"], "eccn"),
            (["--eccn", "4A994", "--destination", "XX"], "destination"),
            (["--eccn", "4A994", "--destination", "DE", "--value", "ten"], "value"),
            (["--eccn", "4A994", "--destination", "DE", "--date", "2025-13-01"], "date"),
            (["--eccn", "4A994", "--destination", "DE", "--end-use", "tourism"], "end-use"),
            (["--eccn", "4A994"], "--destination"),
        ]
        for (arguments, named) in cases {
            let result = try await CLI.run(["determine"] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(named), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let unknown = try await CLI.run(["determine", "--eccn", "3A009", "--destination", "DE"])
        #expect(unknown.stderr.contains("3A001") || unknown.stderr.contains("3A002"), "suggests near ECCNs: \(unknown.stderr)")
    }

    @Test func batchWritesOneLinePerRowInOrderAndMarksBadRows() async throws {
        let path = try CLI.temporaryFile("""
            id,eccn,destination,end_use,value,fact
            o1,3A001.a.2,CN,,,
            o2,4A994,DE,,,
            o3,3A009,DE,,,
            o4,5A003,BR,,400,component=yes
            o5,EAR99,DE,nuclear;military,,
            o6,4A994,DE,,abc,

            """)
        let result = try await CLI.run(["determine", "--input", path, "--format", "jsonl"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map { try? jsonObject($0) }
        #expect(lines.count == 6)
        #expect(lines.map { $0?["id"] as? String } == ["o1", "o2", "o3", "o4", "o5", "o6"])
        #expect(lines[0]?["outcome"] as? String == "LICENSE_REQUIRED")
        #expect(lines[1]?["outcome"] as? String == "NLR")
        #expect((lines[2]?["error"] as? String)?.contains("line 4") == true)
        #expect((lines[2]?["error"] as? String)?.contains("3A009") == true)
        #expect(lines[3]?["line"] as? Int == 5)
        #expect(lines[4]?["outcome"] as? String == "LICENSE_REQUIRED")
        #expect((lines[5]?["error"] as? String)?.contains("value") == true)
    }

    @Test func batchSummaryCountsReasonsRegimesAndTheMultilateralCounterfactual() async throws {
        let path = try CLI.temporaryFile("""
            eccn,destination
            3A001.a.2,CN
            4A994,CU
            4A994,DE
            9A610.y.1,CN
            0A501.a,CA

            """)
        let result = try await CLI.run(["determine", "--input", path, "--summary", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try jsonObject(result.stdout)
        #expect(summary["rows"] as? Int == 5)
        #expect(summary["license_required"] as? Int == 4)
        let reasons = try #require(summary["reasons"] as? [String: Int])
        #expect(reasons["NS2"] == 1)
        #expect(reasons["746.2"] == 1)
        let regimes = try #require(summary["regimes"] as? [String: Int])
        #expect(regimes["Wassenaar Arrangement"] == 2)
        #expect(summary["no_license_if_multilateral_only"] as? Int == 1, "only the Cuba embargo row is unilateral-only")

        let text = try await CLI.run(["determine", "--input", path, "--summary"])
        #expect(text.stdout.contains("Would need no licence if only multilateral controls applied: 1 of 4"))
        let both = try await CLI.run(["determine", "--input", path, "--format", "jsonl", "--summary"])
        #expect(both.stdout.split(separator: "\n").count == 5)
        #expect(both.stderr.contains("Licence required, by regime"))
    }

    @Test func batchHeaderErrorsNameTheColumn() async throws {
        let path = try CLI.temporaryFile("eccn,country\n4A994,DE\n")
        let result = try await CLI.run(["determine", "--input", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("country"))
    }

    @Test func randomStringsToEveryOptionNeverCrashTheProcess() async throws {
        var generator = SeededGenerator(seed: 20_261_206)
        let options = ["--eccn", "--destination", "--end-use", "--end-user-country", "--parent-country", "--value", "--date", "--fact", "--transit", "--us-content", "--red-flag"]
        let junk = ["", " ", "3A001.", "..", "EAR99", "UA-", "HK", "=", "yes", "-1", "1e999", "NaN", "2025-02-29", "ü", "中国", "\u{202E}", String(repeating: "A", count: 300)]
        for _ in 0..<25 {
            var arguments = ["determine", "--eccn", Bool.random(using: &generator) ? "4A994" : junk.randomElement(using: &generator)!,
                             "--destination", Bool.random(using: &generator) ? "DE" : junk.randomElement(using: &generator)!]
            for option in options.shuffled(using: &generator).prefix(3) {
                arguments += [option, junk.randomElement(using: &generator)!]
            }
            let result = try await CLI.run(arguments + ["--format", "json"])
            #expect([0, 2].contains(result.status), "\(arguments): status \(result.status) \(result.stderr)")
            if result.status == 0 { #expect((try? jsonObject(result.stdout)) != nil) }
        }
    }
}
