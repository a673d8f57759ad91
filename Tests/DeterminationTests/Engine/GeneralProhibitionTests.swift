import Determination
import Testing

/// One test per General Prohibition path (736.2(b)), each through the public API.
@Suite struct GeneralProhibitionTests {
    static func hit(_ list: PartyHit.List, requirement: String? = nil) -> PartyScreening {
        PartyScreening(
            name: "Example Party",
            hits: [
                PartyHit(
                    list: list, entry: ListEntryReference(id: "test:1", name: "EXAMPLE PARTY", list: "test list", score: 0.98),
                    licenseRequirement: requirement, federalRegisterNotice: "00 FR 00000")
            ])
    }

    @Test func gp1ChartXRequiresALicenseAndCitesTheChart() throws {
        let answer = try Fixture.determine("3A003", to: "CN")
        let finding = try #require(answer.findings.first { $0.reason == "NS2" })
        #expect(finding.prohibition == "GP1")
        #expect(finding.outcome == .licenseRequired)
        #expect(finding.citation.contains("Supp. No. 1 to Part 738"))
        #expect(finding.regime?.name == "Wassenaar Arrangement")
        #expect(finding.sources.first?.file == "ccl/ccl_controls.csv")
    }

    @Test func gp2ForeignMadeItemAboveDeMinimisIsSubjectAndBelowIsNot() throws {
        let above = try Fixture.determine("3A003", to: "CN", usContent: "30")
        #expect(above.outcome == .licenseRequired)
        #expect(above.findings.contains { $0.prohibition == "GP2" && $0.reason == "NS2" })
        let below = try Fixture.determine("3A003", to: "CN", usContent: "20")
        #expect(below.outcome == .notSubject)
        #expect(below.findings.count == 1)
        let embargoed = try Fixture.determine("3A003", to: "CU", usContent: "20")
        #expect(embargoed.outcome == .licenseRequired, "Cuba (E:2) uses the 10 % level")
    }

    @Test func gp3ForeignDirectProductToRussiaRequiresALicense() throws {
        let answer = try Fixture.determine("EAR99", to: "RU", facts: ["foreign-direct-product=yes"])
        let finding = try #require(answer.findings.first { $0.prohibition == "GP3" })
        #expect(finding.outcome == .licenseRequired)
        #expect(finding.citation.contains("734.9(f)"))
        let elsewhere = try Fixture.determine("EAR99", to: "DE", facts: ["foreign-direct-product=yes"])
        #expect(elsewhere.findings.first { $0.prohibition == "GP3" }?.outcome == .needsReview)
    }

    @Test func gp4DeniedPersonIsProhibitedWithNoException() throws {
        let answer = try Fixture.determine("3A003", to: "CN", parties: [Self.hit(.deniedPersons)])
        #expect(answer.outcome == .prohibited)
        let finding = try #require(answer.findings.first { $0.prohibition == "GP4" })
        #expect(finding.listEntry?.id == "test:1")
        #expect(finding.explanation.contains("00 FR 00000"))
        #expect(answer.licenseExceptions.allSatisfy { !$0.available })
    }

    @Test func gp5MilitaryEndUserNeedsReviewOfSupplement2ForCCLItems() throws {
        let listed = Self.hit(.militaryEndUser, requirement: "For any item subject to the EAR listed in supplement no. 2 to part 744.")
        let ccl = try Fixture.determine("3A003", to: "DE", parties: [listed])
        #expect(ccl.findings.first { $0.reason == "744.21" }?.outcome == .needsReview)
        let ear99 = try Fixture.determine("EAR99", to: "DE", parties: [listed])
        #expect(ear99.findings.first { $0.reason == "744.21" }?.outcome == .nlr)
    }

    @Test func gp5MilitaryIntelligenceEndUseAllowsOnlyGOV() throws {
        let answer = try Fixture.determine("3A003", to: "CN", endUses: ["military-intelligence"])
        let finding = try #require(answer.findings.first { $0.reason == "744.22" })
        #expect(finding.outcome == .licenseRequired)
        #expect(answer.licenseExceptions.filter(\.available).map(\.code) == ["GOV"])
    }

    @Test func gp5MilitaryEndUseOutsideTheListedCountriesIsNoRequirement() throws {
        let answer = try Fixture.determine("EAR99", to: "DE", endUses: ["military"])
        #expect(answer.outcome == .nlr)
        #expect(answer.findings.contains { $0.reason == "744.21" && $0.outcome == .nlr })
    }

    @Test func gp6EmbargoRoutesToPart746() throws {
        let answer = try Fixture.determine("EAR99", to: "CU")
        let finding = try #require(answer.findings.first { $0.prohibition == "GP6" })
        #expect(finding.reason == "746.2")
        #expect(finding.regime?.isMultilateral == false)
    }

    @Test func gp7USPersonSupportOfNuclearActivityNeedsALicense() throws {
        let answer = try Fixture.determine("EAR99", to: "DE", endUses: ["nuclear"], facts: ["us-person-support=yes"])
        #expect(answer.findings.contains { $0.prohibition == "GP7" && $0.outcome == .licenseRequired && $0.citation.contains("744.6") })
        let without = try Fixture.determine("EAR99", to: "DE", endUses: ["nuclear"])
        #expect(!without.findings.contains { $0.prohibition == "GP7" })
    }

    @Test func gp8TransitThroughAListedCountryIsEvaluatedAsAnExportToIt() throws {
        let answer = try Fixture.determine("3A003", to: "JP", transit: ["RU"])
        #expect(answer.findings.contains { $0.prohibition == "GP8" && $0.outcome == .licenseRequired })
        let ear99 = try Fixture.determine("EAR99", to: "JP", transit: ["RU"])
        #expect(ear99.findings.first { $0.prohibition == "GP8" }?.outcome == .nlr)
        let unlisted = try Fixture.determine("3A003", to: "JP", transit: ["DE"])
        #expect(!unlisted.findings.contains { $0.prohibition == "GP8" })
    }

    @Test func gp9ViolatingLicenseTermsIsProhibited() throws {
        let answer = try Fixture.determine("4A994", to: "DE", facts: ["license-terms-violated=yes"])
        #expect(answer.outcome == .prohibited)
        #expect(answer.findings.contains { $0.prohibition == "GP9" })
    }

    @Test func gp10KnowledgeOfAViolationIsProhibitedAndARedFlagNeedsReview() throws {
        let knows = try Fixture.determine("4A994", to: "DE", facts: ["knows-violation=yes"])
        #expect(knows.outcome == .prohibited)
        let flagged = try Fixture.determine("4A994", to: "DE", redFlags: ["customer declines installation services"])
        #expect(flagged.outcome == .needsReview)
        #expect(flagged.findings.contains { $0.prohibition == "GP10" && $0.explanation.contains("declines installation") })
    }

    @Test func itarItemIsOutOfScope() throws {
        for eccn in ["USML", "0A002", "9A007", "0D001"] {
            let answer = try Fixture.determine(eccn, to: "DE")
            #expect(answer.outcome == .outOfScopeITAR, "\(eccn)")
            #expect(answer.findings.count == 1)
        }
    }

    @Test func publishedItemIsNotSubjectToTheEAR() throws {
        let answer = try Fixture.determine("3E001", to: "CN", facts: ["published=yes"])
        #expect(answer.outcome == .notSubject)
        let encryption = try Fixture.determine("5D002", to: "CN", facts: ["published=yes"])
        #expect(encryption.outcome != .notSubject)
    }
}
