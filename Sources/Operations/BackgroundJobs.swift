import Audit
import Foundation
import Logging
import Store
import Synchronization

/// Long work a user starts from a page (a batch screening, a party import) run in the background of the serve
/// process, its state kept in the store (`JobStore`) so a page reload, another tab or another process finds it.
///
/// A job is created queued, runs, and finishes done (with its artefacts and its audit record, in one
/// transaction) or failed (with why, and a `jobs.failed` audit record with the owner as actor). While it runs
/// its progress and a heartbeat are written at most every `heartbeatInterval`; a queued or running job whose
/// heartbeat is older than `staleAfter` belonged to a process that stopped, and is shown (and, at start-up,
/// stored) as interrupted: never as done.
public final class BackgroundJobs: Sendable {
    public let store: any JobStore
    /// Milliseconds since 1970 (injected by tests).
    public let clock: @Sendable () -> Int64
    /// A running job without a heartbeat for this many milliseconds is interrupted.
    public let staleAfter: Int64
    /// How often a running job's progress and heartbeat are written.
    public let heartbeatInterval: Duration
    private let running = Mutex<[String: Task<Void, Never>]>([:])
    private let logger = Logger(label: "clearance.jobs")

    /// The jobs kept by `store`; `unavailable` when that store keeps none.
    public init(
        store: any Store, clock: @escaping @Sendable () -> Int64 = StoreClock.milliseconds, staleAfter: Int64 = 30_000,
        heartbeatInterval: Duration = .seconds(2)
    ) throws(StoreError) {
        guard let jobs = store as? any JobStore else { throw StoreError(.unavailable, "this store keeps no background jobs") }
        self.store = jobs
        self.clock = clock
        self.staleAfter = staleAfter
        self.heartbeatInterval = heartbeatInterval
    }

    /// Why a job shows as interrupted.
    static func interruptedMessage(_ job: BackgroundJobRecord) -> String {
        "the server stopped while this job was running (after \(job.done)\(job.total.map { " of \($0)" } ?? "") rows); "
            + "its work was not finished and it gave no results: start it again"
    }

    /// Stores as interrupted every unfinished job whose heartbeat stopped (call at start-up); returns how many.
    @discardableResult
    public func interruptStopped() async throws(StoreError) -> Int {
        let now = clock()
        return try await store.interruptJobs(
            heartbeatBefore: now - staleAfter,
            message: "the server stopped while this job was running; its work was not finished and it gave no results: start it again", at: now)
    }

    /// Starts `work` in the background as a job of `kind` for `owner` (as the audit log names them), with `total`
    /// rows when known, and returns it as stored (queued). `work` reports progress through the `JobProgress` it is
    /// given and returns its outcome; an error it throws fails the job with the error's description.
    public func start(
        kind: String, owner: String, total: Int?, work: @escaping @Sendable (JobProgress) async throws -> JobOutcome
    ) async throws(StoreError) -> BackgroundJobRecord {
        let now = clock()
        let job = BackgroundJobRecord(
            id: "job_" + ComplianceService.randomHex(bytes: 12), owner: owner, kind: kind, state: .queued, total: total, createdAt: now, updatedAt: now)
        try await store.createJob(job)
        let task = Task { [self] in
            await run(job, work: work)
            _ = running.withLock { $0.removeValue(forKey: job.id) }
        }
        running.withLock { $0[job.id] = task }
        return job
    }

    /// Waits until the job `id` started by this process has finished (at once when it is not running here).
    public func wait(id: String) async {
        let task = running.withLock { $0[id] }
        await task?.value
    }

    /// The job `id` as its owner sees it: a queued or running job whose heartbeat stopped is shown as interrupted.
    /// `notFound` without it, and for anyone but its owner (a job's id is not a way into another user's results).
    public func job(id: String, owner: String) async throws(StoreError) -> BackgroundJobRecord {
        guard var job = try await store.job(id: id), job.owner == owner else { throw StoreError(.notFound, "no job \(id)") }
        if !job.state.isFinal && clock() - job.updatedAt > staleAfter {
            job.message = Self.interruptedMessage(job)
            job.state = .interrupted
        }
        return job
    }

    /// The names and media types of the artefacts of `owner`'s job `id` (none until it is done).
    public func artefacts(id: String, owner: String) async throws(StoreError) -> [(name: String, mediaType: String)] {
        _ = try await job(id: id, owner: owner)
        return try await store.jobArtefactNames(jobID: id)
    }

    /// One artefact of `owner`'s job `id`; `notFound` without it.
    public func artefact(id: String, name: String, owner: String) async throws(StoreError) -> JobArtefact {
        _ = try await job(id: id, owner: owner)
        guard let artefact = try await store.jobArtefact(jobID: id, name: name) else {
            throw StoreError(.notFound, "job \(id) has no file \(name)")
        }
        return artefact
    }

    /// `owner`'s jobs, newest first, after `cursor`; and where the next page starts.
    public func jobs(owner: String, before cursor: JobCursor?, pageSize: Int = 50) async throws(StoreError)
        -> (jobs: [BackgroundJobRecord], next: JobCursor?)
    {
        let size = min(max(pageSize, 1), 200)
        var jobs = try await store.jobs(owner: owner, before: cursor, limit: size + 1)
        let more = jobs.count > size
        if more { jobs.removeLast() }
        let now = clock()
        jobs = jobs.map { job in
            guard !job.state.isFinal && now - job.updatedAt > staleAfter else { return job }
            var shown = job
            shown.message = Self.interruptedMessage(job)
            shown.state = .interrupted
            return shown
        }
        return (jobs, more ? jobs.last.map { JobCursor(createdAt: $0.createdAt, id: $0.id) } : nil)
    }

    private func run(_ job: BackgroundJobRecord, work: @escaping @Sendable (JobProgress) async throws -> JobOutcome) async {
        do {
            try await store.startJob(id: job.id, at: clock())
        } catch {
            logger.error("job \(job.id) could not start: \(error)")
            return
        }
        let progress = JobProgress(total: job.total)
        let heartbeat = Task { [store, clock, heartbeatInterval] in
            while !Task.isCancelled {
                try? await Task.sleep(for: heartbeatInterval)
                if Task.isCancelled { return }
                let (done, total) = progress.current
                try? await store.recordJobProgress(id: job.id, done: done, total: total, at: clock())
            }
        }
        let outcome: Result<JobOutcome, any Error>
        do {
            outcome = .success(try await work(progress))
        } catch {
            outcome = .failure(error)
        }
        heartbeat.cancel()
        await heartbeat.value
        do {
            let (done, total) = progress.current
            try await store.recordJobProgress(id: job.id, done: done, total: total, at: clock())
            switch outcome {
            case .success(let outcome):
                try await store.finishJob(
                    id: job.id, state: .done, message: outcome.message, artefacts: outcome.artefacts, audit: outcome.audit, at: clock())
            case .failure(let error):
                let message = "\(error)"
                try await store.finishJob(
                    id: job.id, state: .failed, message: message, artefacts: [],
                    audit: AuditDraft(
                        actor: job.owner, action: "jobs.failed", input: Data("\(job.id) \(job.kind)".utf8),
                        result: "\(job.kind) job \(job.id) failed after \(done) rows: \(message)", versions: ""),
                    at: clock())
            }
        } catch {
            // Not recorded: the job stays running without a heartbeat and is shown as interrupted, never as done.
            logger.error("job \(job.id) could not be recorded as finished: \(error)")
        }
    }
}

/// What a job reports while it works: rows done of the total. Kept in memory and written by the job's heartbeat.
public final class JobProgress: Sendable {
    private let state: Mutex<(done: Int, total: Int?)>

    init(total: Int?) {
        state = Mutex((0, total))
    }

    /// Records that `done` rows of `total` (when known) are done.
    public func report(done: Int, total: Int? = nil) {
        state.withLock { state in
            state.done = done
            if let total { state.total = total }
        }
    }

    /// The rows done and the total.
    public var current: (done: Int, total: Int?) { state.withLock { $0 } }
}

/// What a finished job gives: a summary, its files, and the audit record of its outcome (written with its finish).
public struct JobOutcome: Sendable {
    public var message: String
    public var artefacts: [JobArtefact]
    public var audit: AuditDraft?

    public init(message: String, artefacts: [JobArtefact] = [], audit: AuditDraft? = nil) {
        self.message = message
        self.artefacts = artefacts
        self.audit = audit
    }
}
