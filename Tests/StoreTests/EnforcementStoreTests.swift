import Foundation
import Store
import Testing

/// Authorisations, their licence draws and their revocation, on both backends.
@Suite struct EnforcementStoreTests {
    static func permit(_ id: String, party: String? = "p1", license: String? = nil, expiresAt: Int64 = Int64.max / 2) -> AuthorizationRecord {
        AuthorizationRecord(
            id: id, verdict: "PERMIT", subject: party ?? "person:X", partyID: party, artifact: "weights", item: "9E003.a",
            destination: "CN", licenseID: license, expiresAt: expiresAt, decisionJSON: #"{"verdict":"PERMIT"}"#)
    }

    @Test(arguments: Backend.allCases)
    func fiftyConcurrentPermitsOnRoomForTenRecordExactlyTenAndNothingForTheRest(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        try await store.addLicense(LicenseTests.license, audit: StoreTests.draft("license.add"))
        let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<50 {
                group.addTask {
                    do {
                        _ = try await store.recordAuthorization(
                            Self.permit("az_\(index)", license: "D1234567"),
                            draw: LicenseDraw(licenseID: "D1234567", value: 100, quantity: 1), audit: StoreTests.draft("authorize"))
                        return true
                    } catch let error as StoreError where error.kind == .conflict {
                        #expect(error.message.contains("0 of 10 units left"))
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(granted.filter { $0 }.count == 10)
        #expect(try await store.license(id: "D1234567")?.quantityLeft == 0)
        var recorded = 0
        for index in 0..<50 where try await store.authorization(id: "az_\(index)") != nil { recorded += 1 }
        #expect(recorded == 10, "a refused draw leaves no authorisation behind")
        #expect(try await store.auditRecords(after: 0, limit: 100).count == 11)
        #expect(try await store.verifyAudit().isIntact)
    }

    @Test(arguments: Backend.allCases)
    func aNewAlertRevokesThePartysOutstandingPermitsIntoTheFeed(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        _ = try await store.upsertParties([PartyRecord(id: "p1", name: "Lumen Photonics"), PartyRecord(id: "p2", name: "Other")])
        _ = try await store.recordAuthorization(Self.permit("az_a"), draw: nil, audit: StoreTests.draft("authorize"))
        _ = try await store.recordAuthorization(Self.permit("az_b"), draw: nil, audit: StoreTests.draft("authorize"))
        _ = try await store.recordAuthorization(Self.permit("az_c", party: "p2"), draw: nil, audit: StoreTests.draft("authorize"))
        _ = try await store.recordAuthorization(Self.permit("az_old", expiresAt: 1), draw: nil, audit: StoreTests.draft("authorize"))
        #expect(try await store.revocations(after: 0, limit: 10).isEmpty)

        _ = try await store.recordScreening(
            party: PartyRecord(id: "p1", name: "Lumen Photonics"), candidates: [StoreTests.candidate("us-dpl:1")],
            audit: StoreTests.draft("lists.rescreen"))
        let feed = try await store.revocations(after: 0, limit: 10)
        #expect(feed.map(\.authorizationID) == ["az_a", "az_b"], "only p1's live PERMITs; the expired one is left alone")
        #expect(feed[0].reason.contains("new alert"))
        #expect(feed[0].sequence < feed[1].sequence)
        #expect(try await store.revocations(after: feed[0].sequence, limit: 10).map(\.authorizationID) == ["az_b"])
        let revoked = try #require(try await store.authorization(id: "az_a"))
        #expect(revoked.revokedAt != nil && revoked.revokedReason?.contains("us-dpl:1") == true)
        #expect(try await store.authorization(id: "az_c")?.revokedAt == nil)

        _ = try await store.recordAuthorization(Self.permit("az_d"), draw: nil, audit: StoreTests.draft("authorize"))
        let alert = try #require(try await store.alerts(partyID: "p1").first)
        _ = try await store.recordAlertDecision(
            AlertDecisionRecord(
                alertID: alert.id, from: .open, to: .trueMatch, reason: "same address", actor: "analyst", suppressesPair: false,
                sweep: AuthorizationSweep(.party("p1"), reason: "party p1 confirmed")),
            audit: StoreTests.draft("case.decide"))
        #expect(try await store.revocations(after: feed[1].sequence, limit: 10).map(\.authorizationID) == ["az_d"])
        #expect(try await store.verifyAudit().isIntact)
    }

    @Test(arguments: Backend.allCases)
    func revokingALicenceRevokesWhatDrewOnItAndStopsNewDraws(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        try await store.addLicense(LicenseTests.license, audit: StoreTests.draft("license.add"))
        _ = try await store.recordAuthorization(
            Self.permit("az_1", license: "D1234567"), draw: LicenseDraw(licenseID: "D1234567", value: 1, quantity: 1), audit: StoreTests.draft("authorize"))
        let result = try await store.recordLicenseRevocation(
            id: "D1234567", sweep: AuthorizationSweep(.license("D1234567"), reason: "licence D1234567 revoked: BIS revoked it"),
            audit: StoreTests.draft("license.revoke"))
        #expect(result.revoked == 1 && result.license.revokedAt != nil)
        #expect(try await store.revocations(after: 0, limit: 10).first?.reason == "licence D1234567 revoked: BIS revoked it")
        do {
            _ = try await store.recordAuthorization(
                Self.permit("az_2", license: "D1234567"), draw: LicenseDraw(licenseID: "D1234567", value: 1, quantity: 1),
                audit: StoreTests.draft("authorize"))
            Issue.record("a revoked licence must not be drawn on")
        } catch {
            #expect(error.kind == .conflict && error.message.contains("revoked"))
        }
        #expect(try await store.authorization(id: "az_2") == nil)
        do {
            _ = try await store.recordLicenseRevocation(id: "D1234567", sweep: nil, audit: StoreTests.draft("license.revoke"))
            Issue.record("revoking twice must be refused")
        } catch {
            #expect(error.kind == .conflict)
        }
        do {
            _ = try await store.recordLicenseRevocation(id: "none", sweep: nil, audit: StoreTests.draft("license.revoke"))
            Issue.record("an unknown licence must not be found")
        } catch {
            #expect(error.kind == .notFound)
        }
        #expect(try await store.auditRecords(after: 0, limit: 10).filter { $0.action == "license.revoke" }.count == 1, "refusals write nothing")
    }

    @Test(arguments: Backend.allCases)
    func addingASigningKeyRetiresTheOthersAndArtefactsAreReplacedByID(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        try await store.addSigningKey(SigningKeyRecord(id: "rk_1", privateKey: "a2V5", createdAt: 1), audit: StoreTests.draft("signing-key.create"))
        try await store.addSigningKey(SigningKeyRecord(id: "rk_2", privateKey: "a2V5", createdAt: 2), audit: StoreTests.draft("signing-key.create"))
        let keys = try await store.signingKeys()
        #expect(keys.map(\.id) == ["rk_1", "rk_2"])
        #expect(keys[0].retiredAt != nil && keys[1].retiredAt == nil)

        try await store.registerArtifacts([ArtifactRecord(id: "weights", eccn: "4E091")], audit: StoreTests.draft("artifacts.register"))
        try await store.registerArtifacts(
            [ArtifactRecord(id: "weights", eccn: "EAR99", description: "reclassified"), ArtifactRecord(id: "notes", eccn: "9E003.a")],
            audit: StoreTests.draft("artifacts.register"))
        #expect(try await store.artifacts().map(\.id) == ["notes", "weights"])
        #expect(try await store.artifact(id: "weights")?.eccn == "EAR99")
        #expect(try await store.artifact(id: "none") == nil)
    }
}
