import Determination
import Testing

/// License-exception lines read as the CCL writes them, through whole determinations.
@Suite struct ExceptionLineTests {
    @Test func yesExceptMeansEveryParagraphButThoseNamed3B001bToBrazilHasGBS() throws {
        let answer = try Fixture.determine("3B001.b", to: "BR")
        #expect(answer.requiredReasons.contains("NS2"))
        let gbs = try #require(answer.exception("GBS"))
        #expect(gbs.available, "\(gbs.unmet)")
    }

    @Test func aParagraphTheYesExceptLineNamesIsNotEligible() throws {
        for paragraph in ["3B001.a.3", "3B001.c.1.a", "3B001.f.2", "3B001.q"] {
            let gbs = try #require(try Fixture.determine(paragraph, to: "BR").exception("GBS"))
            #expect(!gbs.available, "\(paragraph)")
        }
    }

    @Test func theBareECCNOfAYesExceptLineLeavesGBSUnsettledNotEligible() throws {
        guard case .depends? = Fixture.determiner.exceptionLineEligibility(eccn: "3B001", code: "GBS", paragraph: []) else {
            Issue.record("3B001 without a paragraph must depend on the paragraph")
            return
        }
        guard case .depends? = Fixture.determiner.exceptionLineEligibility(eccn: "3B001", code: "GBS", paragraph: ["c", "1"]) else {
            Issue.record("3B001.c.1 is partly excepted (c.1.a, c.1.c): it depends on the paragraph")
            return
        }
    }

    @Test func yesForOnlyNamesTheOnlyEligibleParagraphs() throws {
        #expect(Fixture.determiner.exceptionLineEligibility(eccn: "6A008", code: "GBS", paragraph: ["l", "1"]) == .eligible(limitUSD: nil))
        guard case .ineligible? = Fixture.determiner.exceptionLineEligibility(eccn: "6A008", code: "GBS", paragraph: ["d"]) else {
            Issue.record("6A008.d is not among \"Yes, for 6A008.b, .c, and l.1 only\"")
            return
        }
    }

    @Test func dollarExceptNotApplicableForParagraphsRulesThoseOut() throws {
        let out = try #require(try Fixture.determine("6A003.a.4", to: "BR", value: "100").exception("LVS"))
        #expect(!out.available)
        #expect(Fixture.determiner.exceptionLineEligibility(eccn: "6A003", code: "LVS", paragraph: ["a", "1"]) == .eligible(limitUSD: 1500))
    }

    @Test func notApplicableForAReasonRulesTheExceptionOutForThatReasonOnly() throws {
        let answer = try Fixture.determine("9B001.a", to: "BR", value: "100")
        let lvs = try #require(answer.exception("LVS"))
        #expect(lvs.covers.contains { $0.hasPrefix("MT") } ? !lvs.available : lvs.available, "\(lvs)")
        #expect(Fixture.determiner.exceptionLineEligibility(eccn: "9B001", code: "LVS", paragraph: ["a"]) == .eligible(limitUSD: 5000))
    }

    @Test func aLimitStatedPerParagraphIsTheOneApplied() {
        #expect(Fixture.determiner.exceptionLineEligibility(eccn: "1A008", code: "LVS", paragraph: ["d"]) == .eligible(limitUSD: 6000))
        #expect(Fixture.determiner.exceptionLineEligibility(eccn: "1A008", code: "LVS", paragraph: ["b"]) == .eligible(limitUSD: 3000))
    }

    @Test func theComponentsLineFollowsTheStatedFactBothWays() throws {
        let component = try #require(try Fixture.determine("5A003", to: "BR", value: "400", facts: ["component=yes"]).exception("LVS"))
        #expect(component.available)
        let system = try #require(try Fixture.determine("5A003", to: "BR", value: "400", facts: ["component=no"]).exception("LVS"))
        #expect(!system.available)
        let unknown = try #require(try Fixture.determine("5A003", to: "BR", value: "400").exception("LVS"))
        #expect(!unknown.available)
    }

    // MARK: - An unknown value

    @Test func withoutAValueLVSIsUnavailableNamingTheLimit() throws {
        let lvs = try #require(try Fixture.determine("9A610.x", to: "FR", facts: ["for-aircraft-in-9A610.b=no"]).exception("LVS"))
        #expect(!lvs.available)
        #expect(lvs.unmet.contains { $0.hasPrefix("value not given (limit $1500)") })
        let given = try #require(try Fixture.determine("9A610.x", to: "FR", value: "1500", facts: ["for-aircraft-in-9A610.b=no"]).exception("LVS"))
        #expect(given.available)
        let over = try #require(try Fixture.determine("9A610.x", to: "FR", value: "1500.01", facts: ["for-aircraft-in-9A610.b=no"]).exception("LVS"))
        #expect(!over.available)
    }

    @Test func noEntryOffersLVSWithoutAValue() throws {
        for entry in Fixture.reference.ccl.entries where entry.licenseExceptions.contains(where: { $0.code == "LVS" }) {
            let answer = try Fixture.determine(entry.eccn, to: "BR")
            #expect(answer.exception("LVS")?.available != true, "\(entry.eccn)")
        }
    }
}
