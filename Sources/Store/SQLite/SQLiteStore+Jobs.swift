import Audit
import GRDB

/// Background jobs and their artefacts on SQLite.
extension SQLiteStore: JobStore {
    public func createJob(_ job: BackgroundJobRecord) async throws(StoreError) {
        try await write { db in try db.require(JobStatements.insert(job), else: JobStatements.taken(job.id)) }
    }

    public func startJob(id: String, at time: Int64) async throws(StoreError) {
        try await write { db in try db.require(JobStatements.start(id, at: time), else: JobStatements.notQueued(id)) }
    }

    public func recordJobProgress(id: String, done: Int, total: Int?, at time: Int64) async throws(StoreError) {
        try await write { db in try db.require(JobStatements.progress(id, done: done, total: total, at: time), else: JobStatements.notRunning(id)) }
    }

    public func finishJob(
        id: String, state: BackgroundJobState, message: String, artefacts: [JobArtefact], audit: AuditDraft?, at time: Int64
    ) async throws(StoreError) {
        try await write { db in
            try db.require(JobStatements.finish(id, state: state, message: message, at: time), else: JobStatements.notRunning(id))
            for artefact in artefacts { try db.execute(JobStatements.insertArtefact(artefact, jobID: id)) }
            if let audit { _ = try Self.append(audit, db: db, at: self.now()) }
        }
    }

    public func interruptJobs(heartbeatBefore cutoff: Int64, message: String, at time: Int64) async throws(StoreError) -> Int {
        try await write { db in try db.rows(JobStatements.interrupt(heartbeatBefore: cutoff, message: message, at: time)).count }
    }

    public func job(id: String) async throws(StoreError) -> BackgroundJobRecord? {
        try await read { db in try db.rows(JobStatements.job(id)).map(Self.job(row:)).first }
    }

    public func jobs(owner: String, before cursor: JobCursor?, limit: Int) async throws(StoreError) -> [BackgroundJobRecord] {
        try await read { db in try db.rows(JobStatements.jobs(owner: owner, before: cursor, limit: limit)).map(Self.job(row:)) }
    }

    public func jobArtefactNames(jobID: String) async throws(StoreError) -> [(name: String, mediaType: String)] {
        let rows = try await read { db in try db.rows(JobStatements.artefactNames(jobID)).map { [$0[0] as String, $0[1] as String] } }
        return rows.map { ($0[0], $0[1]) }
    }

    public func jobArtefact(jobID: String, name: String) async throws(StoreError) -> JobArtefact? {
        try await read { db in
            try db.rows(JobStatements.artefact(jobID, name: name)).first.map { JobArtefact(name: $0[0], mediaType: $0[1], content: $0[2]) }
        }
    }

    static func job(row: Row) throws(StoreError) -> BackgroundJobRecord {
        try JobStatements.job(
            id: row[0], owner: row[1], kind: row[2], state: row[3], done: row[4], total: row[5], message: row[6], createdAt: row[7],
            updatedAt: row[8], finishedAt: row[9])
    }
}
