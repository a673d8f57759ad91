import Determination
import Enforcement
import DataFormats
import Testing

/// The decision point's rules: confirmed matches deny, open alerts hold, prohibitions deny, a licence
/// requirement permits only under a covering licence, and the most restrictive reason stands.
@Suite struct AuthorizationPolicyTests {
    static let transaction = LicenseCoverage.Transaction(date: CivilDate("2026-06-01")!, endUser: "Shenzhen Lumen Photonics Co", quantity: 1)

    static func alert(source: String = "us-dpl") -> AuthorizationPolicy.Alert {
        AuthorizationPolicy.Alert(id: 7, partyID: "C-1001", entityID: "\(source):abc", source: source, score: 0.97)
    }

    static let license = License(
        id: "D7654321", kind: .bisLicense, eccns: ["9E003.a"], destinations: ["CN"], endUser: "Shenzhen Lumen Photonics Co",
        validFrom: CivilDate("2026-01-01")!, validTo: CivilDate("2027-12-31")!, quantityLeft: 2)

    static func decide(
        _ eccn: String, _ destination: String, standing: AuthorizationPolicy.PartyStanding = .init(), licenses: [License] = [],
        facts: [String] = [], transaction: LicenseCoverage.Transaction = Self.transaction
    ) throws -> AuthorizationPolicy.Outcome {
        let answer = try LicenseCoverageTests.determination(eccn, destination, facts: facts)
        return AuthorizationPolicy.decide(party: standing, determinations: [answer], licenses: licenses, transaction: transaction)
    }

    @Test func noLicenceRequiredPermitsCitingNLR() throws {
        let outcome = try Self.decide("EAR99", "DE")
        #expect(outcome.verdict == .permit)
        #expect(outcome.reasons.map(\.code) == ["nlr"])
        #expect(outcome.license == nil)
    }

    @Test func aLicenceRequirementPermitsOnlyUnderACoveringLicenceAndNamesIt() throws {
        let covered = try Self.decide("9E003.a", "CN", licenses: [Self.license])
        #expect(covered.verdict == .permit)
        #expect(covered.license?.licenseID == "D7654321" && covered.license?.quantityLeftAfter == 1)
        #expect(covered.reasons.contains { $0.code == "licensed" && $0.explanation.contains("1 units left") })

        let uncovered = try Self.decide("9E003.a", "CN")
        #expect(uncovered.verdict == .deny)
        #expect(uncovered.reasons.contains { $0.code == "no_license" })
        #expect(uncovered.reasons.filter { $0.code == "license_required" }.allSatisfy { $0.verdict == .deny })

        var spent = Self.license
        spent.quantityLeft = 0
        let exhausted = try Self.decide("9E003.a", "CN", licenses: [spent])
        #expect(exhausted.verdict == .deny)
        #expect(exhausted.reasons.contains { $0.code == "no_license" && $0.explanation.contains("0 units left") })
    }

    @Test func aConfirmedMatchDeniesAndAnOpenAlertHoldsForReviewWhateverTheItem() throws {
        let denied = try Self.decide("EAR99", "DE", standing: .init(trueMatches: [Self.alert()]))
        #expect(denied.verdict == .deny)
        #expect(denied.reasons.first?.code == "party_true_match")
        #expect(denied.reasons.first?.citation?.contains("764.3") == true)

        let held = try Self.decide("9E003.a", "CN", standing: .init(openAlerts: [Self.alert(source: "us-csl")]), licenses: [Self.license])
        #expect(held.verdict == .review)
        #expect(held.license == nil, "nothing is drawn unless the answer is PERMIT")
        #expect(held.reasons.first?.explanation.contains("decide alert 7") == true)
    }

    @Test func aProhibitionDeniesEvenWithALicenceOnFile() throws {
        var broad = Self.license
        broad.destinations = ["DE"]
        broad.eccns = ["4A994"]
        let outcome = try Self.decide("4A994", "DE", licenses: [broad], facts: ["knows-violation=yes"])
        #expect(outcome.verdict == .deny)
        #expect(outcome.reasons.contains { $0.code == "prohibited" && $0.citation?.contains("736.2(b)(10)") == true })
        #expect(outcome.license == nil)
    }

    @Test func anInternalApprovalNeverStandsInForAGovernmentLicence() throws {
        var approval = Self.license
        approval.kind = .internalApproval
        let outcome = try Self.decide("9E003.a", "CN", licenses: [approval])
        #expect(outcome.verdict == .deny)
        #expect(outcome.reasons.contains { $0.code == "no_license" && $0.explanation.contains("not a government authorization") })
    }

    /// 4A005's ACE line reads "Yes, except to Country Group E:1 or E:2": ACE may apply to China. (5E001.a, used
    /// before, is eligible only "for 5A001.j …", a condition the request does not settle, so ACE is unavailable.)
    @Test func aLicenceExceptionThatMayApplyHoldsForReviewInsteadOfDenying() throws {
        let outcome = try Self.decide("4A005", "CN")
        #expect(outcome.verdict == .review)
        #expect(outcome.reasons.contains { $0.code == "license_exception_may_apply" && $0.explanation.contains("ACE (740.22)") })
        #expect(!outcome.reasons.contains { $0.code == "no_license" })
    }

    @Test func anUnsettledDeterminationHoldsForReviewNamingTheMissingFact() throws {
        let outcome = try Self.decide("3E001", "CN")
        #expect(outcome.verdict == .review)
        #expect(outcome.reasons.contains { $0.code == "determination_needs_review" && $0.explanation.contains("meets-3A201") })
    }

    @Test func theAnswerDependsOnlyOnThePassedDateNeverOnTheClock() throws {
        func on(_ day: String) throws -> AuthorizationPolicy.Outcome {
            var transaction = Self.transaction
            transaction.date = CivilDate(day)!
            return try Self.decide("9E003.a", "CN", licenses: [Self.license], transaction: transaction)
        }
        let early = try on("2025-12-31")
        #expect(early.verdict == .deny)
        #expect(early.reasons.contains { $0.code == "no_license" && $0.explanation.contains("licence D7654321 is valid from 2026-01-01") })
        let valid = try on("2026-01-01")
        #expect(valid.verdict == .permit && valid.license?.licenseID == "D7654321")
        #expect(try on("2027-12-31").verdict == .permit)
        let expired = try on("2028-01-01")
        #expect(expired.verdict == .deny)
        #expect(expired.reasons.contains { $0.code == "no_license" && $0.explanation.contains("licence D7654321 expired on 2027-12-31") })
        #expect(try on("2028-01-01") == expired, "the same inputs give the same answer")
    }
}
