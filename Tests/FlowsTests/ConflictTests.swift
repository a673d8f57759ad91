import Flows
import Testing

/// Origin localisation rules against the agreements' disciplines, with their carve-outs.
@Suite struct ConflictTests {
    @Test func vietnamLocalisationAgainstCPTPPIsCaveatedWithTheDeferredDisputeSettlement() throws {
        let decision = try Bundled.decide("personal", from: "VN", to: "JP", on: "2025-06-01", facts: ["vn-domestic-enterprise=yes"])
        let cptpp = try #require(decision.conflicts.first { $0.ruleID == "VN-LOCALISATION" && $0.agreementID == "CPTPP" })
        #expect(cptpp.discipline == .localization)
        #expect(cptpp.article.hasPrefix("Art. 14.13"))
        #expect(cptpp.assessment == .caveated)
        #expect(cptpp.reasons.contains { $0.contains("14.18") })
        let rcep = try #require(decision.conflicts.first { $0.ruleID == "VN-LOCALISATION" && $0.agreementID == "RCEP" })
        #expect(rcep.assessment == .notChallengeable)
        #expect(rcep.reasons.contains { $0.contains("12.17") })
    }

    @Test func indianPaymentLocalisationMeetsNoAgreement() throws {
        let decision = try Bundled.decide("financial", from: "IN", to: "US", on: "2025-06-01", facts: ["payment-system-data=yes"])
        #expect(decision.outcome == .blocked)
        #expect(decision.agreements.isEmpty)
        #expect(decision.conflicts.isEmpty)
    }

    @Test func governmentDataLocalisationIsNotChallengeableUnderUSMCA() throws {
        let decision = try Bundled.decide("government", from: "US", to: "MX", on: "2025-06-01")
        let conflict = try #require(decision.conflicts.first { $0.ruleID == "US-GOVERNMENT" && $0.agreementID == "USMCA" })
        #expect(conflict.assessment == .notChallengeable)
        #expect(conflict.reasons.contains { $0.contains("Art. 19.2") })
    }

    @Test func financialLocalisationMeetsNoFinancialDisciplineInRCEP() throws {
        let decision = try Bundled.decide("financial", from: "CN", to: "JP", on: "2025-06-01", facts: ["regulated-financial-entity=yes"])
        let conflict = try #require(decision.conflicts.first { $0.ruleID == "CN-FINANCIAL" && $0.agreementID == "RCEP" })
        #expect(conflict.discipline == .financialServicesData)
        #expect(conflict.assessment == .notChallengeable)
    }

    @Test func healthRecordLocalisationAgainstCPTPPIsSubjectToTheLPPOException() throws {
        let decision = try Bundled.decide("health", from: "AU", to: "JP", on: "2025-06-01")
        let conflict = try #require(decision.conflicts.first { $0.ruleID == "AU-MY-HEALTH-RECORD" && $0.agreementID == "CPTPP" })
        #expect(conflict.assessment == .caveated)
    }
}
