import Determination
import Testing

/// The 28 worked examples of DETERMINATION.md section 9, one test each.
@Suite struct WorkedExamplesTests {
    @Test func example01LaptopToGermanyNeedsNoLicense() throws {
        let answer = try Fixture.determine("4A994", to: "DE")
        #expect(answer.outcome == .nlr)
        #expect(answer.findings.contains { $0.reason == "AT1" && $0.outcome == .nlr })
    }

    @Test func example02LaptopToCubaNeedsALicenseUnder7462() throws {
        let answer = try Fixture.determine("4A994", to: "CU")
        #expect(answer.outcome == .licenseRequired)
        #expect(answer.findings.contains { $0.prohibition == "GP6" && $0.reason == "746.2" && $0.outcome == .licenseRequired })
    }

    @Test func example03LaptopToIranNeedsAnEARLicenseAndOFACAuthorization() throws {
        let answer = try Fixture.determine("4A994", to: "IR")
        #expect(answer.outcome == .licenseRequired)
        let finding = try #require(answer.findings.first { $0.reason == "746.7" })
        #expect(finding.outcome == .licenseRequired)
        #expect(finding.explanation.contains("OFAC"))
    }

    @Test func example04LaptopToRussiaNeedsALicenseUnder7468() throws {
        let answer = try Fixture.determine("4A994", to: "RU")
        #expect(answer.outcome == .licenseRequired)
        #expect(answer.findings.contains { $0.reason == "746.8" && $0.outcome == .licenseRequired })
    }

    @Test func example05LaptopToCrimeaNeedsALicenseUnder7466() throws {
        let answer = try Fixture.determine("4A994", to: "UA-43")
        #expect(answer.outcome == .licenseRequired)
        #expect(answer.findings.contains { $0.reason == "746.6" && $0.citation.contains("746.6(a)(1)") })
    }

    @Test func example06ICToChinaNeedsNS2AndLVSGBSAreUnavailable() throws {
        let answer = try Fixture.determine("3A001.a.2", to: "CN")
        #expect(answer.outcome == .licenseRequired)
        #expect(answer.requiredReasons.contains("NS2"))
        #expect(answer.exception("LVS")?.available == false)
        #expect(answer.exception("GBS")?.available == false)
        #expect(answer.exception("GBS")?.unmet.contains { $0.contains("Country Group B") } == true)
    }

    @Test func example07ICToIndiaNeedsNoLicense() throws {
        let answer = try Fixture.determine("3A001.a.2", to: "IN")
        #expect(answer.outcome == .nlr)
        #expect(answer.findings.contains { $0.reason == "NS2" && $0.outcome == .nlr })
    }

    /// DETERMINATION.md says "STA possible (Japan in A:5)" (confidence M), but 3A001's own STA paragraph says
    /// "STA may not be used to ship any item in 3A001.b.2 or b.3 (except for civil telecommunications
    /// applications) … to A:5 or A:6": for a non-telecom transistor STA is closed, and the line is cited.
    @Test func example08MicrowaveTransistorToJapanNeedsNS1AndRS1AndTheEntrysSTAParagraphClosesSTA() throws {
        let answer = try Fixture.determine("3A001.b.3", to: "JP", facts: ["civil-telecommunications=no"])
        #expect(answer.outcome == .licenseRequired)
        #expect(Set(answer.requiredReasons).isSuperset(of: ["NS1", "RS1"]))
        let sta = try #require(answer.exception("STA"))
        #expect(sta.available == false)
        #expect(sta.unmet.contains { $0.contains("3A001.b.2 or b.3 (except for civil telecommunications applications)") })
        #expect(answer.exception("LVS")?.available == false)
    }

    @Test func example08WithoutTheTelecomFactTheRowsNeedReview() throws {
        let answer = try Fixture.determine("3A001.b.3", to: "JP")
        #expect(answer.findings.contains { $0.reason == "NS1" && $0.outcome == .needsReview && $0.missingFact == "civil-telecommunications" })
    }

    @Test func example08ForCivilTelecommunicationsTheNS1AndRS1RowsDoNotApply() throws {
        let answer = try Fixture.determine("3A001.b.3", to: "JP", endUses: ["civil-telecommunications"])
        #expect(answer.outcome == .nlr)
        #expect(!answer.findings.contains { $0.reason == "NS1" || $0.reason == "RS1" })
    }

    @Test func example09DatacenterICToTheUAENeedsALicenseAndFlagsTheConflict() throws {
        let answer = try Fixture.determine("3A090.b", to: "AE")
        #expect(answer.outcome == .licenseRequired)
        let finding = try #require(answer.findings.first { $0.reason == "RS" && $0.outcome == .licenseRequired })
        #expect(finding.flags.contains { $0.contains("CORRECTIONS.md 9") })
    }

    @Test func example10AdvancedICToChinaNeedsALicenseUnderEitherToggle() throws {
        for engine in [Fixture.determiner, Fixture.enforcingAIDiffusion] {
            let answer = try Fixture.determine("3A090.a", to: "CN", endUserCountry: "CN", parentCountry: "CN", using: engine)
            #expect(answer.outcome == .licenseRequired)
            #expect(answer.requiredReasons.contains("RS"))
        }
    }

    @Test func example11AdvancedICToGermanyDependsOnTheAIDiffusionToggle() throws {
        let off = try Fixture.determine("3A090.a", to: "DE", endUserCountry: "DE", parentCountry: "DE")
        #expect(off.outcome == .nlr)
        #expect(off.toggles.first?.enabled == false)
        let on = try Fixture.determine(
            "3A090.a", to: "DE", endUserCountry: "DE", parentCountry: "DE", using: Fixture.enforcingAIDiffusion)
        #expect(on.outcome == .licenseRequired)
        #expect(on.toggles.first?.enabled == true)
    }

    @Test func example11WithoutTheBuyersHeadquartersTheRuleNeedsReview() throws {
        let answer = try Fixture.determine("3A090.a", to: "DE")
        #expect(answer.outcome == .needsReview)
        #expect(answer.findings.contains { $0.reason == "744.23(a)(3)" && $0.missingFact == "end-user-country" })
    }

    @Test func example12AdvancedICToGermanBuyerWithAChineseParentNeedsALicense() throws {
        let answer = try Fixture.determine("3A090.a", to: "DE", endUserCountry: "DE", parentCountry: "CN")
        #expect(answer.outcome == .licenseRequired)
        #expect(answer.findings.contains { $0.reason == "744.23(a)(3)" && $0.outcome == .licenseRequired })
    }

    @Test func example13HBMToSingaporeNeedsNoLicense() throws {
        let answer = try Fixture.determine("3A090.c", to: "SG")
        #expect(answer.outcome == .nlr)
    }

    @Test func example14HBMToChinaNeedsALicenseWithHBMListed() throws {
        let answer = try Fixture.determine("3A090.c", to: "CN")
        #expect(answer.outcome == .licenseRequired)
        #expect(answer.exception("HBM")?.available == true)
    }

    @Test func example15EtchToolToJapanNeedsNSAndRSWorldwideWithIECPossible() throws {
        let answer = try Fixture.determine("3B001.c.1.a", to: "JP")
        #expect(answer.outcome == .licenseRequired)
        #expect(Set(answer.requiredReasons).isSuperset(of: ["NS", "RS"]))
        #expect(answer.exception("IEC")?.available == true)
    }

    @Test func example16MilitaryAircraftTiresToChinaNeedRS() throws {
        let answer = try Fixture.determine("9A610.y.1", to: "CN")
        #expect(answer.outcome == .licenseRequired)
        let finding = try #require(answer.findings.first { $0.reason == "RS" && $0.outcome == .licenseRequired })
        #expect(finding.citation.contains("742.6(a)(7)"))
    }

    @Test func example17MilitaryAircraftTiresToBrazilNeedNoLicense() throws {
        let answer = try Fixture.determine("9A610.y.1", to: "BR")
        #expect(answer.outcome == .nlr)
        #expect(!answer.findings.contains { $0.reason == "NS1" })
    }

    @Test func example18MilitaryAircraftPartToFranceNeedsNS1RS1WithLVSAndSTAPossible() throws {
        let answer = try Fixture.determine("9A610.x", to: "FR", value: "1200", facts: ["for-aircraft-in-9A610.b=no"])
        #expect(answer.outcome == .licenseRequired)
        #expect(Set(answer.requiredReasons).isSuperset(of: ["NS1", "RS1"]))
        #expect(answer.exception("LVS")?.available == true)
        #expect(answer.exception("STA")?.available == true)
    }

    @Test func example19RifleToCanadaNeedsFC1() throws {
        let answer = try Fixture.determine("0A501.a", to: "CA")
        #expect(answer.outcome == .licenseRequired)
        #expect(answer.requiredReasons == ["FC1"])
    }

    @Test func example20AntiqueFirearmToChinaNeedsALicenseUnderTheLRNote() throws {
        let answer = try Fixture.determine("0A501.y.7", to: "CN")
        #expect(answer.outcome == .licenseRequired)
        #expect(answer.findings.contains { $0.reason == "LR note" && $0.outcome == .licenseRequired })
        #expect(!answer.findings.contains { ["NS1", "RS1", "FC1"].contains($0.reason) })
    }

    @Test func example21AlloyToArgentinaNeedsNoLicense() throws {
        let answer = try Fixture.determine("1C002.b.3", to: "AR", facts: ["exceeds-1C202=yes"])
        #expect(answer.outcome == .nlr)
    }

    @Test func example22EncryptionComponentToBrazilNeedsNS2WithLVSAvailable() throws {
        let answer = try Fixture.determine("5A003", to: "BR", value: "400", facts: ["component=yes"])
        #expect(answer.outcome == .licenseRequired)
        #expect(answer.requiredReasons.contains("NS2"))
        #expect(answer.exception("LVS")?.available == true)
    }

    @Test func example23EncryptionApplianceToFranceNeedsNS1AndEIWithENC() throws {
        let answer = try Fixture.determine("5A002.a.1", to: "FR")
        #expect(answer.outcome == .licenseRequired)
        #expect(Set(answer.requiredReasons).isSuperset(of: ["NS1", "EI"]))
        #expect(answer.exception("ENC")?.available == true)
    }

    @Test func example24ConsumerGoodToNorthKoreaNeedsALicense() throws {
        let answer = try Fixture.determine("EAR99", to: "KP")
        #expect(answer.outcome == .licenseRequired)
        #expect(answer.findings.contains { $0.reason == "746.4" && $0.outcome == .licenseRequired })
    }

    @Test func example25FoodToNorthKoreaNeedsNoLicenseUnder7464() throws {
        let answer = try Fixture.determine("EAR99", to: "KP", facts: ["food-or-medicine=yes"])
        #expect(answer.outcome == .nlr)
        #expect(answer.findings.contains { $0.reason == "746.4" && $0.outcome == .nlr })
    }

    @Test func example26EAR99ToSyriaIsCoveredBySPP() throws {
        let answer = try Fixture.determine("EAR99", to: "SY", date: "2026-01-15")
        #expect(answer.outcome == .licenseRequired)
        #expect(answer.exception("SPP")?.available == true)
    }

    @Test func example27EAR99ToANuclearExplosiveDesignerNeedsALicense() throws {
        let answer = try Fixture.determine("EAR99", to: "DE", endUses: ["nuclear"])
        #expect(answer.outcome == .licenseRequired)
        #expect(answer.findings.contains { $0.prohibition == "GP5" && $0.reason == "744.2" })
    }

    @Test func example28EntityListPartyNeedsALicenseWithNoExceptions() throws {
        let hit = PartyHit(
            list: .entityList,
            entry: ListEntryReference(id: "us-csl:example", name: "Example Entity", list: "Entity List (EL)", score: 1),
            licenseRequirement: "For all items subject to the EAR. (See §744.11 of the EAR).",
            licensePolicy: "Presumption of denial.", federalRegisterNotice: "76 FR 71867")
        let answer = try Fixture.determine(
            "5A003", to: "BR", value: "400", facts: ["component=yes"],
            parties: [PartyScreening(name: "Example Entity", hits: [hit])])
        #expect(answer.outcome == .licenseRequired)
        let finding = try #require(answer.findings.first { $0.reason == "744.11" })
        #expect(finding.prohibition == "GP5")
        #expect(finding.listEntry?.id == "us-csl:example")
        #expect(answer.licenseExceptions.allSatisfy { !$0.available })
    }
}
