import BundledData
import Determination
import Enforcement
import DataFormats
import Testing

/// A licence authorises a licence-required determination only when every condition holds.
@Suite struct LicenseCoverageTests {
    static let determiner: Determiner = {
        do { return try Determiner(reference: ReferenceData(directory: BundledData.earDirectory)) } catch { fatalError("\(error)") }
    }()

    static func determination(_ eccn: String, _ destination: String, facts: [String] = [], parties: [PartyScreening] = []) throws -> Determination {
        var input = Determiner.Input(eccn: eccn, destination: destination)
        input.facts = facts
        return try determiner.determine(determiner.request(from: input, parties: parties))
    }

    /// Limits 50,000 USD and 10 units, of which 10,000 USD and 2 units are drawn.
    static let license = License(
        id: "D1234567", kind: .bisLicense, eccns: ["3A001.b"], destinations: ["JP"], consignee: "Tokyo Devices KK",
        validFrom: CivilDate("2026-01-01")!, validTo: CivilDate("2026-12-31")!, valueLeft: 40_000, quantityLeft: 8)

    static let transaction = LicenseCoverage.Transaction(
        date: CivilDate("2026-06-01")!, consignee: "TOKYO DEVICES K.K.", value: 20_000, quantity: 3)

    @Test func aMatchingValidLicenceCoversTheDeterminationAndReportsTheBalance() throws {
        let answer = try Self.determination("3A001.b.3", "JP", facts: ["civil-telecommunications=no"])
        #expect(answer.outcome == .licenseRequired)
        let check = LicenseCoverage.check(Self.license, for: answer, transaction: Self.transaction)
        #expect(check.covers, "\(check.unmet)")
        #expect(check.valueLeftAfter == 20_000)
        #expect(check.quantityLeftAfter == 5)
    }

    @Test func eachConditionThatFailsIsNamed() throws {
        let answer = try Self.determination("3A001.b.3", "JP", facts: ["civil-telecommunications=no"])
        var late = Self.transaction
        late.date = CivilDate("2027-01-05")!
        #expect(LicenseCoverage.check(Self.license, for: answer, transaction: late).unmet == ["licence D1234567 expired on 2026-12-31"])
        var other = Self.transaction
        other.consignee = "Osaka Parts Ltd"
        #expect(LicenseCoverage.check(Self.license, for: answer, transaction: other).unmet.first?.contains("names the consignee") == true)
        var big = Self.transaction
        big.value = 45_000
        #expect(LicenseCoverage.check(Self.license, for: answer, transaction: big).unmet.first?.contains("$40000.0 left") == true)
        let china = try Self.determination("3A001.b.3", "CN", facts: ["civil-telecommunications=no"])
        #expect(LicenseCoverage.check(Self.license, for: china, transaction: Self.transaction).unmet.contains { $0.contains("not CN") })
        let otherItem = try Self.determination("3A001.a.2", "JP")
        #expect(LicenseCoverage.check(Self.license, for: otherItem, transaction: Self.transaction).unmet.contains { $0.contains("not 3A001.a.2") })
        var revoked = Self.license
        revoked.revoked = true
        #expect(LicenseCoverage.check(revoked, for: answer, transaction: Self.transaction).unmet.contains { $0.contains("revoked") })
    }

    @Test func aProhibitionIsNeverCoveredAndTheKindMustFitTheFinding() throws {
        let denied = PartyScreening(
            name: "X", hits: [PartyHit(list: .deniedPersons, entry: ListEntryReference(id: "us-dpl:1", name: "X", list: "DPL", score: 1))])
        let prohibited = try Self.determination("3A001.b.3", "JP", facts: ["civil-telecommunications=no"], parties: [denied])
        #expect(LicenseCoverage.check(Self.license, for: prohibited, transaction: Self.transaction).unmet.contains { $0.contains("prohibited") })
        var approval = Self.license
        approval.kind = .internalApproval
        let answer = try Self.determination("3A001.b.3", "JP", facts: ["civil-telecommunications=no"])
        #expect(!LicenseCoverage.check(approval, for: answer, transaction: Self.transaction).covers)
        var ofac = Self.license
        ofac.kind = .ofacSpecific
        #expect(LicenseCoverage.check(ofac, for: answer, transaction: Self.transaction).unmet.contains { $0.contains("OFAC licence does not authorize") })
    }
}
