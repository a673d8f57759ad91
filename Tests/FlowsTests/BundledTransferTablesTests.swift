import BundledData
import Flows
import Foundation
import DataFormats
import Testing

/// The bundled tables load, agree with the shared source files, and every rule is reachable.
@Suite struct BundledTransferTablesTests {
    private static let directory = BundledData.transfersDirectory

    @Test func everyRuleRowIsReachableFromACategory() {
        let tables = Bundled.tables
        let mapped = Set(tables.mappings.map(\.ruleID))
        let unmapped = tables.rules.map(\.id).filter { !mapped.contains($0) }
        #expect(unmapped.isEmpty, "rules no category reaches: \(unmapped)")
    }

    @Test func everySourceRowHasARuleAndEveryCLICategoryHasAMapping() throws {
        let source = try CSVTable.rows(
            in: Data(contentsOf: Self.directory.appendingPathComponent("source/data_transfer_rules.csv")),
            file: "source/data_transfer_rules.csv",
            expected: [
                "jurisdiction", "iso2", "data_category", "rule_type", "requirement", "permitted_mechanisms", "legal_basis", "effective",
                "confidence", "notes",
            ])
        let tables = Bundled.tables
        #expect(source.count == 42)
        for row in source {
            let rule = try #require(tables.rules.first { $0.sourceLine == row.line }, "no rule for source line \(row.line)")
            #expect(rule.iso2 == row.text("iso2"))
            #expect(rule.requirement == row.text("requirement"))
            #expect(rule.legalBasis == row.text("legal_basis"))
            #expect(rule.effectiveText == row.text("effective"))
            #expect(rule.ruleType.rawValue == row.text("rule_type"))
            #expect(rule.confidence == row.text("confidence"))
            if let leading = CivilDate(String(row.text("effective").prefix(10))) {
                #expect(rule.span.from == leading, "line \(row.line): normalised date differs from the source's leading date")
            }
        }
        for category in ["personal", "sensitive", "financial", "health", "government", "telecom-metadata", "important-data", "source-code"] {
            #expect(tables.mappings.contains { $0.category == category }, "\(category) maps to no rule")
        }
    }

    @Test func theTablesCarryTheDataVersionAndCoverage() {
        let tables = Bundled.tables
        #expect(tables.dataVersion.contains("trade-transfers 2026-11-23"))
        #expect(tables.dataVersion.contains("corrections 7,8,9"))
        #expect(tables.coverage.lowerBound == CivilDate("2021-01-01"))
        #expect(tables.coverage.upperBound == CivilDate("2026-11-23"))
    }

    @Test func theEUTableHas27MembersAndTheEEAThree() throws {
        let date = try #require(CivilDate("2025-06-01"))
        let current = Bundled.tables.memberships.filter { $0.span.contains(date) }
        #expect(current.filter { $0.union == .eu }.count == 27)
        #expect(Set(current.filter { $0.union == .eea }.map(\.iso2)) == ["IS", "LI", "NO"])
        #expect(!current.contains { $0.iso2 == "GB" })
    }

    @Test func everyAdequacyRowOfTheEUAndUKFilesIsInTheAdequacyTable() throws {
        let eu = try CSVTable.rows(
            in: Data(contentsOf: Self.directory.appendingPathComponent("source/eu_adequacy_decisions.csv")),
            file: "eu_adequacy_decisions.csv",
            expected: ["jurisdiction", "iso2", "scope", "instrument", "adopted", "status", "notes", "confidence"])
        let adequacy = Bundled.tables.adequacy
        for row in eu where row.text("iso2") != "(IO)" {
            #expect(adequacy.contains { $0.origin == "EU" && $0.destination == row.text("iso2") }, "EU adequacy for \(row.text("iso2")) missing")
        }
        let uk = try CSVTable.rows(
            in: Data(contentsOf: Self.directory.appendingPathComponent("source/uk_adequacy_regulations.csv")),
            file: "uk_adequacy_regulations.csv",
            expected: ["jurisdiction", "iso2", "instrument", "in_force", "scope", "notes", "confidence"])
        for row in uk {
            for code in row.text("iso2").split(separator: ";").map(String.init) where !["IS", "LI", "NO"].contains(code) {
                #expect(adequacy.contains { $0.origin == "GB" && $0.destination == code }, "UK adequacy for \(code) missing")
            }
        }
    }
}
