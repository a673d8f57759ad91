import Audit

/// Background jobs and their artefacts, beside the `Store` (both stores implement it, on their own tables).
/// It persists and decides nothing: when a job counts as interrupted, and what it audits, is decided by
/// Operations (`BackgroundJobs`), which hands the results down.
public protocol JobStore: Sendable {
    /// Stores a new job; `conflict` if its id is taken.
    func createJob(_ job: BackgroundJobRecord) async throws(StoreError)
    /// Moves a queued job to running at `time`; `conflict` when it is no longer queued.
    func startJob(id: String, at time: Int64) async throws(StoreError)
    /// Records a running job's progress (and heartbeat) at `time`; `conflict` when it is no longer running.
    func recordJobProgress(id: String, done: Int, total: Int?, at time: Int64) async throws(StoreError)
    /// Finishes a running job in one transaction: its final state and message, its artefacts, and `audit` when
    /// given; `conflict` (nothing written) when it is no longer running.
    func finishJob(
        id: String, state: BackgroundJobState, message: String, artefacts: [JobArtefact], audit: AuditDraft?, at time: Int64
    ) async throws(StoreError)
    /// Marks every queued or running job whose last heartbeat is before `cutoff` as interrupted with `message`;
    /// returns how many.
    func interruptJobs(heartbeatBefore cutoff: Int64, message: String, at time: Int64) async throws(StoreError) -> Int
    /// The job with `id`.
    func job(id: String) async throws(StoreError) -> BackgroundJobRecord?
    /// The jobs of `owner`, newest first, before `cursor`, at most `limit`.
    func jobs(owner: String, before cursor: JobCursor?, limit: Int) async throws(StoreError) -> [BackgroundJobRecord]
    /// The names and media types of a job's artefacts, by name.
    func jobArtefactNames(jobID: String) async throws(StoreError) -> [(name: String, mediaType: String)]
    /// One artefact of a job.
    func jobArtefact(jobID: String, name: String) async throws(StoreError) -> JobArtefact?
}
