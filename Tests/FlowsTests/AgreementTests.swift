import Flows
import DataFormats
import Testing

/// Trade agreements in force for both parties on the date, with dated disciplines.
@Suite struct AgreementTests {
    @Test func usToMexicoReportsUSMCAWithItsArticles() throws {
        let decision = try Bundled.decide("personal", from: "US", to: "MX", on: "2025-06-01")
        let usmca = try #require(decision.agreements.first { $0.id == "USMCA" })
        #expect(usmca.articles[.dataFlows]?.hasPrefix("Art. 19.11") == true)
        #expect(usmca.articles[.localization]?.hasPrefix("Art. 19.12") == true)
        #expect(usmca.articles[.sourceCode]?.hasPrefix("Art. 19.16") == true)
        #expect(usmca.inForceFor.map(\.party) == ["US", "MX"])
        #expect(decision.hasNote(containing: "bind governments, not companies"))
    }

    @Test func japanToTheUKIsUnderCPTPPOnlyFrom2024_12_15() throws {
        let before = try Bundled.decide("personal", from: "JP", to: "GB", on: "2024-12-14")
        #expect(!before.agreements.contains { $0.id == "CPTPP" })
        #expect(before.hasNote(containing: "CPTPP enters into force for GB only on 2024-12-15"))
        let after = try Bundled.decide("personal", from: "JP", to: "GB", on: "2024-12-15")
        let cptpp = try #require(after.agreements.first { $0.id == "CPTPP" })
        #expect(cptpp.inForceFor.contains { $0.party == "GB" && $0.date == CivilDate("2024-12-15") })
    }

    @Test func theEUJapanDataFlowDisciplineDatesFromTheProtocol() throws {
        let before = try Bundled.decide("personal", from: "DE", to: "JP", on: "2024-06-30")
        let epaBefore = try #require(before.agreements.first { $0.id == "EU-JP-EPA" })
        #expect(epaBefore.articles[.dataFlows]?.hasPrefix("none before the 2024 Protocol") == true)
        #expect(epaBefore.articles[.sourceCode] == "Art. 8.73")
        let after = try Bundled.decide("personal", from: "DE", to: "JP", on: "2024-07-01")
        let epaAfter = try #require(after.agreements.first { $0.id == "EU-JP-EPA" })
        #expect(epaAfter.articles[.dataFlows]?.contains("Protocol (in force 2024-07-01)") == true)
    }

    @Test func anEEAStateIsNotAPartyToTheEUJapanAgreement() throws {
        let decision = try Bundled.decide("personal", from: "NO", to: "JP", on: "2025-06-01")
        #expect(decision.fromJurisdiction == "EU")
        #expect(decision.outcome == .permitted)
        #expect(decision.agreements.isEmpty)
    }

    @Test func myanmarsContestedRCEPStatusIsNotReportedAsInForce() throws {
        let decision = try Bundled.decide("personal", from: "JP", to: "MM", on: "2025-06-01")
        #expect(!decision.agreements.contains { $0.id == "RCEP" })
        #expect(decision.hasNote(containing: "RCEP: in-force date for MM not recorded"))
    }
}
