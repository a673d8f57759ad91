import Audit
import Foundation
import Screening
import Store
import Testing

@testable import Operations

/// What happens to releases when the ground under them moves: a PERMIT that loses the race for a licence's last
/// units is a recorded DENY; a revoked licence, or a new alert on the party, revokes the outstanding PERMITs.
@Suite struct LicenceOperationTests {
    @Test("a licence is recorded with nothing drawn, audited as license.add with the request as input; its number cannot be reused", arguments: ServiceBackend.allCases)
    func licenceIsRecordedAndAudited(backend: ServiceBackend) async throws {
        let harness = try await Walkthrough.harness(backend, licensed: false)
        let before = try await harness.head()
        let license = Walkthrough.license()
        let input = Data(#"{"id":"D7654321","kind":"bis-license"}"#.utf8)
        try await harness.store.addLicense(license, audit: ComplianceService.licenseRecord(license, actor: "key_admin", input: input))
        let stored = try #require(try await harness.store.license(id: Walkthrough.licenseID))
        #expect(stored.license == license && stored.quantityUsed == 0 && stored.valueUsed == 0 && stored.revokedAt == nil)
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["license.add"])
        #expect(records.first?.actor == "key_admin")
        #expect(records.first?.inputDigest == AuditRecord.digest(input))
        #expect(records.first?.result == "licence D7654321 (bis-license) for 9E003.a to CN")
        await #expect {
            try await harness.store.addLicense(license, audit: ComplianceService.licenseRecord(license, actor: "key_admin", input: input))
        } throws: { error in
            (error as? StoreError)?.kind == .conflict
        }
        #expect(try await harness.records(after: before).count == 1)
    }

    @Test("a PERMIT whose draw loses the race for the licence's last unit is answered and recorded as a DENY, never dropped", arguments: ServiceBackend.allCases)
    func lostRaceIsARecordedDenial(backend: ServiceBackend) async throws {
        let harness = try await Walkthrough.harness(backend, quantityLimit: 1)
        let body = Data(#"{"party":"p3","eccn":"9E003.a","destination":"CN"}"#.utf8)
        let first = try await harness.service.authorize(Walkthrough.request(), actor: "key_screener", body: body)
        #expect(first.verdict == .permit && first.license?.quantityLeft == 0)

        // A second decision checked against the same balance as the first: a PERMIT by the policy, drawn on after the first.
        var late = first
        late.decisionID = "az_late"
        let record = AuthorizationRecord(
            id: late.decisionID, verdict: "PERMIT", subject: "p3", partyID: "p3", artifact: nil, item: "9E003.a", destination: "CN",
            licenseID: Walkthrough.licenseID, expiresAt: 1, decisionJSON: late.json(withToken: false))
        let before = try await harness.head()
        let drawn = try await harness.service.record(
            record, draw: LicenseDraw(licenseID: Walkthrough.licenseID, value: 0, quantity: 1),
            audit: AuditDraft(actor: "key_screener", action: "authorize", input: body, result: "PERMIT az_late", versions: late.versions))
        guard case .drawRefused(let refusal) = drawn else {
            Issue.record("the draw past the licence's limit was recorded: \(drawn)")
            return
        }
        #expect(try await harness.records(after: before).isEmpty, "a refused draw writes nothing")

        let denial = try await harness.service.recordLostRace(
            late, record: record, refusal: refusal, description: "9E003.a to CN for p3", actor: "key_screener", body: body)
        #expect(denial.verdict == .deny)
        #expect(denial.token == nil && denial.expiresAt == nil && denial.license == nil)
        #expect(!denial.reasons.contains { $0.code == "licensed" })
        #expect(denial.reasons.last?.code == "license_exhausted")
        #expect(denial.reasons.filter { $0.code == "license_required" }.allSatisfy { $0.verdict == .deny })

        let stored = try #require(try await harness.store.authorization(id: "az_late"))
        #expect(stored.verdict == "DENY" && stored.licenseID == nil && stored.expiresAt == nil)
        #expect(stored.auditSequence == denial.auditSequence)
        #expect(!stored.decisionJSON.contains("PERMIT"))
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["authorize"])
        #expect(records.first?.inputDigest == AuditRecord.digest(body))
        #expect(records.first?.result.hasPrefix("DENY az_late: 9E003.a to CN for p3 (license_exhausted: ") == true, "\(records.first?.result ?? "")")
        #expect(try await harness.store.license(id: Walkthrough.licenseID)?.quantityUsed == 1)
        #expect(try await harness.chainIsIntact())
    }

    @Test("concurrent releases on a three-unit licence give three PERMITs and recorded DENYs, each audited once, never an overdraw", arguments: ServiceBackend.allCases)
    func concurrentDrawsNeverOverdraw(backend: ServiceBackend) async throws {
        let harness = try await Walkthrough.harness(backend, quantityLimit: 3)
        _ = try await harness.service.releaseKeys()
        let before = try await harness.head()
        let service = harness.service
        let answers = try await withThrowingTaskGroup(of: AuthorizationAnswer.self) { group in
            for _ in 0..<12 {
                group.addTask { try await service.authorize(Walkthrough.request(), actor: "key_screener", body: Data()) }
            }
            return try await group.reduce(into: [AuthorizationAnswer]()) { $0.append($1) }
        }
        #expect(answers.filter { $0.verdict == .permit }.count == 3)
        #expect(answers.filter { $0.verdict == .deny }.count == 9)
        #expect(answers.filter { $0.verdict == .deny }.allSatisfy { $0.token == nil })
        for answer in answers {
            #expect(try await harness.store.authorization(id: answer.decisionID)?.verdict == answer.verdict.rawValue)
        }
        let records = try await harness.records(after: before)
        #expect(records.count == 12 && records.allSatisfy { $0.action == "authorize" })
        #expect(Set(records.map(\.sequence)) == Set(answers.map(\.auditSequence)))
        #expect(try await harness.store.license(id: Walkthrough.licenseID)?.quantityUsed == 3)
        #expect(try await harness.chainIsIntact())
    }

    @Test("revoking a licence revokes the outstanding PERMITs that drew on it, audited; later releases on it are refused", arguments: ServiceBackend.allCases)
    func licenceRevocationRevokesItsReleases(backend: ServiceBackend) async throws {
        let harness = try await Walkthrough.harness(backend)
        let permit = try await harness.service.authorize(Walkthrough.request(), actor: "key_screener", body: Data())
        #expect(permit.verdict == .permit)
        let before = try await harness.head()
        let reason = "Licence suspended by BIS"
        let (license, revoked) = try await harness.service.revokeLicense(id: Walkthrough.licenseID, reason: reason, actor: "key_admin")
        #expect(revoked == 1)
        #expect(license.revokedAt != nil)
        #expect(try await harness.store.license(id: Walkthrough.licenseID)?.revokedAt != nil)
        let stored = try #require(try await harness.store.authorization(id: permit.decisionID))
        #expect(stored.revokedAt != nil)
        #expect(try await harness.store.revocations(after: 0, limit: 10).map(\.authorizationID) == [permit.decisionID])

        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["license.revoke"])
        #expect(records.first?.actor == "key_admin")
        #expect(records.first?.inputDigest == digest("\(Walkthrough.licenseID) \(reason)"))
        #expect(records.first?.result == "licence \(Walkthrough.licenseID) revoked: \(reason)")

        let after = try await harness.service.authorize(Walkthrough.request(), actor: "key_screener", body: Data())
        #expect(after.verdict != .permit && after.token == nil)
        #expect(try await harness.chainIsIntact())
    }

    @Test("revoking an unknown or already revoked licence is refused and not audited", arguments: ServiceBackend.allCases)
    func badLicenceRevocationsAreRefused(backend: ServiceBackend) async throws {
        let harness = try await Walkthrough.harness(backend)
        _ = try await harness.service.revokeLicense(id: Walkthrough.licenseID, reason: "Expired early", actor: "key_admin")
        let before = try await harness.head()
        await #expect {
            _ = try await harness.service.revokeLicense(id: "D0000000", reason: "x", actor: "key_admin")
        } throws: { error in
            (error as? StoreError)?.kind == .notFound
        }
        await #expect {
            _ = try await harness.service.revokeLicense(id: Walkthrough.licenseID, reason: "again", actor: "key_admin")
        } throws: { error in
            (error as? StoreError)?.kind == .conflict
        }
        #expect(try await harness.records(after: before).isEmpty)
    }

    @Test("a new alert on a party, from a list version naming it, revokes the party's outstanding PERMITs in the same step", arguments: ServiceBackend.allCases)
    func newAlertRevokesOutstandingPermits(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        _ = try await harness.service.importParties([FixtureLists.bakery], actor: "key_analyst")
        let permit = try await harness.service.authorize(
            AuthorizationRequest(recipient: .party(id: "p2"), subject: .item(eccn: "EAR99"), destination: "DE"), actor: "key_screener", body: Data())
        #expect(permit.verdict == .permit)
        #expect(try await harness.store.revocations(after: 0, limit: 10).isEmpty)

        let report = try await harness.service.importList(
            ListImportOperationTests.un(adding: [ListImportOperationTests.bakeryListed]), actor: "key_admin")
        #expect(report.alertsOpened == 1)
        #expect(try await harness.store.authorization(id: permit.decisionID)?.revokedAt != nil)
        #expect(try await harness.store.revocations(after: 0, limit: 10).map(\.authorizationID) == [permit.decisionID])
        #expect(try await Walkthrough.verifier(harness).verify(try #require(permit.token)).id == permit.decisionID,
                "the token itself still verifies: gates refuse it by the revocation feed")
        #expect(try await harness.chainIsIntact())
    }
}
