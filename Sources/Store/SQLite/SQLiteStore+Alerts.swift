import Audit
import GRDB

/// Parties, their screenings and alerts, case decisions and the revocations they cause, on SQLite.
extension SQLiteStore {
    public func party(id: String) async throws(StoreError) -> PartyRecord? {
        try await read { db in try Self.parties(db, "WHERE id = ?", [id]).first }
    }

    public func partyCount() async throws(StoreError) -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM parties") ?? 0 }
    }

    public func parties(after id: String, limit: Int) async throws(StoreError) -> [PartyRecord] {
        try await read { db in try Self.parties(db, "WHERE id > ? ORDER BY id LIMIT ?", [id, limit]) }
    }

    public func parties(from first: String, through last: String) async throws(StoreError) -> [PartyRecord] {
        try await read { db in try Self.parties(db, "WHERE id >= ? AND id <= ? ORDER BY id", [first, last]) }
    }

    public func recordScreenings(_ screenings: [PartyScreeningResult], audit: AuditDraft)
        async throws(StoreError) -> [ScreeningOutcome]
    {
        try await write { db in
            let time = self.now()
            let outcomes = try screenings.map { try Self.record($0.party, $0.candidates, db: db, at: time) }
            _ = try Self.append(audit, db: db, at: time)
            return outcomes
        }
    }

    /// Records one party's screening inside the caller's transaction (the rule: `ScreeningRecorder`).
    static func record(_ party: PartyRecord, _ candidates: [AlertCandidate], db: Database, at time: Int64) throws -> ScreeningOutcome {
        var recorder = ScreeningRecorder(party: party, at: time)
        for candidate in candidates {
            let suppression = try db.rows(recorder.suppression(candidate)).first.map {
                (partyDigest: $0["party_digest"] as String, entityDigest: $0["entity_digest"] as String)
            }
            switch recorder.write(candidate, suppression: suppression, openAlert: try db.integers(recorder.openAlert(candidate)).first) {
            case nil: break
            case .refresh(let statement): try db.execute(statement)
            case .open(let statement):
                for id in try db.integers(statement) {
                    if let alert = try alert(id: id, db: db) { recorder.opened(alert) }
                }
            }
        }
        if let sweep = recorder.sweep { try revoke(sweep, db: db, at: time) }
        return recorder.outcome
    }

    /// Revokes the outstanding PERMITs a sweep covers, each into the revocation feed; returns how many.
    @discardableResult
    static func revoke(_ sweep: AuthorizationSweep, db: Database, at time: Int64) throws -> Int {
        let ids = try db.strings(sweep.revoke(at: time)).sorted()
        for id in ids { try db.execute(sweep.feedEntry(id, at: time)) }
        return ids.count
    }

    public func alerts(status: AlertStatus?, limit: Int) async throws(StoreError) -> [AlertRecord] {
        try await read { db in
            guard let status else { return try Self.alerts(db, "ORDER BY id LIMIT ?", [limit]) }
            return try Self.alerts(db, "WHERE status = ? ORDER BY id LIMIT ?", [status.rawValue, limit])
        }
    }

    public func alerts(partyID: String) async throws(StoreError) -> [AlertRecord] {
        try await read { db in try Self.alerts(db, "WHERE party_id = ? ORDER BY id", [partyID]) }
    }

    public func alert(id: Int64) async throws(StoreError) -> AlertRecord? {
        try await read { db in try Self.alert(id: id, db: db) }
    }

    public func recordAlertDecision(_ decision: AlertDecisionRecord, audit: AuditDraft) async throws(StoreError) -> AlertRecord {
        try await write { db in
            let time = self.now()
            guard try !db.rows(Statements.decide(decision, at: time)).isEmpty else {
                throw Statements.decisionRefusal(decision, now: try Self.alert(id: decision.alertID, db: db))
            }
            if decision.suppressesPair { try db.execute(Statements.suppressPair(ofAlert: decision.alertID)) }
            if let sweep = decision.sweep { try Self.revoke(sweep, db: db, at: time) }
            _ = try Self.append(audit, db: db, at: time)
            guard let decided = try Self.alert(id: decision.alertID, db: db) else { throw Statements.decisionRefusal(decision, now: nil) }
            return decided
        }
    }

    // MARK: - Rows

    private static func parties(_ db: Database, _ condition: String, _ arguments: StatementArguments) throws -> [PartyRecord] {
        try Row.fetchAll(db, sql: "SELECT id, name, type, country, dob FROM parties " + condition, arguments: arguments).map {
            PartyRecord(id: $0["id"], name: $0["name"], type: $0["type"], country: $0["country"], dateOfBirth: $0["dob"])
        }
    }

    private static func alerts(_ db: Database, _ condition: String, _ arguments: StatementArguments) throws -> [AlertRecord] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, party_id, entity_id, source, list_version, score, status, match_json, opened_at, decided_at, decided_by, reason
                FROM alerts
                """ + " " + condition, arguments: arguments
        ).map(alert(row:))
    }

    static func alert(id: Int64, db: Database) throws -> AlertRecord? {
        try alerts(db, "WHERE id = ?", [id]).first
    }

    /// The alert in `row`; a status the schema does not know stops the read, naming the alert.
    private static func alert(row: Row) throws(StoreError) -> AlertRecord {
        let id: Int64 = row["id"]
        let status: String = row["status"]
        return AlertRecord(
            id: id, partyID: row["party_id"], entityID: row["entity_id"], source: row["source"], listVersion: row["list_version"],
            score: row["score"], status: try AlertStatus.stored(status, alert: id), matchJSON: row["match_json"], openedAt: row["opened_at"],
            decidedAt: row["decided_at"], decidedBy: row["decided_by"], reason: row["reason"])
    }
}
