import Flows
import Testing

/// One scenario per jurisdiction family of RULES.md Part A, decided from the bundled tables.
@Suite struct JurisdictionScenarioTests {
    @Test func euToAdequateJapanIsPermitted() throws {
        let decision = try Bundled.decide("personal", from: "DE", to: "JP", on: "2025-06-01")
        #expect(decision.outcome == .permitted)
        #expect(decision.fromJurisdiction == "EU")
        #expect(decision.rule("EU-PERSONAL")?.reason.contains("2019/419") == true)
        #expect(decision.steps.isEmpty)
    }

    @Test func euToUSWithoutDPFNeedsSCCsAndATransferImpactAssessment() throws {
        let decision = try Bundled.decide("personal", from: "FR", to: "US", on: "2025-06-01")
        #expect(decision.outcome == .permittedWithConditions)
        #expect(decision.hasStep(containing: "Put in place one of"))
        #expect(decision.hasStep(containing: "Standard contractual clauses"))
        #expect(decision.hasStep(containing: "Transfer impact assessment"))
        #expect(decision.hasNote(containing: "--recipient-certified dpf"))
    }

    @Test func euToUSWithSCCsListsTheModulesAndTheAssessment() throws {
        let decision = try Bundled.decide("personal", from: "FR", to: "US", on: "2025-06-01", mechanisms: ["scc"])
        #expect(decision.outcome == .permittedWithConditions)
        #expect(decision.hasStep(containing: "2021/914"))
        #expect(decision.hasStep(containing: "Transfer impact assessment"))
        #expect(!decision.hasStep(containing: "Put in place one of"))
    }

    @Test func euToADPFCertifiedUSRecipientIsPermitted() throws {
        let decision = try Bundled.decide("personal", from: "IE", to: "US", on: "2025-06-01", certified: ["dpf"])
        #expect(decision.outcome == .permitted)
        #expect(decision.rule("EU-PERSONAL")?.reason.contains("2023/1795") == true)
    }

    @Test func aCertificationGivenAsAMechanismIsTheRecipientsCertification() throws {
        let decision = try Bundled.decide("personal", from: "IE", to: "US", on: "2025-06-01", mechanisms: ["dpf"])
        #expect(decision.outcome == .permitted)
    }

    @Test func euToIndiaIsPermittedOnlyWithConditions() throws {
        let decision = try Bundled.decide("personal", from: "DE", to: "IN", on: "2025-06-01")
        #expect(decision.outcome == .permittedWithConditions)
        #expect(decision.agreements.isEmpty)
    }

    @Test func ukToUSWithPlainDPFIsNotPermittedWithoutTheUKExtension() throws {
        let plain = try Bundled.decide("personal", from: "GB", to: "US", on: "2025-06-01", certified: ["dpf"])
        #expect(plain.outcome == .permittedWithConditions)
        #expect(plain.hasNote(containing: "CORRECTIONS.md 9"))
        #expect(plain.hasStep(containing: "Put in place one of"))
        let extended = try Bundled.decide("personal", from: "GB", to: "US", on: "2025-06-01", certified: ["dpf-uk"])
        #expect(extended.outcome == .permitted)
        #expect(extended.rule("GB-PERSONAL")?.reason.contains("SI 2023/1028") == true)
    }

    @Test func chinaToUSPersonalNeedsReviewForCIIOStatusAndListsThePIPLSteps() throws {
        let decision = try Bundled.decide("personal", from: "CN", to: "US", on: "2025-06-01")
        #expect(decision.outcome == .needsReview)
        #expect(decision.rule("CN-CIIO")?.pendingFact == "ciio")
        #expect(decision.hasStep(containing: "Separate consent"))
        #expect(decision.hasStep(containing: "impact assessment (PIPL Art. 55)"))
        #expect(decision.hasStep(containing: "Threshold test"))
    }

    @Test func chinaToUSWithAStandardContractAndNoCIIOIsPermittedWithConditions() throws {
        let decision = try Bundled.decide(
            "personal", from: "CN", to: "US", on: "2025-06-01", mechanisms: ["cn-standard-contract"],
            facts: ["ciio=no", "foreign-authority-recipient=no"])
        #expect(decision.outcome == .permittedWithConditions)
        #expect(decision.hasStep(containing: "provincial CAC"))
        #expect(decision.rule("CN-CIIO") == nil)
    }

    @Test func aCIIOsPersonalInformationIsBlocked() throws {
        let decision = try Bundled.decide("personal", from: "CN", to: "US", on: "2025-06-01", facts: ["ciio=yes"])
        #expect(decision.outcome == .blocked)
        #expect(decision.hasNote(containing: "CN-CIIO still allows"))
    }

    @Test func russianPersonalDataIsBlockedByLocalisationWithTheCopyAbroadNote() throws {
        let decision = try Bundled.decide("personal", from: "RU", to: "DE", on: "2025-08-01")
        #expect(decision.outcome == .blocked)
        #expect(decision.rule("RU-LOCALISATION")?.outcome == .blocked)
        #expect(decision.hasNote(containing: "Copies may be transferred abroad"))
        #expect(decision.hasStep(containing: "Roskomnadzor"))
        #expect(decision.hasNote(containing: "Amendments in force 2025-07-01"))
        let before = try Bundled.decide("personal", from: "RU", to: "DE", on: "2025-06-30")
        #expect(!before.hasNote(containing: "Amendments in force 2025-07-01"))
    }

    @Test func indianPaymentSystemDataIsBlockedByTheRBIRule() throws {
        let decision = try Bundled.decide(
            "financial", from: "IN", to: "SG", on: "2025-06-01", facts: ["payment-system-data=yes", "regulated-financial-entity=no"])
        #expect(decision.outcome == .blocked)
        #expect(decision.rule("IN-PAYMENT")?.legalBasis.contains("RBI") == true)
        #expect(decision.hasNote(containing: "24 hours"))
    }

    @Test func indianFinancialDataWithoutThePostureNeedsReviewNamingTheFact() throws {
        let decision = try Bundled.decide("financial", from: "IN", to: "SG", on: "2025-06-01")
        #expect(decision.outcome == .needsReview)
        #expect(decision.rule("IN-PAYMENT")?.pendingFact == "payment-system-data")
        #expect(decision.reasons.contains { $0.contains("--fact payment-system-data=yes|no") })
    }

    @Test func vietnamPersonalDataNeedsTheDossierAndReviewOfTheLocalisationPosture() throws {
        let unknown = try Bundled.decide("personal", from: "VN", to: "JP", on: "2025-06-01")
        #expect(unknown.outcome == .needsReview)
        #expect(unknown.hasStep(containing: "within 60 days"))
        let foreign = try Bundled.decide("personal", from: "VN", to: "JP", on: "2025-06-01", facts: ["vn-domestic-enterprise=no"])
        #expect(foreign.outcome == .permittedWithConditions)
        let domestic = try Bundled.decide("personal", from: "VN", to: "JP", on: "2025-06-01", facts: ["vn-domestic-enterprise=yes"])
        #expect(domestic.outcome == .blocked)
    }

    @Test func australianHealthDataIsBlockedByTheMyHealthRecordRule() throws {
        let decision = try Bundled.decide("health", from: "AU", to: "US", on: "2025-06-01")
        #expect(decision.outcome == .blocked)
        #expect(decision.rule("AU-MY-HEALTH-RECORD")?.outcome == .blocked)
        #expect(decision.rule("AU-PERSONAL")?.asPersonal == true)
    }

    @Test func saudiPersonalDataNeedsSafeguardsAndGovernmentDataIsHostedInTheKingdom() throws {
        let personal = try Bundled.decide("personal", from: "SA", to: "US", on: "2025-06-01", mechanisms: ["scc"])
        #expect(personal.outcome == .permittedWithConditions)
        #expect(personal.hasStep(containing: "Risk assessment"))
        #expect(personal.hasNote(containing: "enforced from 2024-09-14"))
        let government = try Bundled.decide("government", from: "SA", to: "US", on: "2025-06-01")
        #expect(government.outcome == .blocked)
        let approved = try Bundled.decide("government", from: "SA", to: "US", on: "2025-06-01", mechanisms: ["regulator-approval"])
        #expect(approved.outcome == .permittedWithConditions)
    }

    @Test func turkishPersonalDataNeedsABoardStandardContractNotifiedInFiveDays() throws {
        let decision = try Bundled.decide("personal", from: "TR", to: "DE", on: "2025-06-01", mechanisms: ["tr-standard-contract"])
        #expect(decision.outcome == .permittedWithConditions)
        #expect(decision.hasStep(containing: "5 business days"))
    }

    @Test func quebecPersonalInformationNeedsAnAssessmentAndAWrittenAgreement() throws {
        let decision = try Bundled.decide(
            "personal", from: "CA", to: "US", on: "2025-06-01", facts: ["from-quebec=yes", "ns-public-body=no"])
        #expect(decision.outcome == .permittedWithConditions)
        #expect(decision.hasStep(containing: "outside Quebec"))
        let unknown = try Bundled.decide("personal", from: "CA", to: "US", on: "2025-06-01")
        #expect(unknown.outcome == .needsReview)
        #expect(unknown.hasStep(containing: "If from-quebec:"))
        #expect(unknown.rule("CA-NS-PUBLIC")?.pendingFact == "ns-public-body")
    }

    @Test func usSensitiveDataToACountryOfConcernNeedsReviewOfTheBulkThresholds() throws {
        let decision = try Bundled.decide("sensitive", from: "US", to: "CN", on: "2025-06-01")
        #expect(decision.outcome == .needsReview)
        #expect(decision.rule("US-BULK-DOJ")?.reason.contains("us-countries-of-concern") == true)
        #expect(decision.rule("US-BULK-DOJ")?.pendingFact == "us-bulk-threshold")
        let bulk = try Bundled.decide("sensitive", from: "US", to: "HK", on: "2025-06-01", facts: ["us-bulk-threshold=yes", "data-broker=no"])
        #expect(bulk.outcome == .blocked)
        let ally = try Bundled.decide("sensitive", from: "US", to: "DE", on: "2025-06-01")
        #expect(ally.outcome == .permitted)
        #expect(ally.hasNote(containing: "US-BULK-DOJ does not apply"))
    }

    @Test func usPersonalDataIsUnrestrictedExceptTowardCountriesOfConcern() throws {
        let ally = try Bundled.decide("personal", from: "US", to: "JP", on: "2025-06-01")
        #expect(ally.outcome == .permitted)
        let concern = try Bundled.decide("personal", from: "US", to: "CN", on: "2025-06-01")
        #expect(concern.outcome == .needsReview)
        #expect(concern.rule("US-BULK-DOJ")?.pendingFact == "us-bulk-threshold")
        #expect(concern.rule("US-PADFA")?.pendingFact == "data-broker")
        let small = try Bundled.decide("personal", from: "US", to: "CN", on: "2025-06-01", facts: ["us-bulk-threshold=no", "data-broker=no"])
        #expect(small.outcome == .permitted)
    }

    @Test func usGovernmentDataToChinaIsBlocked() throws {
        let decision = try Bundled.decide("government", from: "US", to: "CN", on: "2025-06-01")
        #expect(decision.outcome == .blocked)
        #expect(decision.rule("US-BULK-DOJ")?.outcome == .blocked)
        #expect(decision.rule("US-GOVERNMENT")?.outcome == .blocked)
    }

    @Test func aCategoryWithNoRuleForTheOriginNeedsReviewNeverPermitted() throws {
        let decision = try Bundled.decide("source-code", from: "JP", to: "US", on: "2025-06-01")
        #expect(decision.outcome == .needsReview)
        #expect(decision.rules.isEmpty)
        #expect(decision.reasons.first?.contains("CORRECTIONS.md 8") == true)
        #expect(decision.hasStep(containing: "EAR"))
        let unknownOrigin = try Bundled.decide("personal", from: "NG", to: "US", on: "2025-06-01")
        #expect(unknownOrigin.outcome == .needsReview)
    }

    @Test func chineseSourceCodeNeedsReviewOfTheExportCatalogue() throws {
        let decision = try Bundled.decide("source-code", from: "CN", to: "JP", on: "2025-06-01")
        #expect(decision.outcome == .needsReview)
        #expect(decision.hasStep(containing: "Catalogue of Technologies"))
        #expect(decision.conflicts.contains { $0.agreementID == "RCEP" && $0.discipline == .sourceCode && $0.assessment == .notChallengeable })
    }

    @Test func transfersWithinTheEEAArePermittedWithANoteButGovernmentDataNeedsReview() throws {
        let personal = try Bundled.decide("personal", from: "DE", to: "NO", on: "2025-06-01")
        #expect(personal.outcome == .permitted)
        #expect(personal.reasons.first?.contains("Chapter V does not apply") == true)
        let government = try Bundled.decide("government", from: "DE", to: "FR", on: "2025-06-01")
        #expect(government.outcome == .needsReview)
        #expect(government.reasons.first?.contains("member-state law") == true)
    }
}
