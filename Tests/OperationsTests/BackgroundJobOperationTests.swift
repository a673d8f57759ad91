import Audit
import Foundation
import Store
import Synchronization
import Testing

@testable import Operations

/// Background jobs: a batch screening and a party import run as jobs kept in the store (found again by id, by
/// their owner only), with progress, downloadable results and their outcome audited with the owner as actor; a
/// job that fails says why (the line); a job whose process stopped is shown, and stored, as interrupted, never
/// as done. Every case on both backends.
@Suite struct BackgroundJobOperationTests {
    static let screening = Data("id,name,type,country,dob\nr1,Ivan Petrovich Sidorov,person,RU,1961\nr2,Harbourside Bakery Ltd,organization,GB,\n".utf8)

    func make(_ backend: ServiceBackend, clock: @escaping @Sendable () -> Int64 = StoreClock.milliseconds) async throws -> (Harness, BackgroundJobs) {
        let harness = try await Harness.make(backend)
        return (harness, try BackgroundJobs(store: harness.store, clock: clock, heartbeatInterval: .milliseconds(50)))
    }

    @Test("a batch screening job finishes done with CSV and JSON Lines results, progress of every row, and one screen audit record by its owner", arguments: ServiceBackend.allCases)
    func batchScreeningJob(backend: ServiceBackend) async throws {
        let (harness, jobs) = try await make(backend)
        let before = try await harness.head()
        let started = try await jobs.startBatchScreening(Self.screening, service: harness.service, owner: "user:ana")
        #expect(started.state == .queued && started.owner == "user:ana" && started.kind == "screen.batch")
        await jobs.wait(id: started.id)
        let job = try await jobs.job(id: started.id, owner: "user:ana")
        #expect(job.state == .done && job.done == 2 && job.total == 2 && job.finishedAt != nil)
        #expect(job.message == "2 rows screened, 1 matches", "\(job.message ?? "")")
        #expect(try await jobs.artefacts(id: job.id, owner: "user:ana").map(\.name) == ["results.csv", "results.jsonl"])
        let csv = try await jobs.artefact(id: job.id, name: "results.csv", owner: "user:ana").content
        #expect(csv.hasPrefix("query_id,matches,top_entity_id,") && csv.contains("\nr1,1,ofac-sdn:1001,") && csv.contains("\nr2,0,"))
        let lines = try await jobs.artefact(id: job.id, name: "results.jsonl", owner: "user:ana").content.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix(#"{"query_id":"r1","matches":[{"entity_id":"ofac-sdn:1001""#))
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["screen"])
        #expect(records.first?.actor == "user:ana" && records.first?.inputDigest == AuditRecord.digest(Self.screening))
        #expect(records.first?.result.hasPrefix("2 queries, 1 matches; top ofac-sdn:1001 ") == true)
    }

    @Test("a job is found again by id (a reload, another tab) only by its owner: anyone else gets not-found", arguments: ServiceBackend.allCases)
    func onlyTheOwnerFindsAJob(backend: ServiceBackend) async throws {
        let (harness, jobs) = try await make(backend)
        let started = try await jobs.startBatchScreening(Self.screening, service: harness.service, owner: "user:ana")
        await jobs.wait(id: started.id)
        let other = try BackgroundJobs(store: harness.store)
        #expect(try await other.job(id: started.id, owner: "user:ana").state == .done)
        for call in [
            { _ = try await other.job(id: started.id, owner: "user:sam") },
            { _ = try await other.artefact(id: started.id, name: "results.csv", owner: "user:sam") },
            { _ = try await other.job(id: "job_nothere", owner: "user:ana") },
        ] as [@Sendable () async throws -> Void] {
            let error = await #expect(throws: StoreError.self) { try await call() }
            #expect(error?.kind == .notFound)
        }
        #expect(try await other.jobs(owner: "user:ana", before: nil).jobs.map(\.id) == [started.id])
        #expect(try await other.jobs(owner: "user:sam", before: nil).jobs.isEmpty)
    }

    @Test("a batch whose header is wrong fails naming the line, gives no results, and the failure is audited with the owner", arguments: ServiceBackend.allCases)
    func failedJobSaysWhy(backend: ServiceBackend) async throws {
        let (harness, jobs) = try await make(backend)
        let before = try await harness.head()
        let started = try await jobs.startBatchScreening(Data("id,nom\nr1,Ivan\n".utf8), service: harness.service, owner: "user:ana")
        await jobs.wait(id: started.id)
        let job = try await jobs.job(id: started.id, owner: "user:ana")
        #expect(job.state == .failed)
        #expect(job.message?.contains("line 1: unknown column 'nom'") == true, "\(job.message ?? "")")
        #expect(try await jobs.artefacts(id: job.id, owner: "user:ana").isEmpty)
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["jobs.failed"] && records.first?.actor == "user:ana")
        #expect(records.first?.result.contains("line 1: unknown column 'nom'") == true)
    }

    @Test("a row that cannot be screened keeps its error line in both results and is named in the job's message", arguments: ServiceBackend.allCases)
    func badRowNamedInResults(backend: ServiceBackend) async throws {
        let (harness, jobs) = try await make(backend)
        let data = Data("id,name,dob\nr1,Ivan Petrovich Sidorov,1961\nr2,Somebody,1990-13\n".utf8)
        let started = try await jobs.startBatchScreening(data, service: harness.service, owner: "user:ana")
        await jobs.wait(id: started.id)
        let job = try await jobs.job(id: started.id, owner: "user:ana")
        #expect(job.state == .done && job.message?.contains("1 rows could not be screened (first: line 3: field dob") == true, "\(job.message ?? "")")
        let csv = try await jobs.artefact(id: job.id, name: "results.csv", owner: "user:ana").content
        #expect(csv.contains("\nr2,,,,,,,,\"line 3: field dob: '1990-13' is not a date"))
    }

    @Test("a party import job stores and screens the parties in audited parties.import slices by its owner, with a report", arguments: ServiceBackend.allCases)
    func partyImportJob(backend: ServiceBackend) async throws {
        let (harness, jobs) = try await make(backend)
        let before = try await harness.head()
        var csv = "id,name,type,country,dob\np1,Ivan Petrovich Sidorov,person,RU,1961\n"
        for index in 0..<1_500 { csv += "b\(index),Harbourside Bakery \(index),organization,GB,\n" }
        let started = try await jobs.startPartyImport(Data(csv.utf8), service: harness.service, owner: "user:ana")
        await jobs.wait(id: started.id)
        let job = try await jobs.job(id: started.id, owner: "user:ana")
        #expect(job.state == .done && job.done == 1_501 && job.total == 1_501, "\(job)")
        #expect(job.message?.hasPrefix("1501 parties received: 1501 new, 0 changed, 0 unchanged; 1501 screened, 1 alerts opened") == true)
        #expect(try await harness.store.partyCount() == 1_501)
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["parties.import", "parties.import"] && records.allSatisfy { $0.actor == "user:ana" })
        let report = try await jobs.artefact(id: job.id, name: "report.json", owner: "user:ana").content
        #expect(report.contains(#""alerts_opened" : 1"#))
    }

    @Test("a party import with a bad row fails naming the line and field, and imports nothing", arguments: ServiceBackend.allCases)
    func partyImportRefused(backend: ServiceBackend) async throws {
        let (harness, jobs) = try await make(backend)
        let started = try await jobs.startPartyImport(
            Data("id,name,country\np1,Ivan Petrovich Sidorov,RU\np2,Harbourside Bakery,Narnia\n".utf8), service: harness.service, owner: "user:ana")
        await jobs.wait(id: started.id)
        let job = try await jobs.job(id: started.id, owner: "user:ana")
        #expect(job.state == .failed && job.message?.contains("line 3: field country: 'Narnia'") == true, "\(job.message ?? "")")
        #expect(try await harness.store.partyCount() == 0)
    }

    @Test("a job left running by a stopped process shows as interrupted once its heartbeat is stale, is stored so at start-up, and never becomes done", arguments: ServiceBackend.allCases)
    func stoppedJobIsInterrupted(backend: ServiceBackend) async throws {
        let (harness, _) = try await make(backend)
        let time = Mutex<Int64>(1_764_000_000_000)
        let clock: @Sendable () -> Int64 = { time.withLock { $0 } }
        let jobStore = try #require(harness.store as? any JobStore)
        try await jobStore.createJob(
            BackgroundJobRecord(id: "job_left", owner: "user:ana", kind: "screen.batch", state: .queued, total: 10, createdAt: clock(), updatedAt: clock()))
        try await jobStore.startJob(id: "job_left", at: clock())
        try await jobStore.recordJobProgress(id: "job_left", done: 4, total: 10, at: clock())
        let restarted = try BackgroundJobs(store: harness.store, clock: clock, staleAfter: 30_000)
        #expect(try await restarted.interruptStopped() == 0)
        #expect(try await restarted.job(id: "job_left", owner: "user:ana").state == .running)
        time.withLock { $0 += 31_000 }
        let shown = try await restarted.job(id: "job_left", owner: "user:ana")
        #expect(shown.state == .interrupted && shown.message?.contains("after 4 of 10 rows") == true)
        #expect(try await restarted.interruptStopped() == 1)
        #expect(try await jobStore.job(id: "job_left")?.state == .interrupted)
        let late = await #expect(throws: StoreError.self) {
            try await jobStore.finishJob(id: "job_left", state: .done, message: "late", artefacts: [], audit: nil, at: clock())
        }
        #expect(late?.kind == .conflict)
        #expect(try await jobStore.job(id: "job_left")?.state == .interrupted)
    }
}
