import Audit
import Foundation
import Screening
import Store
import Testing

@testable import Operations

/// Importing list versions: the diff, the switch and its audit record in one step, the removal limit (a refusal is
/// audited as `lists.import.refused` and changes nothing), delisting, and the re-screening of stored parties.
@Suite struct ListImportOperationTests {
    /// The UN fixture with entity `index` removed for each of `removing`, and `adding` appended.
    static func un(removing: [Int] = [], adding: [Entity] = [], renaming: [Int: String] = [:]) -> ParsedList {
        let kept = FixtureLists.unNames.indices.filter { !removing.contains($0) }.map { FixtureLists.unEntity($0, name: renaming[$0]) }
        return FixtureLists.list("un", kept + adding, published: "2026-02-01")
    }

    static let bakeryListed = Entity(id: "un:QDi.200", source: "un", programs: ["1267"], type: .organization, name: "HARBOURSIDE BAKERY LTD")

    @Test("opening a store imports each bundled source it lacks, audited by system, and later opens keep the stored versions", arguments: ServiceBackend.allCases)
    func openImportsMissingSourcesOnce(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let records = try await harness.records(after: 0)
        #expect(records.map(\.action) == ["lists.import", "lists.import", "lists.import"])
        #expect(records.allSatisfy { $0.actor == "system" })
        #expect(Set(records.map(\.inputDigest)) == Set(FixtureLists.all.map(\.metadata.sha256)))
        #expect(records.contains { $0.result == "un: initial version, 20 entities" })
        let active = try await harness.store.activeListVersions()
        #expect(active.map(\.source).sorted() == ["ofac-sdn", "un", "us-dpl"])
        #expect(active.first { $0.source == "un" }?.entityCount == 20)

        let reopened = try await Harness.open(harness.store, lists: [FixtureLists.sdn, Self.un(removing: [0]), FixtureLists.dpl])
        #expect(try await harness.records(after: 0).count == 3, "nothing is imported again")
        #expect(reopened.listVersions == harness.service.listVersions, "the stored version is kept, not the bundled one")
        #expect(!reopened.screener.screen(ScreeningQuery(name: "Abdul Qadir Zarghun")).isEmpty)
    }

    @Test("a new version is stored and made active, its diff reported and audited with the file's digest, and screening switches to it", arguments: ServiceBackend.allCases)
    func newVersionIsImportedAndAudited(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let previous = try #require(try await harness.store.activeListVersions().first { $0.source == "un" })
        let before = try await harness.head()
        let next = Self.un(removing: [0], adding: [Self.bakeryListed], renaming: [1: "BAKHTIYAR NURMATOVICH"])
        let report = try await harness.service.importList(next, actor: "key_admin")
        #expect(report.source == "un")
        #expect(report.previousVersionID == previous.id)
        #expect(report.entities == 20)
        #expect(report.added == 1 && report.changed == 1 && report.removed == 1)
        #expect(report.delistedAlerts == 0)
        #expect(report.jobID != nil, "added and changed entities queue a re-screening job")

        let active = try #require(try await harness.store.activeListVersions().first { $0.source == "un" })
        #expect(active.id == report.versionID && active.id != previous.id)
        #expect(active.sha256 == next.metadata.sha256)
        #expect(Set(try await harness.store.entities(versionID: active.id).map(\.id)) == Set(next.entities.map(\.id)))

        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["lists.import"], "no party is stored, so the job has no chunk")
        let record = try #require(records.first)
        #expect(record.actor == "key_admin")
        #expect(record.inputDigest == next.metadata.sha256)
        #expect(record.result == "un: 20 entities; 1 added, 1 changed, 1 removed")
        #expect(record.versions == "un 2026-02-01 \(next.metadata.sha256.prefix(8))")
        #expect(try await harness.chainIsIntact())

        #expect(harness.service.screener.screen(ScreeningQuery(name: "Abdul Qadir Zarghun")).isEmpty, "the removed entity is no longer screened")
        #expect(harness.service.screener.screen(ScreeningQuery(name: "Harbourside Bakery Ltd")).map(\.entityID) == ["un:QDi.200"])
        #expect(harness.service.listVersions.contains("un 2026-02-01 \(next.metadata.sha256.prefix(8))"))
    }

    @Test("a version removing more than the limit is refused, audited as lists.import.refused, and nothing else changes", arguments: ServiceBackend.allCases)
    func versionPastTheRemovalLimitIsRefused(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let active = try await harness.store.activeListVersions()
        let versions = harness.service.listVersions
        let before = try await harness.head()
        let shrunk = Self.un(removing: [0, 1, 2])
        await #expect {
            _ = try await harness.service.importList(shrunk, actor: "key_admin")
        } throws: { error in
            guard let refusal = error as? ListVersionRefused else { return false }
            return refusal.source == "un" && refusal.removed == 3 && refusal.active == 20 && refusal.limit == 0.10
        }
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["lists.import.refused"])
        #expect(records.first?.actor == "key_admin")
        #expect(records.first?.inputDigest == shrunk.metadata.sha256)
        #expect(records.first?.result.contains("removes 3 of the 20 active entities (15%)") == true, "\(records.first?.result ?? "")")
        #expect(try await harness.chainIsIntact())

        #expect(try await harness.store.activeListVersions() == active, "the active versions are as they were")
        #expect(harness.service.listVersions == versions)
        #expect(!harness.service.screener.screen(ScreeningQuery(name: "Abdul Qadir Zarghun")).isEmpty, "the entities are still screened")
    }

    @Test("a version removing exactly the limit is imported, and force imports one past it saying so in its record", arguments: ServiceBackend.allCases)
    func theLimitIsInclusiveAndForceOverridesIt(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let atLimit = try await harness.service.importList(Self.un(removing: [0, 1]), actor: "key_admin")
        #expect(atLimit.removed == 2)
        let before = try await harness.head()
        let forced = try await harness.service.importList(Self.un(removing: Array(0..<12)), actor: "key_admin", force: true)
        #expect(forced.removed == 10 && forced.entities == 8)
        let record = try #require(try await harness.records(after: before).first)
        #expect(record.action == "lists.import")
        #expect(record.result == "un: 8 entities; 0 added, 0 changed, 10 removed (forced past the 10% removal limit)")
        #expect(try await harness.store.activeListVersions().first { $0.source == "un" }?.entityCount == 8)
    }

    @Test("removing an entity delists its open alerts; adding one re-screens the stored parties and opens their alerts", arguments: ServiceBackend.allCases)
    func importDelistsAndRescreens(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let zarghun = PartyRecord(id: "p9", name: "Abdul Qadir Zarghun", type: "person")
        _ = try await harness.service.importParties([FixtureLists.listedPerson, FixtureLists.bakery, zarghun], actor: "key_analyst")
        #expect(try await harness.store.alerts(partyID: "p9").map(\.status) == [.open])
        let before = try await harness.head()

        let (report, metrics) = try await Harness.measuring {
            try await harness.service.importList(Self.un(removing: [0], adding: [Self.bakeryListed]), actor: "key_admin")
        }
        #expect(report.delistedAlerts == 1)
        #expect(report.rescreenedParties == 3, "every stored party is screened against what was added")
        #expect(report.alertsOpened == 1)
        #expect(report.chunks == 1)
        #expect(try await harness.store.alerts(partyID: "p9").map(\.status) == [.delisted])
        #expect(try await harness.store.alerts(partyID: "p2").map(\.entityID) == ["un:QDi.200"])
        #expect(try await harness.store.alerts(partyID: "p1").count == 1, "the listed person's alert is not opened again")
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["lists.import", "lists.rescreen"])
        #expect(records.last?.actor == "key_admin")
        #expect(try await harness.store.progress(jobID: try #require(report.jobID)).done == 1)
        #expect(metrics.counters.isEmpty, "a re-screening is counted by its job, not by the screening counters")
        #expect(try await harness.chainIsIntact())
    }

    @Test("without work the job waits for workers; runRescreening works it through, one audited transaction per chunk", arguments: ServiceBackend.allCases)
    func workersWorkQueuedJobs(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        _ = try await harness.service.importParties([FixtureLists.listedPerson, FixtureLists.bakery, FixtureLists.photonics], actor: "key_analyst")
        let report = try await harness.service.importList(Self.un(adding: [Self.bakeryListed]), actor: "key_admin", chunkSize: 1, work: false)
        let job = try #require(report.jobID)
        #expect(report.chunks == 3 && report.rescreenedParties == 0 && report.alertsOpened == 0)
        #expect(try await harness.store.progress(jobID: job).pending == 3)
        #expect(try await harness.store.alerts(partyID: "p2").isEmpty, "nothing is screened before a worker claims it")
        let before = try await harness.head()

        let worked = try await harness.service.runRescreening(worker: "host-a:42", actor: "worker")
        #expect(worked.chunks == 3 && worked.parties == 3 && worked.alerts == 1)
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["lists.rescreen", "lists.rescreen", "lists.rescreen"])
        #expect(records.allSatisfy { $0.actor == "worker" && $0.result.contains("by host-a:42: 1 parties") })
        #expect(try await harness.store.progress(jobID: job).done == 3)
        #expect(try await harness.store.alerts(partyID: "p2").map(\.entityID) == ["un:QDi.200"])
        #expect(try await harness.service.runRescreening(worker: "host-b:7", actor: "worker") == ComplianceService.WorkerReport())
        #expect(try await harness.chainIsIntact())
    }

    @Test("a stored entity that cannot be decoded stops the re-screening, named and audited as lists.rescreen.refused; no alert is opened", arguments: ServiceBackend.allCases)
    func undecodableEntityStopsTheWorker(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        _ = try await harness.service.importParties([FixtureLists.bakery], actor: "key_analyst")
        let report = try await harness.service.importList(Self.un(adding: [Self.bakeryListed]), actor: "key_admin", work: false)
        try await harness.execute(
            "UPDATE list_entities SET entity_json = '{\"id\": 7' WHERE version_id = \(report.versionID) AND entity_id = 'un:QDi.200'")
        try await Self.expectRescreeningRefused(
            harness, jobID: report.jobID, record: "list version \(report.versionID), entity un:QDi.200",
            detail: "list version \(report.versionID), entity un:QDi.200")
    }

    @Test("a stored party whose date of birth no longer reads stops the re-screening, named and audited as lists.rescreen.refused; no alert is opened", arguments: ServiceBackend.allCases)
    func unreadableStoredPartyStopsTheWorker(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        _ = try await harness.service.importParties([FixtureLists.bakery], actor: "key_analyst")
        try await harness.execute("UPDATE parties SET dob = '1962-+1' WHERE id = 'p2'")
        let report = try await harness.service.importList(Self.un(adding: [Self.bakeryListed]), actor: "key_admin", work: false)
        try await Self.expectRescreeningRefused(harness, jobID: report.jobID, record: "party p2", detail: "party p2: its stored dob \"1962-+1\"")
    }

    /// Runs the re-screening worker and checks that it stopped on `record`, audited once as `lists.rescreen.refused`
    /// with `detail` in its result, that no alert was opened for p2, that the chunk stays claimed and the chain intact.
    static func expectRescreeningRefused(_ harness: Harness, jobID: Int64?, record: String, detail: String) async throws {
        let before = try await harness.head()
        await #expect {
            _ = try await harness.service.runRescreening(worker: "host-a:42", actor: "worker")
        } throws: { error in
            (error as? RecordError)?.record == record
        }
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["lists.rescreen.refused"])
        #expect(records.first?.result.contains(detail) == true)
        #expect(try await harness.store.alerts(partyID: "p2").isEmpty)
        let progress = try await harness.store.progress(jobID: try #require(jobID))
        #expect(progress.done == 0 && progress.running == 1, "the chunk stays claimed, to be retried once stale")
        #expect(try await harness.chainIsIntact())
    }

    static var fixtures: URL {
        get throws { try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)) }
    }

    @Test("a list file is parsed in its manifest format, never as partial, and imported as the source's first version", arguments: ServiceBackend.allCases)
    func listFileIsParsedAndImported(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend, lists: [FixtureLists.sdn, FixtureLists.un])
        let list = try harness.service.parseList(source: "us-dpl", primary: try Self.fixtures.appendingPathComponent("dpl_SAMPLE.txt"))
        #expect(list.metadata.source == "us-dpl")
        #expect(list.metadata.partial == nil)
        #expect(list.entities.map(\.name).contains("AARON ABRAHAM VILLA"))
        let report = try await harness.service.importList(list, actor: "key_admin")
        #expect(report.previousVersionID == nil && report.removed == 0)
        #expect(report.added == Set(list.entities.map(\.id)).count)
        #expect(harness.service.screener.screen(ScreeningQuery(name: "Aaron Abraham Villa")).first?.source == "us-dpl")
    }

    @Test("a list file that cannot be imported is refused naming the source or the file, before anything is stored", arguments: ServiceBackend.allCases)
    func badListFilesAreRefused(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let before = try await harness.head()
        let sample = try Self.fixtures.appendingPathComponent("dpl_SAMPLE.txt")
        #expect {
            _ = try harness.service.parseList(source: "nope", primary: sample)
        } throws: { error in
            "\(error)".hasPrefix("unknown source nope; known: ofac-sdn, ofac-cons, un, us-dpl, us-csl, uk")
        }
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-lists-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let headerOnly = elsewhere.appendingPathComponent("dpl.txt")
        try Data((try String(contentsOf: sample, encoding: .utf8).prefix { $0 != "\n" } + "\n").utf8).write(to: headerOnly)
        #expect {
            _ = try harness.service.parseList(source: "ofac-sdn", primary: sample, addresses: headerOnly)
        } throws: { error in
            error is ListImportError && "\(error)".contains("companion files must be in the same folder as dpl_SAMPLE.txt")
        }
        #expect {
            _ = try harness.service.parseList(source: "us-dpl", primary: headerOnly)
        } throws: { error in
            error is ListImportError && "\(error)".contains(headerOnly.path)
        }
        #expect(try await harness.records(after: before).isEmpty)
    }
}
