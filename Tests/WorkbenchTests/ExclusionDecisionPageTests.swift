import Foundation
import Hummingbird
import Operations
import Store
import TariffExclusions
import Testing

@testable import Workbench

/// The reviewer's decision form: the earlier decisions on the HTS-10 beside it, the consistency check's refusal
/// shown on the form (kept as filled in), the decision recorded through `ExclusionService.decide` as the user,
/// the reviewer role as the API enforces it, and the window and field errors as pages.
@Suite struct ExclusionDecisionPageTests {
    static func draft(_ description: String) -> ExclusionRequestDraft {
        ExclusionRequestDraft(
            requesterName: "Dana Whitfield", requesterOrganisation: "Great Lakes Hydraulics LLC", hts10: "8481.90.9020",
            productDescription: description, actionKind: "section301", actionHeading: "9903.88.03", grounds: ["not_available_us"],
            commentDays: 10, rebuttalDays: 1)
    }

    /// Two requests on one HTS-10 with similar descriptions, the first granted; the clock past both windows.
    static func seed(_ harness: Harness, _ clock: MovableClock) async throws -> (earlier: String, later: String) {
        let earlier = try await harness.service.exclusions.file(draft("Cast iron valve bodies for hydraulic pumps"), actor: "user:sam").request.id
        let later = try await harness.service.exclusions.file(draft("Cast iron valve bodies for hydraulic pumps, machined"), actor: "user:sam").request.id
        clock.advance(days: 12)
        _ = try await harness.service.exclusions.decide(
            earlier, DecisionDraft(outcome: "granted", reasons: "No US source.", effectiveFrom: "2026-01-01", effectiveTo: "2026-12-31"), actor: "user:rita")
        return (earlier, later)
    }

    @Test("a decision departing from a similar earlier one is refused on the form naming it, then recorded with a consistency reason as the reviewer", arguments: PageBackend.allCases)
    func consistency(backend: PageBackend) async throws {
        let clock = MovableClock()
        let harness = try await Harness.makeWithTrade(backend, clock: clock)
        let ids = try await Self.seed(harness, clock)
        try await harness.serve { browser in
            try await browser.signIn("rita")
            let docket = try await browser.get("/exclusions/\(ids.later)")
            #expect(docket.html.contains(#"<a href="/exclusions/\#(ids.later)/decide">Decide this request (reviewer)</a>"#))
            let form = try await browser.get("/exclusions/\(ids.later)/decide")
            #expect(form.status == .ok && form.html.contains(#"<a href="/exclusions/\#(ids.earlier)">\#(ids.earlier)</a>"#) && form.html.contains("<strong>yes</strong>"))
            #expect(form.html.contains(#"<label for="finding.availability_us">"#) && form.html.contains(#"<label for="consistency_reason">"#))
            let fields = [("outcome", "denied"), ("reasons", "Available from two US makers."), ("finding.availability_us", "not_met")]
            let refused = try await browser.post("/exclusions/\(ids.later)/decision", fields)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains("differs from earlier decisions") && refused.html.contains(ids.earlier) && refused.html.contains("<code>consistency_reason</code>"))
            #expect(refused.html.contains("Available from two US makers.") && refused.html.contains(#"<option value="not_met" selected>"#))
            #expect(refused.html.contains(#"aria-invalid="true""#))
            let recorded = try await browser.post("/exclusions/\(ids.later)/decision", fields + [("consistency_reason", "The machined part is made in Ohio.")])
            #expect(recorded.status == .seeOther && recorded.location == "/exclusions/\(ids.later)")
            let after = try await browser.get("/exclusions/\(ids.later)")
            #expect(after.html.contains("<strong>denied</strong>") && !after.html.contains("Decide this request"))
        }
        let decided = try await harness.service.exclusions.docket(id: ids.later).decision
        #expect(decided?.outcome == .denied && decided?.decidedBy == "user:rita" && decided?.departsFrom.map(\.earlierRequestID) == [ids.earlier])
        #expect(decided?.findings.first { $0.criterion == "availability_us" }?.result == .notMet)
        let head = try #require(try await harness.store.auditHead())
        let record = try #require(try await harness.store.auditRecords(after: head.sequence - 1, limit: 1).first)
        #expect(record.action == "exclusion.decide" && record.actor == "user:rita")
    }

    @Test("screeners and analysts are refused the decision form and the decision with a 403 page, and nothing is decided", arguments: PageBackend.allCases)
    func roles(backend: PageBackend) async throws {
        let clock = MovableClock()
        let harness = try await Harness.makeWithTrade(backend, clock: clock)
        let ids = try await Self.seed(harness, clock)
        try await harness.serve { browser in
            for name in ["sam", "ana"] {
                try await browser.signIn(name)
                let docket = try await browser.get("/exclusions/\(ids.later)")
                #expect(!docket.html.contains("Decide this request"))
                let form = try await browser.get("/exclusions/\(ids.later)/decide")
                #expect(form.status == .forbidden && form.html.contains("needs the reviewer role"))
                let post = try await browser.post("/exclusions/\(ids.later)/decision", [("outcome", "granted"), ("reasons", "x")])
                #expect(post.status == .forbidden)
            }
        }
        let decision = try await harness.service.exclusions.docket(id: ids.later).decision
        #expect(decision == nil)
    }

    @Test("before the rebuttal window closes the form shows the window (409); a malformed effective date is a 400 page naming the field")
    func windowAndFields() async throws {
        let clock = MovableClock()
        let harness = try await Harness.makeWithTrade(.sqlite, clock: clock)
        let id = try await harness.service.exclusions.file(Self.draft("Brass fittings"), actor: "user:sam").request.id
        try await harness.serve { browser in
            try await browser.signIn("rita")
            try await browser.get("/exclusions/\(id)/decide")
            let early = try await browser.post("/exclusions/\(id)/decision", [("outcome", "denied"), ("reasons", "Too early.")])
            #expect(early.status == .conflict && early.html.contains("rebuttal window closes") && early.html.contains("<code>rebuttal_window</code>"))
            clock.advance(days: 12)
            let bad = try await browser.post("/exclusions/\(id)/decision", [("outcome", "granted"), ("reasons", "Fine."), ("effective_from", "soon")])
            #expect(bad.status == .badRequest && bad.html.contains("<code>effective_from</code>"))
            let missing = try await browser.get("/exclusions/NOPE/decide")
            #expect(missing.status == .notFound)
        }
    }
}
