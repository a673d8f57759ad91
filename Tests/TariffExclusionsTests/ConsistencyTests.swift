import Foundation
import TariffExclusions
import Testing

/// The consistency check on real USTR exclusion descriptions, and what the public view withholds.
@Suite struct ConsistencyTests {
    static let aluminiumBodies = Fixtures.description("Valve bodies, of aluminum") ?? ""
    static let castIronBodies = Fixtures.description("Ball type angle cock valve bodies") ?? ""

    @Test func realDescriptionsOfDifferentProductsUnderOneCodeAreNotSimilar() throws {
        #expect(Fixtures.exclusions.count > 100)
        #expect(!Self.aluminiumBodies.isEmpty && !Self.castIronBodies.isEmpty)
        let score = DescriptionSimilarity.score(Self.aluminiumBodies, Self.castIronBodies)
        #expect(score < DescriptionSimilarity.threshold, "cast-iron angle cock bodies and aluminium valve bodies share 8481.90.9020 but are different products")
        let counterweights = try #require(Fixtures.description("Counterweight castings of iron or steel"))
        let tines = try #require(Fixtures.description("Tines, carriages, and other goods handling apparatus"))
        #expect(DescriptionSimilarity.score(counterweights, tines) < DescriptionSimilarity.threshold)
    }

    @Test func aRewordingOfARealDescriptionIsSimilar() {
        let reworded = "Aluminum valve bodies of valves for pneumatic or oleohydraulic transmissions"
        #expect(DescriptionSimilarity.score(Self.aluminiumBodies, reworded) >= 0.6)
        #expect(DescriptionSimilarity.score(Self.aluminiumBodies, Self.aluminiumBodies) == 1)
        #expect(DescriptionSimilarity.tokens("Valve bodies, of aluminum (described in statistical reporting number 8481.90.9020)")
            == ["valve", "bodies", "aluminum"], "the reporting-number clause is boilerplate")
        #expect(DescriptionSimilarity.tokens("Pump parts, of plastics, each valued not over $3") == ["pump", "parts", "plastics", "valued", "over", "3"])
    }

    /// A decided docket on 8481.90.9020 received `day`, with `description` and `outcome`.
    static func decided(_ id: String, _ description: String, _ outcome: String, day: String = "2026-01-05") throws -> ExclusionDocket {
        var docket = ExclusionDocket(request: try Fixtures.request(id: id, at: Instant(iso: day)!, Fixtures.draft(description: description)))
        let grants = outcome != "denied"
        docket.decision = try ExclusionRules.decision(
            DecisionDraft(
                outcome: outcome, reasons: "Findings as recorded.", effectiveFrom: grants ? "2026-03-01" : nil,
                effectiveTo: grants ? "2027-02-28" : nil),
            on: docket, earlier: [], at: Instant(iso: day)!.adding(days: 40), decidedBy: "key_rev")
        return docket
    }

    @Test func aDecisionDifferingFromAnEarlierOneOnASimilarProductNeedsAReasonListingTheEarlierRequest() throws {
        let earlier = [
            try Self.decided("excl_a", Self.aluminiumBodies, "granted"),
            try Self.decided("excl_b", Self.castIronBodies, "denied"),
            try Self.decided("excl_c", "Aluminum valve bodies for oleohydraulic transmissions", "granted_in_part"),
        ]
        let docket = ExclusionDocket(
            request: try Fixtures.request(
                id: "excl_new", at: Instant(iso: "2026-03-01")!,
                Fixtures.draft(description: "Valve bodies of aluminum, for valves of pneumatic or oleohydraulic transmissions")))
        let denial = DecisionDraft(outcome: "denied", reasons: "Two US foundries now make them.")
        let error = #expect(throws: ExclusionError.self) {
            try ExclusionRules.decision(denial, on: docket, earlier: earlier, at: Instant(iso: "2026-05-01")!, decidedBy: "key_rev")
        }
        #expect(error?.kind == .consistencyReasonRequired)
        #expect(error?.field == "consistency_reason")
        #expect(error?.earlierRequestIDs == ["excl_a", "excl_c"], "most similar first; the cast-iron denial is another product")
        #expect(error?.message.contains("excl_a (granted") == true)

        var reasoned = denial
        reasoned.consistencyReason = "US capacity came on line in 2026 (two foundries); excl_a was decided on 2025 supply."
        let decision = try ExclusionRules.decision(reasoned, on: docket, earlier: earlier, at: Instant(iso: "2026-05-01")!, decidedBy: "key_rev")
        #expect(decision.departsFrom.map(\.earlierRequestID) == ["excl_a", "excl_c"])
        #expect(decision.consistencyReason == reasoned.consistencyReason)

        var all = earlier
        var decided = docket
        decided.decision = decision
        all.append(decided)
        let pairs = ConsistencyReport.pairs(all)
        #expect(pairs.count == 2)
        #expect(pairs[0].requestID == "excl_new" && pairs[0].outcome == .denied && pairs[0].earlierOutcome == .granted)
        #expect(pairs[0].reason == reasoned.consistencyReason && pairs[0].hts10.dotted == "8481.90.9020")
    }

    @Test func theSameOutcomeOrAnotherCodeNeedsNoReason() throws {
        let earlier = [try Self.decided("excl_a", Self.aluminiumBodies, "granted")]
        let sameOutcome = ExclusionDocket(request: try Fixtures.request(id: "excl_n", Fixtures.draft(description: Self.aluminiumBodies)))
        let granted = try ExclusionRules.decision(
            DecisionDraft(outcome: "granted", reasons: "As excl_a.", effectiveFrom: "2026-05-01", effectiveTo: "2027-04-30"),
            on: sameOutcome, earlier: earlier, at: Instant(iso: "2026-05-01")!, decidedBy: "r")
        #expect(granted.departsFrom.isEmpty)
        let otherCode = ExclusionDocket(
            request: try Fixtures.request(id: "excl_o", Fixtures.draft(hts10: "8481909040", description: Self.aluminiumBodies)))
        #expect(ExclusionRules.departures(of: otherCode.request, outcome: .denied, from: earlier).isEmpty)
    }

    @Test func thePublicViewWithholdsConfidentialBusinessInformationAndTheReviewerViewShowsIt() throws {
        var docket = ExclusionDocket(request: try Fixtures.request())
        docket.comments = [
            try ExclusionRules.comment(
                CommentDraft(author: "R. Ortiz", position: "oppose", text: "We make these.", confidentialText: "Our capacity: 80,000 units a year."),
                on: docket, id: "cmt_1", at: Instant(iso: "2026-03-05")!, submittedBy: "k")
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let at = Instant(iso: "2026-03-06")!
        let publicJSON = String(decoding: try encoder.encode(ExclusionView(docket, for: .public, at: at)), as: UTF8.self)
        let reviewerJSON = String(decoding: try encoder.encode(ExclusionView(docket, for: .reviewer, at: at)), as: UTF8.self)
        for secret in ["Ningbo Fluid Power", "41.7", "80,000 units"] {
            #expect(!publicJSON.contains(secret), "\(secret) is withheld")
            #expect(reviewerJSON.contains(secret), "\(secret) is shown to reviewers")
        }
        #expect(publicJSON.contains(#""value":1250000"#), "a figure not marked confidential stays public")
        #expect(publicJSON.components(separatedBy: ExclusionView.withheldMarker).count == 4)
        #expect(publicJSON.contains(#""status":"comment_period""#))
        #expect(publicJSON.contains(#""comment_window_closes":"2026-04-01T14:00:00Z""#))
    }
}
