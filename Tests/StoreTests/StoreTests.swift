import Audit
import Foundation
import Store
import Testing

/// The store API on both backends: keys, parties, alerts and decisions, and the audit chain they write.
@Suite struct StoreTests {
    static func draft(_ action: String, _ result: String = "ok") -> AuditDraft {
        AuditDraft(actor: "test", action: action, input: Data(action.utf8), result: result, versions: "test data 1")
    }

    static func candidate(_ entity: String, digest: String = "e1", score: Double = 0.95) -> AlertCandidate {
        AlertCandidate(
            entityID: entity, source: "ofac-sdn", listVersion: "2023-12-28", score: score, entityDigest: digest,
            matchJSON: "{\"entity_id\":\"\(entity)\"}")
    }

    /// A false positive on `alert` as the case rule decides it: the pair suppressed, nothing revoked.
    static func falsePositive(_ alert: AlertRecord, reason: String, actor: String) -> AlertDecisionRecord {
        AlertDecisionRecord(alertID: alert.id, from: .open, to: .falsePositive, reason: reason, actor: actor, suppressesPair: true, sweep: nil)
    }

    @Test(arguments: Backend.allCases)
    func migratingTwiceIsHarmless(backend: Backend) async throws {
        let test = try await backend.makeStore()
        try await test.store.migrate()
        #expect(try await test.store.partyCount() == 0)
    }

    @Test(arguments: Backend.allCases)
    func keysAreFoundByTheHashOfTheirSecretAndTheirCreationIsAudited(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        let key = APIKeyRecord(id: "key_1", secretHash: AuditRecord.digest(Data("secret".utf8)), role: .analyst, createdAt: 1)
        let record = try await store.createKey(key, audit: Self.draft("key.create", "key_1 analyst"))
        #expect(record.sequence == 1)
        #expect(try await store.key(secretHash: key.secretHash) == key)
        #expect(try await store.key(secretHash: AuditRecord.digest(Data("other".utf8))) == nil)
        await #expect(throws: StoreError.self) { _ = try await store.createKey(key, audit: Self.draft("key.create")) }
        #expect(try await store.auditRecords(after: 0, limit: 10).count == 1, "a failed write leaves no audit record")
    }

    @Test(arguments: Backend.allCases)
    func partiesAreStoredWithTheirScreeningAndFoundByDigest(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        let parties = [PartyRecord(id: "p1", name: "Acme GmbH", country: "DE"), PartyRecord(id: "p2", name: "Ivan Petrov", type: "person")]
        let outcomes = try await store.importParties(
            [PartyScreeningResult(party: parties[0], candidates: []), PartyScreeningResult(party: parties[1], candidates: [Self.candidate("un:1")])],
            audit: Self.draft("parties.import"))
        #expect(outcomes.map(\.opened.count) == [0, 1])
        #expect(try await store.partyDigests(ids: ["p1", "p2", "p3"]) == ["p1": parties[0].digest, "p2": parties[1].digest])
        var changed = parties[1]
        changed.dateOfBirth = "1970-01-01"
        _ = try await store.importParties([PartyScreeningResult(party: changed, candidates: [])], audit: Self.draft("parties.import"))
        #expect(try await store.party(id: "p2") == changed)
        #expect(try await store.partyDigests(ids: ["p2"]) == ["p2": changed.digest])
        #expect(try await store.party(id: "p3") == nil)
        #expect(try await store.partyCount() == 2)
        #expect(try await store.auditRecords(after: 0, limit: 10).map(\.action) == ["parties.import", "parties.import"])
    }

    @Test(arguments: Backend.allCases)
    func screeningOpensOneAlertPerPairAndRefreshesOpenOnes(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        let party = PartyRecord(id: "p1", name: "Banco Nacional de Cuba")
        _ = try await store.upsertParties([party])
        let first = try await store.recordScreening(
            party: party, candidates: [Self.candidate("ofac-sdn:306"), Self.candidate("un:1")], audit: Self.draft("screen"))
        #expect(first.opened.map(\.entityID) == ["ofac-sdn:306", "un:1"])
        #expect(first.opened.allSatisfy { $0.status == .open && $0.partyID == "p1" })
        let again = try await store.recordScreening(
            party: party, candidates: [Self.candidate("ofac-sdn:306", score: 0.99)], audit: Self.draft("screen"))
        #expect(again.opened.isEmpty)
        #expect(again.alreadyOpen == 1)
        let open = try await store.alerts(status: .open, limit: 10)
        #expect(open.count == 2)
        #expect(open.first { $0.entityID == "ofac-sdn:306" }?.score == 0.99)
    }

    @Test(arguments: Backend.allCases)
    func aFalsePositiveSuppressesThePairUntilEitherSideChanges(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        var party = PartyRecord(id: "p1", name: "John Smith")
        _ = try await store.upsertParties([party])
        let alert = try #require(try await store.recordScreening(party: party, candidates: [Self.candidate("ofac-sdn:1")], audit: Self.draft("screen")).opened.first)
        let decided = try await store.recordAlertDecision(
            Self.falsePositive(alert, reason: "different date of birth", actor: "key_a"), audit: Self.draft("case.decide"))
        #expect(decided.status == .falsePositive)
        #expect(decided.reason == "different date of birth")
        #expect(decided.decidedBy == "key_a")
        let same = try await store.recordScreening(party: party, candidates: [Self.candidate("ofac-sdn:1")], audit: Self.draft("screen"))
        #expect(same.opened.isEmpty && same.suppressed == 1)
        let entityChanged = try await store.recordScreening(party: party, candidates: [Self.candidate("ofac-sdn:1", digest: "e2")], audit: Self.draft("screen"))
        #expect(entityChanged.opened.count == 1, "a changed list record reopens the pair")
        _ = try await store.recordAlertDecision(Self.falsePositive(entityChanged.opened[0], reason: "still not him", actor: "key_a"), audit: Self.draft("case.decide"))
        party.country = "GB"
        _ = try await store.upsertParties([party])
        let partyChanged = try await store.recordScreening(party: party, candidates: [Self.candidate("ofac-sdn:1", digest: "e2")], audit: Self.draft("screen"))
        #expect(partyChanged.opened.count == 1, "changed party data reopens the pair")
    }

    @Test("a decision recorded from a status the alert no longer has, or on no alert, is refused and writes nothing", arguments: Backend.allCases)
    func aDecisionFromAStatusTheAlertNoLongerHasIsRefusedAndWritesNothing(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        let party = PartyRecord(id: "p1", name: "Someone")
        _ = try await store.upsertParties([party])
        let alert = try #require(try await store.recordScreening(party: party, candidates: [Self.candidate("x:1")], audit: Self.draft("screen")).opened.first)
        _ = try await store.recordAlertDecision(
            AlertDecisionRecord(alertID: alert.id, from: .open, to: .trueMatch, reason: "same passport", actor: "a", suppressesPair: false, sweep: nil),
            audit: Self.draft("case.decide"))
        let before = try await store.auditRecords(after: 0, limit: 100).count
        do {
            _ = try await store.recordAlertDecision(Self.falsePositive(alert, reason: "oops", actor: "a"), audit: Self.draft("case.decide"))
            Issue.record("a decision taken on the alert while open must be refused once it is decided")
        } catch {
            #expect(error.kind == .conflict && error.message.contains("true_match"), "\(error)")
        }
        do {
            var unknown = alert
            unknown.id = 999_999
            _ = try await store.recordAlertDecision(Self.falsePositive(unknown, reason: "x", actor: "a"), audit: Self.draft("case.decide"))
            Issue.record("an unknown alert must fail")
        } catch {
            #expect(error.kind == .notFound)
        }
        #expect(try await store.auditRecords(after: 0, limit: 100).count == before, "refused decisions write no audit record")
        #expect(try await store.alert(id: alert.id)?.status == .trueMatch)
        #expect(try await store.recordScreening(party: party, candidates: [Self.candidate("x:1")], audit: Self.draft("screen")).suppressed == 0,
            "the refused false positive suppressed nothing")
    }

    @Test(arguments: Backend.allCases)
    func concurrentAppendsFormOneUnbrokenChain(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask { _ = try await store.appendAudit(Self.draft("screen", "request \(index)")) }
            }
            try await group.waitForAll()
        }
        let report = try await store.verifyAudit(pageSize: 7)
        #expect(report.isIntact)
        #expect(report.checked == 40)
    }
}

/// Tampering with the stored audit log, as someone with database access would, is caught at the right record.
@Suite struct AuditTamperingTests {
    static func filled(_ backend: Backend) async throws -> TestStore {
        let test = try await backend.makeStore()
        for index in 1...12 {
            _ = try await test.store.appendAudit(StoreTests.draft("screen", "request \(index)"))
        }
        #expect(try await test.store.verifyAudit().isIntact)
        return test
    }

    @Test(arguments: Backend.allCases)
    func changingARowIsCaughtAtThatRow(backend: Backend) async throws {
        let test = try await Self.filled(backend)
        try await test.execute("UPDATE audit_log SET result = 'no matches' WHERE sequence = 7")
        #expect(try await test.store.verifyAudit(pageSize: 5).firstBreak == .alteredRecord(sequence: 7))
    }

    @Test(arguments: Backend.allCases)
    func deletingARowIsCaughtWhereItWas(backend: Backend) async throws {
        let test = try await Self.filled(backend)
        try await test.execute("DELETE FROM audit_log WHERE sequence = 4")
        #expect(try await test.store.verifyAudit().firstBreak == .sequenceGap(expected: 4, found: 5))
    }

    @Test(arguments: Backend.allCases)
    func insertingARowIsCaught(backend: Backend) async throws {
        let test = try await Self.filled(backend)
        let records = try await test.store.auditRecords(after: 0, limit: 20)
        let forged = AuditRecord(
            sequence: 13, timestamp: 1, actor: "intruder", action: "case.decide", inputDigest: "00", result: "cleared",
            versions: "", previousHash: records[10].hash)
        try await test.execute(
            """
            INSERT INTO audit_log (sequence, timestamp, actor, action, input_digest, result, versions, previous_hash, hash)
            VALUES (13, 1, 'intruder', 'case.decide', '00', 'cleared', '', '\(forged.previousHash)', '\(forged.hash)')
            """)
        #expect(try await test.store.verifyAudit().firstBreak == .brokenLink(sequence: 13))
    }

    @Test(arguments: Backend.allCases)
    func truncatingTheTailIsCaughtByTheHeadRow(backend: Backend) async throws {
        let test = try await Self.filled(backend)
        try await test.execute("DELETE FROM audit_log WHERE sequence > 10")
        #expect(try await test.store.verifyAudit().isIntact, "the chain walk alone cannot see a cut tail")
        let report = try await test.store.verifyAnchoredAudit()
        #expect(!report.isIntact)
        #expect(report.missing == 11...12)
    }
}

/// List versions: one active version per source, the diff by content, delisting.
@Suite struct ListVersionTests {
    static func version(_ entities: [(String, String)]) -> NewListVersion {
        NewListVersion(
            source: "un", name: "UN list", published: "2026-01-01", sha256: "abc", partial: nil,
            entities: entities.map { StoredEntity(id: $0.0, digest: $0.1, json: "{\"id\":\"\($0.0)\"}") })
    }

    /// The switch from `previous` (nil: none active) to a version of `entities`, with the removed ids and a job when `chunkSize` is given.
    static func change(_ entities: [(String, String)], replacing previous: Int64?, removed: [String] = [], chunkSize: Int? = nil)
        -> ListVersionSwitch
    {
        ListVersionSwitch(version: version(entities), replacing: previous, removed: removed, rescreenChunkSize: chunkSize)
    }

    @Test(arguments: Backend.allCases)
    func aNewVersionReplacesTheActiveOneAndClosesAlertsOnTheEntitiesItRemoves(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        let first = try await store.importListVersion(
            Self.change([("un:a", "1"), ("un:b", "1"), ("un:c", "1")], replacing: nil), audit: StoreTests.draft("lists.import"))
        #expect(first.job == nil && first.delistedAlerts == 0)
        let party = PartyRecord(id: "p1", name: "B Person")
        _ = try await store.upsertParties([party])
        let alert = try #require(try await store.recordScreening(party: party, candidates: [StoreTests.candidate("un:b")], audit: StoreTests.draft("screen")).opened.first)
        let second = try await store.importListVersion(
            Self.change([("un:a", "1"), ("un:c", "2"), ("un:d", "1")], replacing: first.version.id, removed: ["un:b"]),
            audit: StoreTests.draft("lists.import"))
        #expect(second.delistedAlerts == 1)
        #expect(try await store.alert(id: alert.id)?.status == .delisted)
        let active = try await store.activeListVersions()
        #expect(active.map(\.id) == [second.version.id])
        #expect(active.first?.entityCount == 3)
        #expect(try await store.entities(versionID: second.version.id).map(\.id) == ["un:a", "un:c", "un:d"])
        #expect(try await store.entities(versionID: first.version.id).count == 3, "old versions are kept")
        #expect(try await store.verifyAudit().isIntact)
    }

    @Test(arguments: Backend.allCases)
    func partiesArePagedInIdOrder(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        _ = try await store.upsertParties((1...25).map { PartyRecord(id: String(format: "p%03d", $0), name: "Party \($0)") })
        var seen: [String] = []
        var after = ""
        while true {
            let page = try await store.parties(after: after, limit: 10)
            guard let last = page.last else { break }
            seen += page.map(\.id)
            after = last.id
        }
        #expect(seen == (1...25).map { String(format: "p%03d", $0) })
    }
}

/// Re-screening jobs: chunks by party id, claimed by one worker at a time, completed once.
@Suite struct RescreenJobTests {
    /// A store with `count` parties and a first list version queued for re-screening in chunks of 10.
    static func prepared(_ backend: Backend, parties count: Int, clock: ManualClock = ManualClock()) async throws -> (TestStore, RescreenJob) {
        let test = try await backend.makeStore(now: clock.now)
        _ = try await test.store.upsertParties((1...count).map { PartyRecord(id: String(format: "p%04d", $0), name: "Party \($0)") })
        let version = try await test.store.importListVersion(
            ListVersionTests.change([("un:a", "1"), ("un:b", "1")], replacing: nil, chunkSize: 10), audit: StoreTests.draft("lists.import"))
        return (test, try #require(version.job))
    }

    @Test(arguments: Backend.allCases)
    func partiesAreCutIntoChunksThatConcurrentClaimsNeverShare(backend: Backend) async throws {
        let (test, job) = try await Self.prepared(backend, parties: 95)
        #expect(job.chunks == 10)
        let claims = try await withThrowingTaskGroup(of: [RescreenChunk].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var mine: [RescreenChunk] = []
                    while let chunk = try await test.store.claimChunk(worker: "w\(worker)", staleAfter: 60_000) {
                        let parties = try await test.store.parties(from: chunk.firstParty, through: chunk.lastParty)
                        _ = try await test.store.completeChunk(chunk, screenings: [], parties: parties.count, audit: StoreTests.draft("lists.rescreen"))
                        mine.append(chunk)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claims.count == 10)
        #expect(Set(claims.map(\.id)).count == 10, "no chunk was done twice")
        let progress = try await test.store.progress(jobID: job.id)
        #expect(progress.done == 10 && progress.pending == 0 && progress.running == 0)
        #expect(progress.parties == 95)
        #expect(try await test.store.verifyAudit().isIntact)
    }

    @Test(arguments: Backend.allCases)
    func aChunkLeftRunningIsReclaimedAndTheSlowWorkerCannotCompleteIt(backend: Backend) async throws {
        let clock = ManualClock()
        let (test, _) = try await Self.prepared(backend, parties: 5, clock: clock)
        let slow = try #require(try await test.store.claimChunk(worker: "slow", staleAfter: 1_000))
        #expect(try await test.store.claimChunk(worker: "fast", staleAfter: 1_000) == nil, "a fresh claim is not taken over")
        clock.advance(by: 5_000)
        let fast = try #require(try await test.store.claimChunk(worker: "fast", staleAfter: 1_000))
        #expect(fast.id == slow.id)
        do {
            _ = try await test.store.completeChunk(slow, screenings: [], parties: 5, audit: StoreTests.draft("lists.rescreen"))
            Issue.record("the slow worker must not complete a reclaimed chunk")
        } catch {
            #expect(error.kind == .conflict)
        }
        _ = try await test.store.completeChunk(fast, screenings: [], parties: 5, audit: StoreTests.draft("lists.rescreen"))
        #expect(try await test.store.claimChunk(worker: "fast", staleAfter: 1_000) == nil)
    }
}

/// Licences: stored with their limits, drawn atomically so concurrent use can never overdraw them.
@Suite struct LicenseTests {
    static let license = LicenseRecord(
        id: "D1234567", kind: .bisLicense, eccns: ["3A001.b.3"], destinations: ["JP"], consignee: "Tokyo Devices KK",
        endUser: "Tokyo Devices KK", valueLimit: 100_000, quantityLimit: 10, validFrom: "2026-01-01", validTo: "2027-12-31",
        conditions: ["No reexport without prior BIS authorization"])

    @Test(arguments: Backend.allCases)
    func aLicenceIsStoredOnceAndReadBack(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        try await store.addLicense(Self.license, audit: StoreTests.draft("license.add"))
        do {
            try await store.addLicense(Self.license, audit: StoreTests.draft("license.add"))
            Issue.record("a second licence with the same number must be refused")
        } catch {
            #expect(error.kind == .conflict)
        }
        let stored = try #require(try await store.license(id: "D1234567"))
        #expect(stored.license == Self.license)
        #expect(stored.quantityLeft == 10 && stored.valueLeft == 100_000)
        #expect(try await store.licenses().map(\.license.id) == ["D1234567"])
        #expect(try await store.license(id: "none") == nil)
        #expect(try await store.auditRecords(after: 0, limit: 10).count == 1)
    }

    @Test(arguments: Backend.allCases)
    func fiftyConcurrentDrawsOnRoomForTenSucceedExactlyTenTimes(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        try await store.addLicense(Self.license, audit: StoreTests.draft("license.add"))
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<50 {
                group.addTask {
                    do {
                        _ = try await store.useLicense(
                            id: "D1234567", value: 1_000, quantity: 1, reference: "shipment \(index)", audit: StoreTests.draft("license.use"))
                        return true
                    } catch let error as StoreError where error.kind == .conflict {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 10)
        let stored = try #require(try await store.license(id: "D1234567"))
        #expect(stored.quantityUsed == 10 && stored.quantityLeft == 0)
        #expect(stored.valueUsed == 10_000)
        #expect(try await store.auditRecords(after: 0, limit: 100).count == 11, "one record per successful draw, none for refusals")
        #expect(try await store.verifyAudit().isIntact)
    }

    @Test(arguments: Backend.allCases)
    func aDrawAboveTheValueLeftIsRefusedWithTheBalance(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        try await store.addLicense(Self.license, audit: StoreTests.draft("license.add"))
        _ = try await store.useLicense(id: "D1234567", value: 90_000, quantity: 1, reference: "a", audit: StoreTests.draft("license.use"))
        do {
            _ = try await store.useLicense(id: "D1234567", value: 20_000, quantity: 1, reference: "b", audit: StoreTests.draft("license.use"))
            Issue.record("overdrawing the value must fail")
        } catch {
            #expect(error.kind == .conflict)
            #expect(error.message.contains("10000"))
        }
        do {
            _ = try await store.useLicense(id: "X", value: 1, quantity: 1, reference: "c", audit: StoreTests.draft("license.use"))
            Issue.record("an unknown licence must fail")
        } catch {
            #expect(error.kind == .notFound)
        }
    }
}
