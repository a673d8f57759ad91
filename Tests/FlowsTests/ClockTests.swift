import Flows
import DataFormats
import Testing

/// The checker never reads the clock: without a date in the input, the day is the one the caller passes.
@Suite struct ClockTests {
    @Test func withoutADateTheDayIsTheOnePassedIn() throws {
        var input = TransferInput(category: "personal", from: "DE", to: "US")
        input.mechanisms = ["scc"]
        let fresh = try Bundled.checker.request(input, today: CivilDate("2026-06-01"))
        let late = try Bundled.checker.request(input, today: CivilDate("2028-01-01"))
        #expect(fresh.date == CivilDate("2026-06-01") && late.date == CivilDate("2028-01-01"))
        #expect(Bundled.checker.decide(fresh).outcome == .permittedWithConditions)
        #expect(Bundled.checker.decide(late).outcome == .needsReview, "the passed day decides how old the tables are")
    }

    @Test func withNeitherADateNorAPassedDayTheDateIsNamedAsMissing() {
        #expect {
            _ = try Bundled.checker.request(TransferInput(category: "personal", from: "DE", to: "US"))
        } throws: { error in
            (error as? TransferInputError)?.field == "--date"
        }
    }
}
