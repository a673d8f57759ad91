import Audit
import Logging
import PostgresNIO

/// Background jobs and their artefacts on PostgreSQL.
extension PostgresStore: JobStore {
    public func createJob(_ job: BackgroundJobRecord) async throws(StoreError) {
        try await transaction { connection, logger in
            try await connection.require(JobStatements.insert(job), logger: logger, else: JobStatements.taken(job.id))
        }
    }

    public func startJob(id: String, at time: Int64) async throws(StoreError) {
        try await transaction { connection, logger in
            try await connection.require(JobStatements.start(id, at: time), logger: logger, else: JobStatements.notQueued(id))
        }
    }

    public func recordJobProgress(id: String, done: Int, total: Int?, at time: Int64) async throws(StoreError) {
        try await transaction { connection, logger in
            try await connection.require(
                JobStatements.progress(id, done: done, total: total, at: time), logger: logger, else: JobStatements.notRunning(id))
        }
    }

    public func finishJob(
        id: String, state: BackgroundJobState, message: String, artefacts: [JobArtefact], audit: AuditDraft?, at time: Int64
    ) async throws(StoreError) {
        try await transaction { connection, logger in
            try await connection.require(
                JobStatements.finish(id, state: state, message: message, at: time), logger: logger, else: JobStatements.notRunning(id))
            for artefact in artefacts { try await connection.run(JobStatements.insertArtefact(artefact, jobID: id), logger: logger) }
            if let audit { _ = try await self.append(audit, connection: connection, logger: logger) }
        }
    }

    public func interruptJobs(heartbeatBefore cutoff: Int64, message: String, at time: Int64) async throws(StoreError) -> Int {
        try await transaction { connection, logger in
            try await connection.strings(JobStatements.interrupt(heartbeatBefore: cutoff, message: message, at: time), logger: logger).count
        }
    }

    public func job(id: String) async throws(StoreError) -> BackgroundJobRecord? {
        try await run { client, logger in try await Self.jobs(client.run(JobStatements.job(id), logger: logger)).first }
    }

    public func jobs(owner: String, before cursor: JobCursor?, limit: Int) async throws(StoreError) -> [BackgroundJobRecord] {
        try await run { client, logger in
            try await Self.jobs(client.run(JobStatements.jobs(owner: owner, before: cursor, limit: limit), logger: logger))
        }
    }

    public func jobArtefactNames(jobID: String) async throws(StoreError) -> [(name: String, mediaType: String)] {
        let pairs = try await run { client, logger in
            var pairs: [[String]] = []
            for try await (name, type) in try await client.run(JobStatements.artefactNames(jobID), logger: logger).decode((String, String).self) {
                pairs.append([name, type])
            }
            return pairs
        }
        return pairs.map { ($0[0], $0[1]) }
    }

    public func jobArtefact(jobID: String, name: String) async throws(StoreError) -> JobArtefact? {
        try await run { client, logger in
            for try await (name, type, content) in try await client.run(JobStatements.artefact(jobID, name: name), logger: logger)
                .decode((String, String, String).self)
            {
                return JobArtefact(name: name, mediaType: type, content: content)
            }
            return nil
        }
    }

    static func jobs(_ rows: PostgresRowSequence) async throws -> [BackgroundJobRecord] {
        var jobs: [BackgroundJobRecord] = []
        for try await (id, owner, kind, state, done, total, message, created, updated, finished) in rows.decode(
            (String, String, String, String, Int64, Int64?, String?, Int64, Int64, Int64?).self)
        {
            jobs.append(
                try JobStatements.job(
                    id: id, owner: owner, kind: kind, state: state, done: done, total: total, message: message, createdAt: created,
                    updatedAt: updated, finishedAt: finished))
        }
        return jobs
    }
}
