/// The statements of background jobs and their artefacts, each written once for both backends.
enum JobStatements {
    static let columns = "SELECT id, owner, kind, state, done_rows, total_rows, message, created_at, updated_at, finished_at FROM background_jobs"
    static let unfinished = "state IN ('queued', 'running')"

    /// Inserts a job; returns its id only when the id was free.
    static func insert(_ job: BackgroundJobRecord) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO background_jobs (id, owner, kind, state, done_rows, total_rows, message, created_at, updated_at, finished_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id
            """,
            arguments: [
                job.id, job.owner, job.kind, job.state.rawValue, Int64(job.done), job.total.map(Int64.init), job.message, job.createdAt,
                job.updatedAt, job.finishedAt,
            ])
    }

    static func start(_ id: String, at time: Int64) -> SQLStatement {
        SQLStatement("UPDATE background_jobs SET state = 'running', updated_at = ? WHERE id = ? AND state = 'queued' RETURNING id", time, id)
    }

    static func progress(_ id: String, done: Int, total: Int?, at time: Int64) -> SQLStatement {
        SQLStatement(
            "UPDATE background_jobs SET done_rows = ?, total_rows = ?, updated_at = ? WHERE id = ? AND state = 'running' RETURNING id",
            arguments: [Int64(done), total.map(Int64.init), time, id])
    }

    static func finish(_ id: String, state: BackgroundJobState, message: String, at time: Int64) -> SQLStatement {
        SQLStatement(
            "UPDATE background_jobs SET state = ?, message = ?, updated_at = ?, finished_at = ? WHERE id = ? AND state = 'running' RETURNING id",
            state.rawValue, message, time, time, id)
    }

    static func insertArtefact(_ artefact: JobArtefact, jobID: String) -> SQLStatement {
        SQLStatement(
            "INSERT INTO background_job_artefacts (job_id, name, media_type, content) VALUES (?, ?, ?, ?)", jobID, artefact.name,
            artefact.mediaType, artefact.content)
    }

    static func interrupt(heartbeatBefore cutoff: Int64, message: String, at time: Int64) -> SQLStatement {
        SQLStatement(
            """
            UPDATE background_jobs SET state = 'interrupted', message = ?, finished_at = ?
            WHERE \(unfinished) AND updated_at < ? RETURNING id
            """, message, time, cutoff)
    }

    static func job(_ id: String) -> SQLStatement {
        SQLStatement("\(columns) WHERE id = ?", id)
    }

    static func jobs(owner: String, before cursor: JobCursor?, limit: Int) -> SQLStatement {
        guard let cursor else {
            return SQLStatement("\(columns) WHERE owner = ? ORDER BY created_at DESC, id DESC LIMIT ?", owner, limit)
        }
        return SQLStatement(
            "\(columns) WHERE owner = ? AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?",
            owner, cursor.createdAt, cursor.createdAt, cursor.id, limit)
    }

    static func artefactNames(_ jobID: String) -> SQLStatement {
        SQLStatement("SELECT name, media_type FROM background_job_artefacts WHERE job_id = ? ORDER BY name", jobID)
    }

    static func artefact(_ jobID: String, name: String) -> SQLStatement {
        SQLStatement("SELECT name, media_type, content FROM background_job_artefacts WHERE job_id = ? AND name = ?", jobID, name)
    }

    /// The job of a `background_jobs` row; a state the schema does not know is an error naming the job and column.
    static func job(
        id: String, owner: String, kind: String, state: String, done: Int64, total: Int64?, message: String?, createdAt: Int64,
        updatedAt: Int64, finishedAt: Int64?
    ) throws(StoreError) -> BackgroundJobRecord {
        guard let known = BackgroundJobState(rawValue: state) else {
            throw StoreError(.database, "job \(id): the stored state \"\(state)\" (background_jobs.state) is not a job state")
        }
        return BackgroundJobRecord(
            id: id, owner: owner, kind: kind, state: known, done: Int(done), total: total.map(Int.init), message: message, createdAt: createdAt,
            updatedAt: updatedAt, finishedAt: finishedAt)
    }

    static func taken(_ id: String) -> StoreError { StoreError(.conflict, "a job \(id) exists") }
    static func notQueued(_ id: String) -> StoreError { StoreError(.conflict, "job \(id) is not queued (started already, or no such job)") }
    static func notRunning(_ id: String) -> StoreError { StoreError(.conflict, "job \(id) is not running (finished or interrupted, or no such job)") }
}
