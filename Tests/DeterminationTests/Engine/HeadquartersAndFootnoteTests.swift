import BundledData
import Determination
import Foundation
import Testing

/// 744.23(a)(3) and the Country Chart footnotes, both read from rule tables.
@Suite struct HeadquartersAndFootnoteTests {
    @Test func aParentHeadquarteredInD5NeedsALicenseWhereTheDestinationDoesNot() throws {
        let answer = try Fixture.determine("3A090.b", to: "MY", endUserCountry: "MY", parentCountry: "CN")
        #expect(answer.outcome == .licenseRequired)
        let finding = try #require(answer.findings.first { $0.reason == "744.23(a)(3)" })
        #expect(finding.outcome == .licenseRequired)
        #expect(finding.citation == "744.23(a)(3)")
        #expect(finding.sources.contains { $0.file == "rules/headquarters_rules.csv" })
    }

    @Test(arguments: ["3A090.a", "3A090.b", "4A090.a", "4A090.b", "3A001.z", "4A003.z", "5A002.z", "5D002.z"])
    func anEndUserInMacauOrD5NeedsALicenseForEveryItemTheRuleReaches(item: String) throws {
        for (endUser, parent) in [("MO", "MY"), ("MY", "CN"), ("IR", "IR")] {
            let answer = try Fixture.determine(item, to: "MY", endUserCountry: endUser, parentCountry: parent)
            #expect(answer.findings.contains { $0.reason == "744.23(a)(3)" && $0.outcome == .licenseRequired }, "\(item) \(endUser)/\(parent)")
            #expect(answer.outcome >= .licenseRequired)
        }
        let clear = try Fixture.determine(item, to: "MY", endUserCountry: "MY", parentCountry: "DE")
        #expect(clear.findings.contains { $0.reason == "744.23(a)(3)" && $0.outcome == .nlr }, "\(item)")
    }

    @Test(arguments: [(nil, nil, "end-user-country"), ("MY", nil, "parent-country"), (nil, "MY", "end-user-country")] as [(String?, String?, String)])
    func aMissingHeadquartersIsNeedsReviewNamingItNeverNLR(endUser: String?, parent: String?, missing: String) throws {
        let answer = try Fixture.determine("3A090.b", to: "MY", endUserCountry: endUser, parentCountry: parent)
        #expect(answer.outcome == .needsReview)
        #expect(answer.findings.contains { $0.reason == "744.23(a)(3)" && $0.missingFact == missing })
    }

    @Test func theRuleIsNotAppliedBeforeItTookEffect() throws {
        let answer = try Fixture.determine("3A090.b", to: "MY", endUserCountry: "MY", parentCountry: "CN", date: "2023-11-16")
        #expect(!answer.findings.contains { $0.reason == "744.23(a)(3)" })
    }

    @Test func footnote10RequiresALicenseFor0A501ExceptYToAustraliaAndTheUK() throws {
        for destination in ["AU", "GB"] {
            let rifle = try Fixture.determine("0A501.a", to: destination)
            #expect(rifle.outcome == .licenseRequired, "\(destination)")
            let finding = try #require(rifle.findings.first { $0.reason == "chart footnote 10" })
            #expect(finding.citation.contains("footnote 10"))
            #expect(try Fixture.determine("0A501.y.1", to: destination).outcome == .nlr)
        }
        #expect(try Fixture.determine("0A501.a", to: "NZ").findings.allSatisfy { $0.reason != "chart footnote 10" })
    }

    @Test func aFootnoteWhoseScopeTheDataDoesNotHoldIsNeedsReviewNamingIt() throws {
        let answer = try Fixture.determine("0A502", to: "AU")
        #expect(answer.outcome == .needsReview)
        #expect(answer.findings.contains { $0.reason == "chart footnote 10" && $0.missingFact == "chart footnote 10" })
    }

    @Test func footnote7RequiresALicenseForThermalCamerasToIndia() throws {
        let answer = try Fixture.determine("6A003.b.4.b", to: "IN")
        #expect(answer.findings.contains { $0.reason == "chart footnote 7" && $0.outcome == .licenseRequired })
    }

    @Test func everyFootnoteOnTheChartHasARuleAndEveryRuleNamesAKnownFootnote() {
        let numbers = Set(Fixture.reference.countryChart.rows.flatMap(\.footnotes))
        let ruled = Set(Fixture.reference.regulationRules.chartFootnotes.map(\.footnote))
        #expect(numbers.isSubset(of: ruled))
    }

    @Test func aFootnoteNoRuleReadsIsNeedsReviewNamingIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ear-footnote-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: BundledData.earDirectory, to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules/chart_footnotes.csv")
        let kept = try String(contentsOf: rules, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("10,") }.joined(separator: "\n")
        try Data(kept.utf8).write(to: rules)
        let engine = try Determiner(reference: ReferenceData(directory: directory))
        let answer = try Fixture.determine("0A501.a", to: "AU", using: engine)
        #expect(answer.outcome == .needsReview)
        #expect(answer.findings.contains { $0.reason == "chart footnote 10" && $0.missingFact == "chart footnote 10" })
    }
}
