import DataFormats
import Foundation
import TariffExclusions
import Testing

/// Requests, windows, decisions and extensions: what the rules accept and the errors naming the field.
@Suite struct ExclusionRulesTests {
    @Test func hts10AcceptsDigitsWithOrWithoutDotsAndShowsTheDottedForm() throws {
        for text in ["8481909020", "8481.90.9020", "8481.90.90.20", " 8481909020 "] {
            let code = try #require(HTS10(text))
            #expect(code.key == "8481909020")
            #expect(code.dotted == "8481.90.9020")
        }
        for text in ["848190902", "84819090201", "8481.90.902a", ".8481909020", "8481..909020", ""] {
            #expect(HTS10(text) == nil, "\(text)")
        }
    }

    @Test func daysAndInstantsRoundTripThroughTheirText() throws {
        for text in ["1970-01-01", "1969-12-31", "2024-02-29", "2026-12-31", "2100-03-01"] {
            let day = try #require(CivilDate(text))
            #expect(day.description == text)
            #expect(CivilDate(day.start) == day)
            #expect(CivilDate(day.start.adding(days: 1)) == day.nextDay)
        }
        for text in ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-00"] {
            #expect(CivilDate(text) == nil, "\(text)")
        }
        for text in ["2026-03-02T14:05:00Z", "2026-03-02T14:05:00.250Z", "1969-07-20T20:17:40Z"] {
            #expect(Instant(iso: text)?.description == text)
        }
        #expect(Instant(iso: "2026-03-02T14:05Z") == Instant(iso: "2026-03-02T14:05:00Z"))
        for text in ["2026-03-02T24:00:00Z", "2026-03-02T14:05:00", "2026-03-02T-1:05:00Z", "2026-03-02 14:05:00Z"] {
            #expect(Instant(iso: text) == nil, "\(text)")
        }
    }

    @Test func aRequestIsNormalisedAndKeepsItsWindows() throws {
        let request = try Fixtures.request()
        #expect(request.hts10.dotted == "8481.90.9020")
        #expect(request.grounds == [.notAvailableUS, .severeEconomicHarm])
        #expect(request.commentDays == 30 && request.rebuttalDays == 7)
        #expect(request.commentWindowCloses == Instant(iso: "2026-04-01T14:00:00Z"))
        #expect(request.rebuttalWindowCloses == Instant(iso: "2026-04-08T14:00:00Z"))
    }

    @Test func aCodeNotInTheTariffScheduleIsRefusedNamingHts10() {
        var draft = Fixtures.draft()
        draft.hts10 = "8481.90.9099"
        #expect(throws: ExclusionError(.invalid, field: "hts10", "8481.90.9099 is not a statistical reporting number of the tariff schedule")) {
            try Fixtures.request(draft)
        }
        draft.hts10 = "8481-90"
        let error = #expect(throws: ExclusionError.self) { try Fixtures.request(draft) }
        #expect(error?.field == "hts10")
    }

    @Test(arguments: [
        ("requester.name", { @Sendable (d: inout ExclusionRequestDraft) in d.requesterName = "  " }),
        ("requester.organisation", { @Sendable (d: inout ExclusionRequestDraft) in d.requesterOrganisation = "" }),
        ("product_description", { @Sendable (d: inout ExclusionRequestDraft) in d.productDescription = "\n" }),
        ("tariff_action.kind", { @Sendable (d: inout ExclusionRequestDraft) in d.actionKind = "section201" }),
        ("tariff_action.heading", { @Sendable (d: inout ExclusionRequestDraft) in d.actionHeading = "9902.88.03" }),
        ("grounds", { @Sendable (d: inout ExclusionRequestDraft) in d.grounds = [] }),
        ("grounds[1]", { @Sendable (d: inout ExclusionRequestDraft) in d.grounds = ["severe_economic_harm", "cheaper"] }),
        ("figures[0].value", { @Sendable (d: inout ExclusionRequestDraft) in d.figures[0].value = .infinity }),
        ("figures[1].name", { @Sendable (d: inout ExclusionRequestDraft) in d.figures[1].name = "annual_import_value_usd" }),
        ("figures[0].unit", { @Sendable (d: inout ExclusionRequestDraft) in d.figures[0].unit = "" }),
        ("comment_days", { @Sendable (d: inout ExclusionRequestDraft) in d.commentDays = 9 }),
        ("rebuttal_days", { @Sendable (d: inout ExclusionRequestDraft) in d.rebuttalDays = 0 }),
    ] as [(String, @Sendable (inout ExclusionRequestDraft) -> Void)])
    func aBadRequestFieldIsNamedInTheError(field: String, edit: @Sendable (inout ExclusionRequestDraft) -> Void) {
        var draft = Fixtures.draft()
        edit(&draft)
        let error = #expect(throws: ExclusionError.self) { try Fixtures.request(draft) }
        #expect(error?.field == field)
        #expect(error?.kind == .invalid)
    }

    @Test func commentsAreAcceptedOnlyInsideTheCommentWindowAndTheErrorNamesItsDates() throws {
        let docket = ExclusionDocket(request: try Fixtures.request())
        let draft = CommentDraft(author: "R. Ortiz", organisation: "American Valve Makers", position: "oppose", text: "We make these in Ohio.")
        let inside = try ExclusionRules.comment(draft, on: docket, id: "cmt_1", at: Instant(iso: "2026-04-01T13:59:59Z")!, submittedBy: "k")
        #expect(inside.position == .oppose && !inside.isRebuttal)
        let late = #expect(throws: ExclusionError.self) {
            try ExclusionRules.comment(draft, on: docket, id: "cmt_2", at: Instant(iso: "2026-04-01T14:00:00Z")!, submittedBy: "k")
        }
        #expect(late?.kind == .outsideWindow && late?.field == "comment_window")
        #expect(late?.message.contains("open from 2026-03-02T14:00:00Z until 2026-04-01T14:00:00Z") == true)
        #expect(late?.message.contains("rebuttals of existing comments are accepted until 2026-04-08T14:00:00Z") == true)
        let early = #expect(throws: ExclusionError.self) {
            try ExclusionRules.comment(draft, on: docket, id: "cmt_3", at: Instant(iso: "2026-03-01")!, submittedBy: "k")
        }
        #expect(early?.kind == .outsideWindow)
    }

    @Test func aRebuttalMustAnswerAnExistingCommentAndIsAcceptedUntilTheRebuttalWindowCloses() throws {
        var docket = ExclusionDocket(request: try Fixtures.request())
        let comment = try ExclusionRules.comment(
            CommentDraft(author: "R. Ortiz", position: "oppose", text: "Made in Ohio."), on: docket, id: "cmt_1",
            at: Instant(iso: "2026-03-10")!, submittedBy: "k")
        docket.comments = [comment]
        let rebuttal = CommentDraft(repliesTo: "cmt_1", author: "Dana Whitfield", position: "support", text: "Ohio output is 4% of demand.")
        let accepted = try ExclusionRules.comment(rebuttal, on: docket, id: "cmt_2", at: Instant(iso: "2026-04-08T13:00:00Z")!, submittedBy: "k")
        #expect(accepted.repliesTo == "cmt_1")
        let late = #expect(throws: ExclusionError.self) {
            try ExclusionRules.comment(rebuttal, on: docket, id: "cmt_3", at: Instant(iso: "2026-04-08T14:00:00Z")!, submittedBy: "k")
        }
        #expect(late?.kind == .outsideWindow && late?.field == "rebuttal_window")
        var orphan = rebuttal
        orphan.repliesTo = "cmt_404"
        let missing = #expect(throws: ExclusionError.self) {
            try ExclusionRules.comment(orphan, on: docket, id: "cmt_4", at: Instant(iso: "2026-04-02")!, submittedBy: "k")
        }
        #expect(missing?.kind == .notFound && missing?.field == "replies_to")
    }

    @Test func aDecisionWaitsForTheRebuttalWindowAndRecordsOneFindingPerCriterion() throws {
        let docket = ExclusionDocket(request: try Fixtures.request())
        let draft = DecisionDraft(
            outcome: "granted", reasons: "No US or third-country source makes aluminium valve bodies to this specification.",
            findings: [.init(criterion: "availability_us", result: "met", note: "Sole US maker exited in 2024.")],
            effectiveFrom: "2026-05-01", effectiveTo: "2027-04-30")
        let early = #expect(throws: ExclusionError.self) {
            try ExclusionRules.decision(draft, on: docket, earlier: [], at: Instant(iso: "2026-04-08T13:59:00Z")!, decidedBy: "key_rev")
        }
        #expect(early?.kind == .outsideWindow)
        #expect(early?.message.contains("can be decided from 2026-04-08T14:00:00Z") == true)
        let decision = try ExclusionRules.decision(draft, on: docket, earlier: [], at: Instant(iso: "2026-04-09")!, decidedBy: "key_rev")
        #expect(decision.findings.map(\.criterion) == ExclusionCriteria.all.map(\.id))
        #expect(decision.findings.map(\.result) == [.met, .notAssessed, .notAssessed, .notAssessed])
        #expect(decision.effectiveTo == CivilDate("2027-04-30"))
        #expect(decision.departsFrom.isEmpty && decision.consistencyReason == nil)
    }

    @Test(arguments: [
        ("outcome", DecisionDraft(outcome: "approved", reasons: "x")),
        ("reasons", DecisionDraft(outcome: "denied", reasons: " ")),
        ("effective_from", DecisionDraft(outcome: "granted", reasons: "x", effectiveTo: "2027-01-01")),
        ("effective_to", DecisionDraft(outcome: "granted_in_part", reasons: "x", effectiveFrom: "2026-05-01", effectiveTo: "2026-04-30")),
        ("effective_to", DecisionDraft(outcome: "granted", reasons: "x", effectiveFrom: "2026-05-01", effectiveTo: "2026-02-30")),
        ("effective_from", DecisionDraft(outcome: "denied", reasons: "x", effectiveFrom: "2026-05-01")),
        ("findings[0].criterion", DecisionDraft(outcome: "denied", reasons: "x", findings: [.init(criterion: "price", result: "met")])),
        ("findings[1].criterion", DecisionDraft(outcome: "denied", reasons: "x", findings: [.init(criterion: "availability_us", result: "met"), .init(criterion: "availability_us", result: "not_met")])),
        ("findings[0].result", DecisionDraft(outcome: "denied", reasons: "x", findings: [.init(criterion: "availability_us", result: "yes")])),
    ])
    func aBadDecisionFieldIsNamedInTheError(field: String, draft: DecisionDraft) throws {
        let docket = ExclusionDocket(request: try Fixtures.request())
        let error = #expect(throws: ExclusionError.self) {
            try ExclusionRules.decision(draft, on: docket, earlier: [], at: Instant(iso: "2026-05-01")!, decidedBy: "key_rev")
        }
        #expect(error?.field == field)
    }

    @Test func aRequestIsDecidedOnlyOnce() throws {
        var docket = ExclusionDocket(request: try Fixtures.request())
        let draft = DecisionDraft(outcome: "denied", reasons: "Available from two US makers.")
        docket.decision = try ExclusionRules.decision(draft, on: docket, earlier: [], at: Instant(iso: "2026-05-01")!, decidedBy: "r")
        let again = #expect(throws: ExclusionError.self) {
            try ExclusionRules.decision(draft, on: docket, earlier: [], at: Instant(iso: "2026-05-02")!, decidedBy: "r")
        }
        #expect(again?.kind == .conflict)
    }

    @Test func statusFollowsTheTimelineThroughExtensionToExpiry() throws {
        var docket = ExclusionDocket(request: try Fixtures.request())
        #expect(docket.status(at: Instant(iso: "2026-03-03")!) == .commentPeriod)
        #expect(docket.status(at: Instant(iso: "2026-04-05")!) == .rebuttalPeriod)
        #expect(docket.status(at: Instant(iso: "2026-04-20")!) == .underReview)
        docket.decision = try ExclusionRules.decision(
            DecisionDraft(outcome: "granted_in_part", reasons: "Only the aluminium bodies.", effectiveFrom: "2026-05-01", effectiveTo: "2026-12-31"),
            on: docket, earlier: [], at: Instant(iso: "2026-04-20")!, decidedBy: "r")
        #expect(docket.status(at: Instant(iso: "2026-12-31T23:59:59Z")!) == .grantedInPart)
        #expect(docket.status(at: Instant(iso: "2027-01-01")!) == .expired)

        let notLater = #expect(throws: ExclusionError.self) {
            try ExclusionRules.extensionOf(docket, to: "2026-12-31", reason: "More time", at: Instant(iso: "2026-12-01")!, extendedBy: "r")
        }
        #expect(notLater?.field == "effective_to")
        let noReason = #expect(throws: ExclusionError.self) {
            try ExclusionRules.extensionOf(docket, to: "2027-06-30", reason: "", at: Instant(iso: "2026-12-01")!, extendedBy: "r")
        }
        #expect(noReason?.field == "reason")
        let extended = try ExclusionRules.extensionOf(
            docket, to: "2027-06-30", reason: "USTR extension notice", at: Instant(iso: "2026-12-01")!, extendedBy: "r")
        #expect(extended.previousEffectiveTo == CivilDate("2026-12-31"))
        docket.extensions = [extended]
        #expect(docket.status(at: Instant(iso: "2027-01-01")!) == .grantedInPart)
        #expect(docket.status(at: Instant(iso: "2027-07-01")!) == .expired)
        let timeline = docket.timeline(at: Instant(iso: "2027-07-01")!)
        #expect(timeline.effectiveTo == CivilDate("2027-06-30") && timeline.extensions.count == 1)
        #expect(timeline.expired == Instant(iso: "2027-07-01"))
        let afterExpiry = #expect(throws: ExclusionError.self) {
            try ExclusionRules.extensionOf(docket, to: "2028-06-30", reason: "Late", at: Instant(iso: "2027-07-02")!, extendedBy: "r")
        }
        #expect(afterExpiry?.kind == .outsideWindow)
    }

    @Test func aDeniedRequestCannotBeExtended() throws {
        var docket = ExclusionDocket(request: try Fixtures.request())
        docket.decision = try ExclusionRules.decision(
            DecisionDraft(outcome: "denied", reasons: "Available in the US."), on: docket, earlier: [], at: Instant(iso: "2026-05-01")!,
            decidedBy: "r")
        let error = #expect(throws: ExclusionError.self) {
            try ExclusionRules.extensionOf(docket, to: "2027-06-30", reason: "x", at: Instant(iso: "2026-06-01")!, extendedBy: "r")
        }
        #expect(error?.kind == .conflict)
    }
}
