import Audit
import GRDB

/// Re-screening jobs: chunks claimed by workers, completed with their screenings, on SQLite.
extension SQLiteStore {
    public func claimChunk(worker: String, staleAfter: Int64) async throws(StoreError) -> RescreenChunk? {
        try await write { db in
            let time = self.now()
            guard let claimed = try db.rows(Statements.claimChunk(worker: worker, at: time, staleBefore: time - staleAfter, .sqlite)).first,
                let job = try Row.fetchOne(
                    db, sql: "SELECT source, version_id, previous_version_id FROM rescreen_jobs WHERE id = ?", arguments: [claimed["job_id"]])
            else { return nil }
            return RescreenChunk(
                id: claimed["id"], jobID: claimed["job_id"], source: job["source"], versionID: job["version_id"],
                previousVersionID: job["previous_version_id"], firstParty: claimed["first_party"], lastParty: claimed["last_party"],
                worker: worker)
        }
    }

    public func completeChunk(_ chunk: RescreenChunk, screenings: [PartyScreeningResult], parties: Int, audit: AuditDraft)
        async throws(StoreError) -> [ScreeningOutcome]
    {
        try await write { db in
            let time = self.now()
            try db.require(Statements.holdChunk(chunk, .sqlite), else: Statements.chunkReclaimed(chunk))
            let outcomes = try screenings.map { try Self.record($0.party, $0.candidates, db: db, at: time) }
            try db.execute(Statements.completeChunk(chunk, parties: parties, alerts: outcomes.map(\.opened.count).reduce(0, +), at: time))
            _ = try Self.append(audit, db: db, at: time)
            return outcomes
        }
    }

    public func progress(jobID: Int64) async throws(StoreError) -> JobProgress {
        try await read { db in
            var progress = JobProgress(pending: 0, running: 0, done: 0, parties: 0, alerts: 0)
            for row in try db.rows(Statements.progress(job: jobID)) {
                progress.count(status: row[0], chunks: row[1], parties: row[2], alerts: row[3])
            }
            return progress
        }
    }
}
