/// The statements both backends run inside their transactions, each written once (see `SQLStatement`).
enum Statements {
    // MARK: - Cases

    /// Moves the alert from `decision.from` to `decision.to` at `time`; returns its id only when it was in `from`.
    static func decide(_ decision: AlertDecisionRecord, at time: Int64) -> SQLStatement {
        SQLStatement(
            """
            UPDATE alerts SET status = ?, decided_at = ?, decided_by = ?, reason = ?
            WHERE id = ? AND status = ?
            RETURNING id
            """, decision.to.rawValue, time, decision.actor, decision.reason, decision.alertID, decision.from.rawValue)
    }

    /// Suppresses the alert's pair at the alert's digests (replacing an earlier suppression of the pair).
    static func suppressPair(ofAlert id: Int64) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO suppressions (party_id, entity_id, party_digest, entity_digest, alert_id)
            SELECT party_id, entity_id, party_digest, entity_digest, id FROM alerts WHERE id = ?
            ON CONFLICT (party_id, entity_id) DO UPDATE SET party_digest = excluded.party_digest,
                entity_digest = excluded.entity_digest, alert_id = excluded.alert_id
            """, id)
    }

    /// Why a decision could not be recorded: the alert is gone, or no longer in the status it was decided from.
    static func decisionRefusal(_ decision: AlertDecisionRecord, now current: AlertRecord?) -> StoreError {
        guard let current else { return StoreError(.notFound, "no alert \(decision.alertID)") }
        return StoreError(
            .conflict,
            "alert \(decision.alertID) is \(current.status.rawValue), not \(decision.from.rawValue) as when it was decided; look again")
    }

    // MARK: - Licences

    /// Draws from a licence only while it is not revoked and has the room (value to a micro-dollar, whole
    /// units): the limit check and the draw are one atomic step, so concurrent draws never overdraw it.
    /// Returns the licence's id only when it drew.
    static func draw(_ draw: LicenseDraw) -> SQLStatement {
        SQLStatement(
            """
            UPDATE licenses SET value_used = value_used + ?, quantity_used = quantity_used + ?
            WHERE id = ? AND revoked_at IS NULL
                AND (value_limit IS NULL OR value_used + ? <= value_limit + 0.000001)
                AND (quantity_limit IS NULL OR quantity_used + ? <= quantity_limit)
            RETURNING id
            """, draw.value, draw.quantity, draw.licenseID, draw.value, draw.quantity)
    }

    /// The ledger line of a draw.
    static func use(_ draw: LicenseDraw, reference: String, at time: Int64) -> SQLStatement {
        SQLStatement(
            "INSERT INTO license_uses (license_id, value, quantity, reference, used_at) VALUES (?, ?, ?, ?, ?)",
            draw.licenseID, draw.value, draw.quantity, reference, time)
    }

    /// Marks a licence revoked at `time`; returns its id only when it was not revoked yet.
    static func revokeLicense(id: String, at time: Int64) -> SQLStatement {
        SQLStatement("UPDATE licenses SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id", time, id)
    }

    static func duplicate(_ license: LicenseRecord) -> StoreError {
        StoreError(.conflict, "licence \(license.id) already exists")
    }

    /// Stores a new licence; returns its id only when the number was free.
    static func addLicense(_ license: LicenseRecord, json: String, at time: Int64) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO licenses (id, kind, record_json, value_limit, quantity_limit, valid_from, valid_to, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """, license.id, license.kind.rawValue, json, license.valueLimit, license.quantityLimit, license.validFrom, license.validTo,
            time)
    }

    /// Registers an artefact, replacing the classification of one registered under its id.
    static func register(_ artifact: ArtifactRecord, at time: Int64) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO artifacts (id, eccn, description, registered_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET eccn = excluded.eccn, description = excluded.description, registered_at = excluded.registered_at
            """, artifact.id, artifact.eccn, artifact.description, time)
    }

    /// Stores an authorisation with the audit record written with it.
    static func insert(_ authorization: AuthorizationRecord, auditSequence: Int64, at time: Int64) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO authorizations (id, verdict, subject, party_id, artifact, item, destination, license_id, expires_at,
                decision_json, audit_sequence, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, authorization.id, authorization.verdict, authorization.subject, authorization.partyID, authorization.artifact,
            authorization.item, authorization.destination, authorization.licenseID, authorization.expiresAt, authorization.decisionJSON,
            auditSequence, time)
    }

    static let authorizationColumns = """
        SELECT id, verdict, subject, party_id, artifact, item, destination, license_id, expires_at, decision_json,
            audit_sequence, created_at, revoked_at, revoked_reason FROM authorizations
        """

    // MARK: - Re-screening

    /// Cuts every stored party, by id, into chunks of `chunkSize` for `job`; returns one row per chunk.
    static func sliceParties(job: Int64, chunkSize: Int) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO rescreen_chunks (job_id, first_party, last_party, status)
            SELECT ?, MIN(id), MAX(id), 'pending' FROM (
                SELECT id, (ROW_NUMBER() OVER (ORDER BY id) - 1) / ? AS slice FROM parties
            ) numbered GROUP BY slice ORDER BY slice
            RETURNING id
            """, job, chunkSize)
    }

    /// Claims for `worker` the oldest chunk pending, or left running since before `stale` by a worker
    /// presumed dead; returns `id, job_id, first_party, last_party`.
    static func claimChunk(worker: String, at time: Int64, staleBefore stale: Int64, _ dialect: SQLDialect) -> SQLStatement {
        SQLStatement(
            """
            UPDATE rescreen_chunks SET status = 'running', worker = ?, claimed_at = ?
            WHERE id = (
                SELECT id FROM rescreen_chunks WHERE status = 'pending' OR (status = 'running' AND claimed_at < ?)
                ORDER BY id LIMIT 1\(dialect.queueLock)
            )
            RETURNING id, job_id, first_party, last_party
            """, worker, time, stale)
    }

    /// The chunk's id while `chunk.worker` still holds it (locking its row until the transaction ends).
    static func holdChunk(_ chunk: RescreenChunk, _ dialect: SQLDialect) -> SQLStatement {
        SQLStatement(
            "SELECT id FROM rescreen_chunks WHERE id = ? AND status = 'running' AND worker = ?\(dialect.rowLock)", chunk.id, chunk.worker)
    }

    /// Marks a chunk done with its counts.
    static func completeChunk(_ chunk: RescreenChunk, parties: Int, alerts: Int, at time: Int64) -> SQLStatement {
        SQLStatement("UPDATE rescreen_chunks SET status = 'done', done_at = ?, parties = ?, alerts = ? WHERE id = ?", time, parties, alerts, chunk.id)
    }

    /// A job's chunks by status: `status, chunks, parties, alerts` (the sums are 0 where nothing is done).
    static func progress(job: Int64) -> SQLStatement {
        SQLStatement(
            """
            SELECT status, COUNT(*), CAST(COALESCE(SUM(parties), 0) AS BIGINT), CAST(COALESCE(SUM(alerts), 0) AS BIGINT)
            FROM rescreen_chunks WHERE job_id = ? GROUP BY status
            """, job)
    }

    /// Why completing a chunk was refused.
    static func chunkReclaimed(_ chunk: RescreenChunk) -> StoreError {
        StoreError(.conflict, "chunk \(chunk.id) is no longer claimed by \(chunk.worker)")
    }
}
