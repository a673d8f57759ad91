import Audit
import PostgresNIO

/// Re-screening jobs on PostgreSQL: workers in several processes claim chunks with `FOR UPDATE SKIP LOCKED`,
/// so two never get the same one.
extension PostgresStore {
    public func claimChunk(worker: String, staleAfter: Int64) async throws(StoreError) -> RescreenChunk? {
        try await transaction { connection, logger in
            let time = self.now()
            var claimed: (Int64, Int64, String, String)?
            for try await row in try await connection.run(
                Statements.claimChunk(worker: worker, at: time, staleBefore: time - staleAfter, .postgres), logger: logger
            ).decode((Int64, Int64, String, String).self) {
                claimed = row
            }
            guard let (id, job, first, last) = claimed else { return nil }
            for try await (source, version, previous) in try await connection.query(
                "SELECT source, version_id, previous_version_id FROM rescreen_jobs WHERE id = \(job)", logger: logger
            ).decode((String, Int64, Int64?).self) {
                return RescreenChunk(
                    id: id, jobID: job, source: source, versionID: version, previousVersionID: previous, firstParty: first,
                    lastParty: last, worker: worker)
            }
            return nil
        }
    }

    public func completeChunk(_ chunk: RescreenChunk, screenings: [PartyScreeningResult], parties: Int, audit: AuditDraft)
        async throws(StoreError) -> [ScreeningOutcome]
    {
        try await transaction { connection, logger in
            try await connection.require(Statements.holdChunk(chunk, .postgres), logger: logger, else: Statements.chunkReclaimed(chunk))
            let time = self.now()
            let outcomes = try await Self.record(screenings, connection: connection, logger: logger, at: time)
            try await connection.run(
                Statements.completeChunk(chunk, parties: parties, alerts: outcomes.map(\.opened.count).reduce(0, +), at: time), logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return outcomes
        }
    }

    public func progress(jobID: Int64) async throws(StoreError) -> JobProgress {
        try await run { connection, logger in
            var progress = JobProgress(pending: 0, running: 0, done: 0, parties: 0, alerts: 0)
            for try await (status, chunks, parties, alerts) in try await connection.run(Statements.progress(job: jobID), logger: logger)
                .decode((String, Int64, Int64, Int64).self)
            {
                progress.count(status: status, chunks: chunks, parties: parties, alerts: alerts)
            }
            return progress
        }
    }
}
