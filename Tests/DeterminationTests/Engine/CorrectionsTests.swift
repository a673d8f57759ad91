import Determination
import Testing

/// The regulation facts of CORRECTIONS.md that the tables miss, each applied by the engine.
@Suite struct CorrectionsTests {
    @Test func encryptionNeedsNoEILicenseForCanada() throws {
        let canada = try Fixture.determine("5A002.a.1", to: "CA")
        #expect(canada.findings.first { $0.reason == "EI" }?.outcome == .nlr)
        let france = try Fixture.determine("5A002.a.1", to: "FR")
        let ei = try #require(france.findings.first { $0.reason == "EI" })
        #expect(ei.outcome == .licenseRequired)
        #expect(ei.flags.contains { $0.contains("CORRECTIONS.md 1") })
    }

    @Test func hongKongIsEvaluatedAsChinaAndSaysSo() throws {
        let hongKong = try Fixture.determine("3A003", to: "HK")
        let china = try Fixture.determine("3A003", to: "CN")
        #expect(hongKong.outcome == china.outcome)
        #expect(hongKong.requiredReasons == china.requiredReasons)
        #expect(hongKong.destination == "HK")
        #expect(hongKong.notes.contains { $0.contains("Hong Kong is evaluated as China") })
    }

    @Test func iraqListsOnlyItsOwnExceptions() throws {
        let answer = try Fixture.determine("3A003", to: "IQ", value: "100")
        for candidate in answer.licenseExceptions where candidate.available {
            #expect(["APP", "AVS", "BAG", "CIV", "ENC", "GFT", "GOV", "RPL", "TMP", "TSU"].contains(candidate.code))
        }
    }

    @Test func nineA604YIsExcludedFromNSAndFlagged() throws {
        let answer = try Fixture.determine("9A604.y", to: "FR")
        #expect(!answer.findings.contains { $0.reason == "NS1" })
        let other = try Fixture.determine("9A604.a", to: "FR")
        #expect(other.findings.first { $0.reason == "NS1" }?.flags.contains { $0.contains("CORRECTIONS.md 4") } == true)
    }

    @Test func rowsWithoutAScopeNeedReviewNeverNLR() throws {
        let answer = try Fixture.determine("3B993", to: "DE")
        #expect(answer.outcome == .needsReview)
        #expect(answer.findings.contains { $0.reason == "RS" && $0.outcome == .needsReview })
        let np = try Fixture.determine("4A001.a", to: "DE")
        #expect(np.findings.contains { $0.reason == "NP" && $0.outcome == .needsReview })
    }

    @Test func theDoublyCitedSectionIsFlagged() throws {
        let answer = try Fixture.determine("3A069", to: "CN")
        let finding = try #require(answer.findings.first { $0.reason == "RS" })
        #expect(finding.outcome == .licenseRequired)
        #expect(finding.flags.contains { $0.contains("CORRECTIONS.md 6") })
    }

    @Test func lvsConditionsTheFactsDoNotSettleStayUnmet() throws {
        let answer = try Fixture.determine("5A003", to: "BR", value: "400")
        let lvs = try #require(answer.exception("LVS"))
        #expect(lvs.unmet.contains { $0.contains("components") })
        let system = try Fixture.determine("5A003", to: "BR", value: "400", facts: ["component=no"])
        #expect(system.exception("LVS")?.available == false)
    }

    @Test func liechtensteinsMissingGroupsLeaveGroupExceptionsUnmet() throws {
        let answer = try Fixture.determine("9A610.x", to: "LI", value: "100", facts: ["for-aircraft-in-9A610.b=no"])
        #expect(answer.outcome == .licenseRequired)
        let lvs = try #require(answer.exception("LVS"))
        #expect(lvs.unmet.contains { $0.contains("country group data missing") })
    }

    @Test func theUAEConflictIsFlagged() throws {
        let answer = try Fixture.determine("4A090.b", to: "AE")
        #expect(answer.findings.contains { $0.flags.contains { $0.contains("CORRECTIONS.md 9") } })
    }
}
