import Foundation
import Store
import Testing

/// Party imports and list switches are each one transaction with their screenings, job and audit record:
/// when any part cannot be written, nothing is.
@Suite struct CrashSafeImportTests {
    /// Makes every audit append fail from now on, as a full disk or a lost connection at the last step would.
    static func refuseAuditAppends(_ test: TestStore, _ backend: Backend) async throws {
        switch backend {
        case .sqlite:
            try await test.execute("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END")
        case .postgres:
            try await test.execute(
                "CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$ LANGUAGE plpgsql")
            try await test.execute("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()")
        }
    }

    @Test(arguments: Backend.allCases)
    func aPartyImportThatCannotBeAuditedStoresNoPartyAndNoAlert(backend: Backend) async throws {
        let test = try await backend.makeStore()
        let store = test.store
        let first = PartyRecord(id: "p1", name: "Acme GmbH")
        _ = try await store.importParties([PartyScreeningResult(party: first, candidates: [])], audit: StoreTests.draft("parties.import"))
        try await Self.refuseAuditAppends(test, backend)
        var changed = first
        changed.country = "DE"
        await #expect(throws: StoreError.self) {
            _ = try await store.importParties(
                [
                    PartyRecord(id: "p2", name: "Banco Nacional de Cuba"), changed,
                ].map { PartyScreeningResult(party: $0, candidates: [StoreTests.candidate("ofac-sdn:306")]) },
                audit: StoreTests.draft("parties.import"))
        }
        #expect(try await store.partyDigests(ids: ["p1", "p2"]) == ["p1": first.digest], "neither the new nor the changed party was stored")
        #expect(try await store.alerts(status: nil, limit: 10).isEmpty)
        #expect(try await store.auditRecords(after: 0, limit: 10).count == 1)
    }

    @Test(arguments: Backend.allCases)
    func aListSwitchThatCannotBeAuditedLeavesThePreviousVersionActiveAndNoJob(backend: Backend) async throws {
        let test = try await backend.makeStore()
        let store = test.store
        let first = try await store.importListVersion(
            ListVersionTests.change([("un:a", "1")], replacing: nil), audit: StoreTests.draft("lists.import"))
        _ = try await store.upsertParties([PartyRecord(id: "p1", name: "A Person")])
        try await Self.refuseAuditAppends(test, backend)
        await #expect(throws: StoreError.self) {
            _ = try await store.importListVersion(
                ListVersionTests.change([("un:a", "2")], replacing: first.version.id, chunkSize: 10), audit: StoreTests.draft("lists.import"))
        }
        #expect(try await store.activeListVersions().map(\.id) == [first.version.id])
        #expect(try await store.claimChunk(worker: "w", staleAfter: 0) == nil, "no job was queued for the version that was not switched to")
    }

    @Test(arguments: Backend.allCases)
    func aSwitchComparedWithAVersionThatIsNoLongerActiveIsAConflictAndWritesNothing(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        let first = try await store.importListVersion(
            ListVersionTests.change([("un:a", "1")], replacing: nil), audit: StoreTests.draft("lists.import"))
        do {
            _ = try await store.importListVersion(
                ListVersionTests.change([("un:b", "1")], replacing: nil, chunkSize: 10), audit: StoreTests.draft("lists.import"))
            Issue.record("a switch that believes no version is active must be refused")
        } catch {
            #expect(error.kind == .conflict)
            #expect(error.message.contains("version \(first.version.id)"))
        }
        let second = try await store.importListVersion(
            ListVersionTests.change([("un:a", "2")], replacing: first.version.id), audit: StoreTests.draft("lists.import"))
        do {
            _ = try await store.importListVersion(
                ListVersionTests.change([("un:a", "3")], replacing: first.version.id), audit: StoreTests.draft("lists.import"))
            Issue.record("a switch compared with a replaced version must be refused")
        } catch {
            #expect(error.kind == .conflict)
        }
        #expect(try await store.activeListVersions().map(\.id) == [second.version.id])
        #expect(try await store.auditRecords(after: 0, limit: 10).count == 2)
    }

    @Test(arguments: Backend.allCases)
    func aSwitchQueuesItsJobOverEveryStoredPartyInTheSameTransaction(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        _ = try await store.upsertParties((1...25).map { PartyRecord(id: String(format: "p%03d", $0), name: "Party \($0)") })
        let switched = try await store.importListVersion(
            ListVersionTests.change([("un:a", "1")], replacing: nil, chunkSize: 10), audit: StoreTests.draft("lists.import"))
        let job = try #require(switched.job)
        #expect(job.chunks == 3)
        let progress = try await store.progress(jobID: job.id)
        #expect(progress.pending == 3)
        let chunk = try #require(try await store.claimChunk(worker: "w", staleAfter: 60_000))
        #expect(chunk.versionID == switched.version.id && chunk.previousVersionID == nil)
        #expect(chunk.firstParty == "p001" && chunk.lastParty == "p010")
    }

    @Test(arguments: Backend.allCases)
    func aLicenceWhoseRecordCannotBeDecodedStopsTheReadNamingIt(backend: Backend) async throws {
        let test = try await backend.makeStore()
        try await test.store.addLicense(LicenseTests.license, audit: StoreTests.draft("license.add"))
        try await test.execute("UPDATE licenses SET record_json = '{\"id\": \"D1234567\"' WHERE id = 'D1234567'")
        do {
            _ = try await test.store.license(id: "D1234567")
            Issue.record("an undecodable licence must not be read as absent")
        } catch {
            #expect(error.message.contains("licence D1234567"), "\(error.message)")
        }
        do {
            _ = try await test.store.licenses()
            Issue.record("an undecodable licence must not be skipped")
        } catch {
            #expect(error.message.contains("licence D1234567"), "\(error.message)")
        }
    }
}
