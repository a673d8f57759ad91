import Foundation
import Testing

/// End-to-end: the built `clearance transfer` binary, its JSON contract, text output and errors.
@Suite struct TransferCommandTests {
    static func json(_ arguments: [String]) async throws -> [String: Any] {
        let result = try await CLI.run(["transfer"] + arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try jsonObject(result.stdout)
    }

    @Test func jsonOutputHasTheContractKeys() async throws {
        let object = try await Self.json(["--category", "personal", "--from", "DE", "--to", "US", "--date", "2025-06-01", "--mechanism", "scc"])
        for key in ["outcome", "rules", "steps", "agreements", "conflicts", "data_version", "date", "category", "from", "to", "reasons", "notes"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect(object["outcome"] as? String == "permitted_with_conditions")
        #expect(object["date"] as? String == "2025-06-01")
        let rules = try #require(object["rules"] as? [[String: Any]])
        let eu = try #require(rules.first { $0["id"] as? String == "EU-PERSONAL" })
        #expect(eu["jurisdiction"] as? String == "European Union / EEA")
        #expect(eu["iso2"] as? String == "EU")
        #expect(eu["rule_type"] as? String == "conditional_transfer")
        #expect(eu["effective"] as? String == "2018-05-25")
        #expect(eu["confidence"] as? String == "high")
        #expect(eu["source"] as? String == "rules.csv:2")
        #expect((eu["legal_basis"] as? String)?.contains("2016/679") == true)
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.contains { ($0["step"] as? String)?.contains("Transfer impact assessment") == true })
        #expect((object["data_version"] as? String)?.contains("corrections 7,8,9") == true)
    }

    @Test func jsonAgreementsAndConflictsCarryTheArticles() async throws {
        let object = try await Self.json([
            "--category", "personal", "--from", "VN", "--to", "JP", "--date", "2025-06-01", "--fact", "vn-domestic-enterprise=yes",
        ])
        #expect(object["outcome"] as? String == "blocked")
        let agreements = try #require(object["agreements"] as? [[String: Any]])
        let cptpp = try #require(agreements.first { $0["id"] as? String == "CPTPP" })
        #expect((cptpp["localization"] as? String)?.hasPrefix("Art. 14.13") == true)
        #expect((cptpp["in_force_for"] as? [String: String])?["VN"] == "2019-01-14")
        for key in ["data_flows", "source_code", "financial_services_data", "personal_information", "exceptions", "dispute_settlement", "confidence"] {
            #expect(cptpp[key] != nil, "missing agreement key \(key)")
        }
        let conflicts = try #require(object["conflicts"] as? [[String: Any]])
        #expect(conflicts.contains { $0["agreement"] as? String == "CPTPP" && $0["assessment"] as? String == "caveated" })
    }

    @Test func textOutputStartsWithTheVerdict() async throws {
        let result = try await CLI.run(["transfer", "--category", "personal", "--from", "DE", "--to", "JP", "--date", "2025-06-01"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("PERMITTED: category personal, from DE (EU) to JP on 2025-06-01"))
        #expect(result.stdout.contains("EU-JP-EPA"))
        #expect(result.stdout.contains("Data: trade-transfers 2026-11-23"))
    }

    @Test func badInputExitsWith2AndNamesTheOption() async throws {
        let country = try await CLI.run(["transfer", "--category", "personal", "--from", "XX", "--to", "US", "--date", "2025-06-01"])
        #expect(country.status == 2)
        #expect(country.stderr.contains("--from: unknown country 'XX'"))
        let category = try await CLI.run(["transfer", "--category", "biometric", "--from", "DE", "--to", "US", "--date", "2025-06-01"])
        #expect(category.status == 2)
        #expect(category.stderr.contains("--category: unknown category 'biometric'"))
        let mechanism = try await CLI.run([
            "transfer", "--category", "personal", "--from", "DE", "--to", "US", "--date", "2025-06-01", "--mechanism", "handshake",
        ])
        #expect(mechanism.status == 2)
        #expect(mechanism.stderr.contains("--mechanism: unknown mechanism 'handshake'"))
        let date = try await CLI.run(["transfer", "--category", "personal", "--from", "DE", "--to", "US", "--date", "2020-06-01"])
        #expect(date.status == 2)
        #expect(date.stderr.contains("begins on 2021-01-01"))
        let missing = try await CLI.run(["transfer", "--category", "personal", "--from", "DE"])
        #expect(missing.status == 2)
    }

    @Test func theFactsFlagListsTheVocabularyAndTheCoverage() async throws {
        let result = try await CLI.run(["transfer", "--facts"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Categories (--category): personal, sensitive"))
        #expect(result.stdout.contains("dpf-uk:"))
        #expect(result.stdout.contains("ciio:"))
        #expect(result.stdout.contains("Dates covered: from 2021-01-01; compiled 2026-11-23"))
    }

    @Test func brokenTablesExitWith1NamingTheFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("transfers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let result = try await CLI.run([
            "transfer", "--category", "personal", "--from", "DE", "--to", "US", "--date", "2025-06-01", "--transfers-dir", directory.path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("tables.json"))
    }
}
