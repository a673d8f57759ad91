import Audit
import Logging
import PostgresNIO

/// Parties, their screenings and alerts, case decisions and the revocations they cause, on PostgreSQL.
extension PostgresStore {
    public func party(id: String) async throws(StoreError) -> PartyRecord? {
        try await run { connection, logger in try await Self.parties(connection.query("\(unescaped: Self.partyColumns) WHERE id = \(id)", logger: logger)).first }
    }

    public func partyCount() async throws(StoreError) -> Int {
        try await run { connection, logger in
            for try await count in try await connection.query("SELECT COUNT(*) FROM parties", logger: logger).decode(Int64.self) {
                return Int(count)
            }
            return 0
        }
    }

    public func parties(after id: String, limit: Int) async throws(StoreError) -> [PartyRecord] {
        try await run { connection, logger in
            try await Self.parties(connection.query("\(unescaped: Self.partyColumns) WHERE id > \(id) ORDER BY id LIMIT \(limit)", logger: logger))
        }
    }

    public func parties(from first: String, through last: String) async throws(StoreError) -> [PartyRecord] {
        try await run { connection, logger in
            try await Self.parties(
                connection.query("\(unescaped: Self.partyColumns) WHERE id >= \(first) AND id <= \(last) ORDER BY id", logger: logger))
        }
    }

    public func recordScreenings(_ screenings: [PartyScreeningResult], audit: AuditDraft)
        async throws(StoreError) -> [ScreeningOutcome]
    {
        try await transaction { connection, logger in
            let time = self.now()
            let outcomes = try await Self.record(screenings, connection: connection, logger: logger, at: time)
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return outcomes
        }
    }

    /// Records parties' screenings inside the caller's transaction (the rule: `ScreeningRecorder`).
    static func record(_ screenings: [PartyScreeningResult], connection: PostgresConnection, logger: Logger, at time: Int64)
        async throws -> [ScreeningOutcome]
    {
        var outcomes: [ScreeningOutcome] = []
        outcomes.reserveCapacity(screenings.count)
        for screening in screenings {
            var recorder = ScreeningRecorder(party: screening.party, at: time)
            for candidate in screening.candidates {
                var suppression: (partyDigest: String, entityDigest: String)?
                for try await row in try await connection.run(recorder.suppression(candidate), logger: logger).decode((String, String).self) {
                    suppression = row
                }
                let open = try await connection.integers(recorder.openAlert(candidate), logger: logger).first
                switch recorder.write(candidate, suppression: suppression, openAlert: open) {
                case nil: break
                case .refresh(let statement): try await connection.run(statement, logger: logger)
                case .open(let statement):
                    for id in try await connection.integers(statement, logger: logger) {
                        if let alert = try await alert(id: id, connection: connection, logger: logger) { recorder.opened(alert) }
                    }
                }
            }
            if let sweep = recorder.sweep { try await revoke(sweep, connection: connection, logger: logger, at: time) }
            outcomes.append(recorder.outcome)
        }
        return outcomes
    }

    /// Revokes the outstanding PERMITs a sweep covers, each into the revocation feed; returns how many.
    ///
    /// Takes the audit lock first so feed sequences are assigned in commit order (a gate reading
    /// `sequence > cursor` never skips one committed late).
    @discardableResult
    static func revoke(_ sweep: AuthorizationSweep, connection: PostgresConnection, logger: Logger, at time: Int64) async throws -> Int {
        try await connection.query("SELECT pg_advisory_xact_lock(\(auditLock))", logger: logger)
        let ids = try await connection.strings(sweep.revoke(at: time), logger: logger).sorted()
        for id in ids { try await connection.run(sweep.feedEntry(id, at: time), logger: logger) }
        return ids.count
    }

    public func alerts(status: AlertStatus?, limit: Int) async throws(StoreError) -> [AlertRecord] {
        try await run { connection, logger in
            guard let status else {
                return try await Self.alerts(connection.query("\(unescaped: Self.alertColumns) ORDER BY id LIMIT \(limit)", logger: logger))
            }
            return try await Self.alerts(
                connection.query("\(unescaped: Self.alertColumns) WHERE status = \(status.rawValue) ORDER BY id LIMIT \(limit)", logger: logger))
        }
    }

    public func alerts(partyID: String) async throws(StoreError) -> [AlertRecord] {
        try await run { connection, logger in
            try await Self.alerts(connection.query("\(unescaped: Self.alertColumns) WHERE party_id = \(partyID) ORDER BY id", logger: logger))
        }
    }

    public func alert(id: Int64) async throws(StoreError) -> AlertRecord? {
        try await run { connection, logger in try await Self.alerts(connection.query("\(unescaped: Self.alertColumns) WHERE id = \(id)", logger: logger)).first }
    }

    public func recordAlertDecision(_ decision: AlertDecisionRecord, audit: AuditDraft) async throws(StoreError) -> AlertRecord {
        try await transaction { connection, logger in
            let time = self.now()
            guard try await !connection.integers(Statements.decide(decision, at: time), logger: logger).isEmpty else {
                throw Statements.decisionRefusal(decision, now: try await Self.alert(id: decision.alertID, connection: connection, logger: logger))
            }
            if decision.suppressesPair { try await connection.run(Statements.suppressPair(ofAlert: decision.alertID), logger: logger) }
            if let sweep = decision.sweep { try await Self.revoke(sweep, connection: connection, logger: logger, at: time) }
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            guard let decided = try await Self.alert(id: decision.alertID, connection: connection, logger: logger) else {
                throw Statements.decisionRefusal(decision, now: nil)
            }
            return decided
        }
    }

    // MARK: - Rows

    private static let partyColumns = "SELECT id, name, type, country, dob FROM parties"

    private static func parties(_ rows: PostgresRowSequence) async throws -> [PartyRecord] {
        var parties: [PartyRecord] = []
        for try await (id, name, type, country, dob) in rows.decode((String, String, String?, String?, String?).self) {
            parties.append(PartyRecord(id: id, name: name, type: type, country: country, dateOfBirth: dob))
        }
        return parties
    }

    private static let alertColumns = """
        SELECT id, party_id, entity_id, source, list_version, score, status, match_json, opened_at, decided_at, decided_by, reason
        FROM alerts
        """

    static func alert(id: Int64, connection: PostgresConnection, logger: Logger) async throws -> AlertRecord? {
        try await alerts(connection.query("\(unescaped: alertColumns) WHERE id = \(id)", logger: logger)).first
    }

    /// The alerts in `rows`; a status the schema does not know stops the read, naming the alert.
    static func alerts(_ rows: PostgresRowSequence) async throws -> [AlertRecord] {
        var alerts: [AlertRecord] = []
        for try await row in rows {
            let (id, party, entity, source, version, score, status, match, opened, decidedAt, decidedBy, reason) = try row.decode(
                (Int64, String, String, String, String, Double, String, String, Int64, Int64?, String?, String?).self)
            alerts.append(
                AlertRecord(
                    id: id, partyID: party, entityID: entity, source: source, listVersion: version, score: score,
                    status: try AlertStatus.stored(status, alert: id), matchJSON: match, openedAt: opened, decidedAt: decidedAt,
                    decidedBy: decidedBy, reason: reason))
        }
        return alerts
    }
}
