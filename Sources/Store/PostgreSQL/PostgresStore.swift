import Audit
import Foundation
import Logging
import PostgresNIO
import TariffExclusions

/// The store on a PostgreSQL server through postgres-nio, for several service and worker processes.
///
/// The connection pool runs in a task the store starts; call `shutdown()` when done.
public final class PostgresStore: Store {
    let client: PostgresClient
    private let runner: Task<Void, Never>
    let logger: Logger
    let now: @Sendable () -> Int64
    /// Concurrent audit appends, batched into one transaction each (`PostgresStore+Audit.swift`).
    let auditAppends: AuditGroupCommit

    /// The advisory lock that serialises audit appends (and migrations) across processes.
    static let auditLock: Int64 = 0x636c_6561_7261_6e63
    private static let migrationLock: Int64 = 0x636c_6561_7261_6e64

    /// Connects to `url` (`postgres://user:password@host:port/database`); call `migrate()` before use.
    public init(url: String, now: @escaping @Sendable () -> Int64 = StoreClock.milliseconds) throws(StoreError) {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else {
            throw StoreError(.badLocation, "\(url) is not a postgres://user:password@host:port/database URL")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.maximumConnections = 8
        var logger = Logger(label: "clearance.store.postgres")
        logger.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.now = now
        self.runner = Task { await client.run() }
        self.auditAppends = AuditGroupCommit { [client, logger] drafts throws(StoreError) in
            try await Self.appendBatch(drafts, client: client, logger: logger, now: now)
        }
    }

    /// Closes the connections.
    public func shutdown() {
        runner.cancel()
    }

    deinit {
        runner.cancel()
    }

    public func migrate() async throws(StoreError) {
        try await transaction { connection, logger in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS clearance_migrations (identifier TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
                logger: logger)
            var applied: Set<String> = []
            for try await identifier in try await connection.query("SELECT identifier FROM clearance_migrations", logger: logger)
                .decode(String.self)
            {
                applied.insert(identifier)
            }
            for migration in Schema.migrations(.postgres) where !applied.contains(migration.identifier) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                let time = self.now()
                try await connection.query(
                    "INSERT INTO clearance_migrations (identifier, applied_at) VALUES (\(migration.identifier), \(time))",
                    logger: logger)
            }
        }
    }

    public func createKey(_ key: APIKeyRecord, audit: AuditDraft) async throws(StoreError) -> AuditRecord {
        try await transaction { connection, logger in
            try await connection.query(
                """
                INSERT INTO api_keys (id, secret_hash, role, created_at)
                VALUES (\(key.id), \(key.secretHash), \(key.role.rawValue), \(key.createdAt))
                """, logger: logger)
            return try await self.append(audit, connection: connection, logger: logger)
        }
    }

    public func key(secretHash: String) async throws(StoreError) -> APIKeyRecord? {
        try await run { client, logger in
            let rows = try await client.query(
                "SELECT id, secret_hash, role, created_at FROM api_keys WHERE secret_hash = \(secretHash) AND revoked_at IS NULL", logger: logger)
            for try await (id, hash, role, created) in rows.decode((String, String, String, Int64).self) {
                guard let role = Role(rawValue: role) else { return nil }
                return APIKeyRecord(id: id, secretHash: hash, role: role, createdAt: created)
            }
            return nil
        }
    }

    public func party(id: String) async throws(StoreError) -> PartyRecord? {
        try await run { client, logger in
            let rows = try await client.query(
                "SELECT id, name, type, country, dob FROM parties WHERE id = \(id)", logger: logger)
            for try await (id, name, type, country, dob) in rows.decode((String, String, String?, String?, String?).self) {
                return PartyRecord(id: id, name: name, type: type, country: country, dateOfBirth: dob)
            }
            return nil
        }
    }

    public func partyCount() async throws(StoreError) -> Int {
        try await run { client, logger in
            for try await count in try await client.query("SELECT COUNT(*) FROM parties", logger: logger).decode(Int64.self) {
                return Int(count)
            }
            return 0
        }
    }

    public func recordScreenings(_ screenings: [PartyScreeningResult], audit: AuditDraft)
        async throws(StoreError) -> [ScreeningOutcome]
    {
        try await transaction { connection, logger in
            let time = self.now()
            var outcomes: [ScreeningOutcome] = []
            outcomes.reserveCapacity(screenings.count)
            for screening in screenings {
                outcomes.append(
                    try await Self.record(screening.party, screening.candidates, connection: connection, logger: logger, at: time))
            }
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return outcomes
        }
    }

    static func record(
        _ party: PartyRecord, _ candidates: [AlertCandidate], connection: PostgresConnection, logger: Logger, at time: Int64
    ) async throws -> ScreeningOutcome {
        let partyDigest = party.digest
        var outcome = ScreeningOutcome(opened: [], suppressed: 0, alreadyOpen: 0)
        for candidate in candidates {
            var suppressed = false
            for try await (partyHash, entityHash) in try await connection.query(
                "SELECT party_digest, entity_digest FROM suppressions WHERE party_id = \(party.id) AND entity_id = \(candidate.entityID)",
                logger: logger
            ).decode((String, String).self) {
                suppressed = partyHash == partyDigest && entityHash == candidate.entityDigest
            }
            if suppressed {
                outcome.suppressed += 1
                continue
            }
            var open: Int64?
            for try await id in try await connection.query(
                "SELECT id FROM alerts WHERE party_id = \(party.id) AND entity_id = \(candidate.entityID) AND status = 'open'",
                logger: logger
            ).decode(Int64.self) {
                open = id
            }
            if let open {
                try await connection.query(
                    """
                    UPDATE alerts SET score = \(candidate.score), match_json = \(candidate.matchJSON),
                        list_version = \(candidate.listVersion), party_digest = \(partyDigest),
                        entity_digest = \(candidate.entityDigest) WHERE id = \(open)
                    """, logger: logger)
                outcome.alreadyOpen += 1
                continue
            }
            var inserted: Int64?
            for try await id in try await connection.query(
                """
                INSERT INTO alerts (party_id, entity_id, source, list_version, score, status, match_json, party_digest,
                    entity_digest, opened_at)
                VALUES (\(party.id), \(candidate.entityID), \(candidate.source), \(candidate.listVersion), \(candidate.score),
                    'open', \(candidate.matchJSON), \(partyDigest), \(candidate.entityDigest), \(time))
                RETURNING id
                """, logger: logger
            ).decode(Int64.self) {
                inserted = id
            }
            if let inserted, let alert = try await alert(id: inserted, connection: connection, logger: logger) {
                outcome.opened.append(alert)
            }
        }
        if let first = outcome.opened.first {
            try await revokeAuthorizations(
                partyID: party.id, licenseID: nil,
                reason: "party \(party.id) has a new alert (\(first.id)) on \(first.entityID) awaiting review",
                connection: connection, logger: logger, at: time)
        }
        return outcome
    }

    /// Revokes the outstanding PERMITs of a party or a licence, each into the revocation feed.
    ///
    /// Takes the audit lock first so feed sequences are assigned in commit order (a gate reading
    /// `sequence > cursor` never skips one committed late).
    @discardableResult
    private static func revokeAuthorizations(
        partyID: String?, licenseID: String?, reason: String, connection: PostgresConnection, logger: Logger, at time: Int64
    ) async throws -> Int {
        try await connection.query("SELECT pg_advisory_xact_lock(\(auditLock))", logger: logger)
        var ids: [String] = []
        for try await id in try await connection.query(
            """
            UPDATE authorizations SET revoked_at = \(time), revoked_reason = \(reason)
            WHERE (party_id = \(partyID) OR license_id = \(licenseID)) AND verdict = 'PERMIT' AND revoked_at IS NULL
                AND (expires_at IS NULL OR expires_at > \(time))
            RETURNING id
            """, logger: logger
        ).decode(String.self) {
            ids.append(id)
        }
        for id in ids.sorted() {
            try await connection.query(
                "INSERT INTO revocations (authorization_id, reason, revoked_at) VALUES (\(id), \(reason), \(time))", logger: logger)
        }
        return ids.count
    }

    public func alerts(status: AlertStatus?, limit: Int) async throws(StoreError) -> [AlertRecord] {
        try await run { client, logger in
            let rows: PostgresRowSequence
            if let status {
                rows = try await client.query(
                    "\(unescaped: Self.alertColumns) WHERE status = \(status.rawValue) ORDER BY id LIMIT \(limit)", logger: logger)
            } else {
                rows = try await client.query("\(unescaped: Self.alertColumns) ORDER BY id LIMIT \(limit)", logger: logger)
            }
            return try await Self.alerts(rows)
        }
    }

    public func alerts(partyID: String) async throws(StoreError) -> [AlertRecord] {
        try await run { client, logger in
            try await Self.alerts(
                client.query("\(unescaped: Self.alertColumns) WHERE party_id = \(partyID) ORDER BY id", logger: logger))
        }
    }

    public func alert(id: Int64) async throws(StoreError) -> AlertRecord? {
        try await run { client, logger in
            try await Self.alerts(
                client.query("\(unescaped: Self.alertColumns) WHERE id = \(id)", logger: logger)
            ).first
        }
    }

    public func decide(alertID: Int64, decision: Decision, reason: String, actor: String, audit: AuditDraft)
        async throws(StoreError) -> AlertRecord
    {
        let result: Result<AlertRecord, StoreError> = try await transaction { connection, logger in
            let locked = try await Self.alerts(
                connection.query("\(unescaped: Self.alertColumns) WHERE id = \(alertID) FOR UPDATE", logger: logger))
            guard let alert = locked.first else { return .failure(StoreError(.notFound, "no alert \(alertID)")) }
            guard alert.status == .open else {
                return .failure(StoreError(.conflict, "alert \(alertID) is already \(alert.status.rawValue); only open alerts can be decided"))
            }
            let time = self.now()
            try await connection.query(
                """
                UPDATE alerts SET status = \(decision.rawValue), decided_at = \(time), decided_by = \(actor), reason = \(reason)
                WHERE id = \(alertID)
                """, logger: logger)
            if decision == .falsePositive {
                try await connection.query(
                    """
                    INSERT INTO suppressions (party_id, entity_id, party_digest, entity_digest, alert_id)
                    SELECT party_id, entity_id, party_digest, entity_digest, id FROM alerts WHERE id = \(alertID)
                    ON CONFLICT (party_id, entity_id) DO UPDATE SET party_digest = excluded.party_digest,
                        entity_digest = excluded.entity_digest, alert_id = excluded.alert_id
                    """, logger: logger)
            } else {
                try await Self.revokeAuthorizations(
                    partyID: alert.partyID, licenseID: nil,
                    reason: "party \(alert.partyID) confirmed as \(alert.entityID) (alert \(alertID), true match)",
                    connection: connection, logger: logger, at: time)
            }
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            let decided = try await Self.alert(id: alertID, connection: connection, logger: logger)
            return decided.map { .success($0) } ?? .failure(StoreError(.notFound, "no alert \(alertID)"))
        }
        return try result.get()
    }

    public func activeListVersions() async throws(StoreError) -> [ListVersionRecord] {
        try await run { client, logger in
            try await Self.versions(client.query("\(unescaped: Self.versionColumns) WHERE active = 1 ORDER BY source", logger: logger))
        }
    }

    public func entities(versionID: Int64) async throws(StoreError) -> [StoredEntity] {
        try await run { client, logger in
            var entities: [StoredEntity] = []
            for try await (id, digest, json) in try await client.query(
                "SELECT entity_id, digest, entity_json FROM list_entities WHERE version_id = \(versionID) ORDER BY entity_id",
                logger: logger
            ).decode((String, String, String).self) {
                entities.append(StoredEntity(id: id, digest: digest, json: json))
            }
            return entities
        }
    }

    public func parties(after id: String, limit: Int) async throws(StoreError) -> [PartyRecord] {
        try await run { client, logger in
            var parties: [PartyRecord] = []
            for try await (id, name, type, country, dob) in try await client.query(
                "SELECT id, name, type, country, dob FROM parties WHERE id > \(id) ORDER BY id LIMIT \(limit)", logger: logger
            ).decode((String, String, String?, String?, String?).self) {
                parties.append(PartyRecord(id: id, name: name, type: type, country: country, dateOfBirth: dob))
            }
            return parties
        }
    }

    public func claimChunk(worker: String, staleAfter: Int64) async throws(StoreError) -> RescreenChunk? {
        try await transaction { connection, logger in
            let time = self.now()
            let stale = time - staleAfter
            var claimed: (Int64, Int64, String, String)?
            for try await row in try await connection.query(
                """
                UPDATE rescreen_chunks SET status = 'running', worker = \(worker), claimed_at = \(time)
                WHERE id = (
                    SELECT id FROM rescreen_chunks WHERE status = 'pending' OR (status = 'running' AND claimed_at < \(stale))
                    ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1
                )
                RETURNING id, job_id, first_party, last_party
                """, logger: logger
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
        let result: Result<[ScreeningOutcome], StoreError> = try await transaction { connection, logger in
            var owned = false
            for try await (status, worker) in try await connection.query(
                "SELECT status, worker FROM rescreen_chunks WHERE id = \(chunk.id) FOR UPDATE", logger: logger
            ).decode((String, String?).self) {
                owned = status == "running" && worker == chunk.worker
            }
            guard owned else { return .failure(StoreError(.conflict, "chunk \(chunk.id) is no longer claimed by \(chunk.worker)")) }
            let time = self.now()
            var outcomes: [ScreeningOutcome] = []
            for screening in screenings {
                outcomes.append(
                    try await Self.record(screening.party, screening.candidates, connection: connection, logger: logger, at: time))
            }
            let alerts = Int64(outcomes.map(\.opened.count).reduce(0, +))
            try await connection.query(
                """
                UPDATE rescreen_chunks SET status = 'done', done_at = \(time), parties = \(Int64(parties)), alerts = \(alerts)
                WHERE id = \(chunk.id)
                """, logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return .success(outcomes)
        }
        return try result.get()
    }

    public func parties(from first: String, through last: String) async throws(StoreError) -> [PartyRecord] {
        try await run { client, logger in
            var parties: [PartyRecord] = []
            for try await (id, name, type, country, dob) in try await client.query(
                "SELECT id, name, type, country, dob FROM parties WHERE id >= \(first) AND id <= \(last) ORDER BY id", logger: logger
            ).decode((String, String, String?, String?, String?).self) {
                parties.append(PartyRecord(id: id, name: name, type: type, country: country, dateOfBirth: dob))
            }
            return parties
        }
    }

    public func progress(jobID: Int64) async throws(StoreError) -> JobProgress {
        try await run { client, logger in
            var progress = JobProgress(pending: 0, running: 0, done: 0, parties: 0, alerts: 0)
            for try await (status, count, parties, alerts) in try await client.query(
                """
                SELECT status, COUNT(*), COALESCE(SUM(parties), 0)::BIGINT, COALESCE(SUM(alerts), 0)::BIGINT
                FROM rescreen_chunks WHERE job_id = \(jobID) GROUP BY status
                """, logger: logger
            ).decode((String, Int64, Int64, Int64).self) {
                switch status {
                case "pending": progress.pending = Int(count)
                case "running": progress.running = Int(count)
                default:
                    progress.done = Int(count)
                    progress.parties = Int(parties)
                    progress.alerts = Int(alerts)
                }
            }
            return progress
        }
    }

    public func addLicense(_ license: LicenseRecord, audit: AuditDraft) async throws(StoreError) {
        let json = try LicenseCoding.encode(license)
        let result: Result<Void, StoreError> = try await transaction { connection, logger in
            let time = self.now()
            var inserted = false
            for try await _ in try await connection.query(
                """
                INSERT INTO licenses (id, kind, record_json, value_limit, quantity_limit, valid_from, valid_to, created_at)
                VALUES (\(license.id), \(license.kind.rawValue), \(json), \(license.valueLimit), \(license.quantityLimit.map(Int64.init)),
                    \(license.validFrom), \(license.validTo), \(time))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: logger
            ).decode(String.self) {
                inserted = true
            }
            guard inserted else { return .failure(StoreError(.conflict, "licence \(license.id) already exists")) }
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return .success(())
        }
        try result.get()
    }

    public func license(id: String) async throws(StoreError) -> StoredLicense? {
        try await run { client, logger in
            try await Self.licenses(client.query("\(unescaped: Self.licenseColumns) WHERE id = \(id)", logger: logger)).first
        }
    }

    public func licenses() async throws(StoreError) -> [StoredLicense] {
        try await run { client, logger in
            try await Self.licenses(client.query("\(unescaped: Self.licenseColumns) ORDER BY id", logger: logger))
        }
    }

    public func useLicense(id: String, value: Double, quantity: Int, reference: String, audit: AuditDraft)
        async throws(StoreError) -> StoredLicense
    {
        let result: Result<StoredLicense, StoreError> = try await transaction { connection, logger in
            let time = self.now()
            let drawn = try await Self.draw(
                LicenseDraw(licenseID: id, value: value, quantity: quantity), reference: reference, connection: connection, logger: logger, at: time)
            guard case .success(let stored) = drawn else { return drawn }
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return .success(stored)
        }
        return try result.get()
    }

    public func revokeLicense(id: String, reason: String, audit: AuditDraft) async throws(StoreError)
        -> (license: StoredLicense, revoked: Int)
    {
        let result: Result<(license: StoredLicense, revoked: Int), StoreError> = try await transaction { connection, logger in
            let time = self.now()
            let stored = try await Self.licenses(
                connection.query("\(unescaped: Self.licenseColumns) WHERE id = \(id) FOR UPDATE", logger: logger)).first
            guard var stored else { return .failure(StoreError(.notFound, "no licence \(id)")) }
            guard stored.revokedAt == nil else { return .failure(StoreError(.conflict, "licence \(id) is already revoked")) }
            try await connection.query("UPDATE licenses SET revoked_at = \(time) WHERE id = \(id)", logger: logger)
            let revoked = try await Self.revokeAuthorizations(
                partyID: nil, licenseID: id, reason: "licence \(id) revoked: \(reason)", connection: connection, logger: logger, at: time)
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            stored.revokedAt = time
            return .success((stored, revoked))
        }
        return try result.get()
    }

    public func registerArtifacts(_ artifacts: [ArtifactRecord], audit: AuditDraft) async throws(StoreError) {
        try await transaction { connection, logger in
            let time = self.now()
            for artifact in artifacts {
                try await connection.query(
                    """
                    INSERT INTO artifacts (id, eccn, description, registered_at)
                    VALUES (\(artifact.id), \(artifact.eccn), \(artifact.description), \(time))
                    ON CONFLICT (id) DO UPDATE SET eccn = excluded.eccn, description = excluded.description,
                        registered_at = excluded.registered_at
                    """, logger: logger)
            }
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
        }
    }

    public func artifact(id: String) async throws(StoreError) -> ArtifactRecord? {
        try await run { client, logger in
            try await Self.artifacts(client.query("SELECT id, eccn, description FROM artifacts WHERE id = \(id)", logger: logger)).first
        }
    }

    public func artifacts() async throws(StoreError) -> [ArtifactRecord] {
        try await run { client, logger in
            try await Self.artifacts(client.query("SELECT id, eccn, description FROM artifacts ORDER BY id", logger: logger))
        }
    }

    /// Draws from a licence inside the caller's transaction, only if it is not revoked and has the room;
    /// the licence after the draw, or why it was refused (nothing written then).
    private static func draw(
        _ draw: LicenseDraw, reference: String, connection: PostgresConnection, logger: Logger, at time: Int64
    ) async throws -> Result<StoredLicense, StoreError> {
        let amount = Int64(draw.quantity)
        var drawn = false
        for try await _ in try await connection.query(
            """
            UPDATE licenses SET value_used = value_used + \(draw.value), quantity_used = quantity_used + \(amount)
            WHERE id = \(draw.licenseID) AND revoked_at IS NULL
                AND (value_limit IS NULL OR value_used + \(draw.value) <= value_limit + 0.000001)
                AND (quantity_limit IS NULL OR quantity_used + \(amount) <= quantity_limit)
            RETURNING id
            """, logger: logger
        ).decode(String.self) {
            drawn = true
        }
        let stored = try await licenses(connection.query("\(unescaped: licenseColumns) WHERE id = \(draw.licenseID)", logger: logger)).first
        guard let stored else { return .failure(StoreError(.notFound, "no licence \(draw.licenseID)")) }
        guard drawn else { return .failure(StoreError(.conflict, LicenseCoding.refusal(stored, value: draw.value, quantity: draw.quantity))) }
        try await connection.query(
            """
            INSERT INTO license_uses (license_id, value, quantity, reference, used_at)
            VALUES (\(draw.licenseID), \(draw.value), \(amount), \(reference), \(time))
            """, logger: logger)
        return .success(stored)
    }

    private static func artifacts(_ rows: PostgresRowSequence) async throws -> [ArtifactRecord] {
        var artifacts: [ArtifactRecord] = []
        for try await (id, eccn, description) in rows.decode((String, String, String?).self) {
            artifacts.append(ArtifactRecord(id: id, eccn: eccn, description: description))
        }
        return artifacts
    }

    public func recordAuthorization(_ authorization: AuthorizationRecord, draw: LicenseDraw?, audit: AuditDraft) async throws(StoreError)
        -> (record: AuditRecord, license: StoredLicense?)
    {
        let result: Result<(record: AuditRecord, license: StoredLicense?), StoreError> = try await transaction { connection, logger in
            let time = self.now()
            var license: StoredLicense?
            if let draw {
                switch try await Self.draw(draw, reference: authorization.id, connection: connection, logger: logger, at: time) {
                case .success(let stored): license = stored
                case .failure(let error): return .failure(error)
                }
            }
            let record = try await self.append(audit, connection: connection, logger: logger, at: time)
            try await connection.query(
                """
                INSERT INTO authorizations (id, verdict, subject, party_id, artifact, item, destination, license_id, expires_at,
                    decision_json, audit_sequence, created_at)
                VALUES (\(authorization.id), \(authorization.verdict), \(authorization.subject), \(authorization.partyID),
                    \(authorization.artifact), \(authorization.item), \(authorization.destination), \(authorization.licenseID),
                    \(authorization.expiresAt), \(authorization.decisionJSON), \(record.sequence), \(time))
                """, logger: logger)
            return .success((record, license))
        }
        return try result.get()
    }

    public func authorization(id: String) async throws(StoreError) -> AuthorizationRecord? {
        try await run { client, logger in
            let rows = try await client.query(
                """
                SELECT id, verdict, subject, party_id, artifact, item, destination, license_id, expires_at, decision_json,
                    audit_sequence, created_at, revoked_at, revoked_reason FROM authorizations WHERE id = \(id)
                """, logger: logger)
            for try await row in rows {
                let (id, verdict, subject, party, artifact, item, destination, license, expires, json, sequence, created, revokedAt, reason) =
                    try row.decode(
                        (String, String, String, String?, String?, String, String, String?, Int64?, String, Int64, Int64, Int64?, String?).self)
                return AuthorizationRecord(
                    id: id, verdict: verdict, subject: subject, partyID: party, artifact: artifact, item: item, destination: destination,
                    licenseID: license, expiresAt: expires, decisionJSON: json, auditSequence: sequence, createdAt: created,
                    revokedAt: revokedAt, revokedReason: reason)
            }
            return nil
        }
    }

    public func revocations(after sequence: Int64, limit: Int) async throws(StoreError) -> [RevocationRecord] {
        try await run { client, logger in
            var records: [RevocationRecord] = []
            for try await (number, id, reason, at) in try await client.query(
                """
                SELECT sequence, authorization_id, reason, revoked_at FROM revocations WHERE sequence > \(sequence)
                ORDER BY sequence LIMIT \(limit)
                """, logger: logger
            ).decode((Int64, String, String, Int64).self) {
                records.append(RevocationRecord(sequence: number, authorizationID: id, reason: reason, revokedAt: at))
            }
            return records
        }
    }

    public func createExclusionRequest(_ request: ExclusionRequest, audit: AuditDraft) async throws(StoreError) {
        let json = try ExclusionCoding.encode(request, "request \(request.id)")
        let result: Result<Void, StoreError> = try await transaction { connection, logger in
            var inserted = false
            for try await _ in try await connection.query(
                """
                INSERT INTO exclusion_requests (id, hts10, received_at, request_json)
                VALUES (\(request.id), \(request.hts10.key), \(request.receivedAt.milliseconds), \(json))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: logger
            ).decode(String.self) {
                inserted = true
            }
            guard inserted else { return .failure(StoreError(.conflict, "exclusion request \(request.id) already exists")) }
            _ = try await self.append(audit, connection: connection, logger: logger)
            return .success(())
        }
        try result.get()
    }

    public func addExclusionComment(_ comment: ExclusionComment, audit: AuditDraft) async throws(StoreError) {
        let json = try ExclusionCoding.encode(comment, "comment \(comment.id)")
        let result: Result<Void, StoreError> = try await transaction { connection, logger in
            // Locks the request row: a decision recorded meanwhile waits, and then sees this comment.
            guard try await Self.count(
                "SELECT COUNT(*) FROM (SELECT id FROM exclusion_requests WHERE id = \(comment.requestID) FOR UPDATE) AS r", connection, logger) > 0
            else {
                return .failure(StoreError(.notFound, "no exclusion request \(comment.requestID)"))
            }
            if try await Self.count("SELECT COUNT(*) FROM exclusion_decisions WHERE request_id = \(comment.requestID)", connection, logger) > 0 {
                return .failure(StoreError(.conflict, "request \(comment.requestID) is decided; its docket is closed"))
            }
            if let target = comment.repliesTo,
                try await Self.count(
                    """
                    SELECT COUNT(*) FROM exclusion_comments WHERE id = \(target) AND request_id = \(comment.requestID) AND replies_to IS NULL
                    """, connection, logger) == 0
            {
                return .failure(StoreError(.conflict, "request \(comment.requestID) has no comment \(target) to rebut"))
            }
            try await connection.query(
                """
                INSERT INTO exclusion_comments (id, request_id, replies_to, submitted_at, comment_json)
                VALUES (\(comment.id), \(comment.requestID), \(comment.repliesTo), \(comment.submittedAt.milliseconds), \(json))
                """, logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger)
            return .success(())
        }
        try result.get()
    }

    public func recordExclusionDecision(_ decision: ExclusionDecision, checkedAgainst earlier: Set<String>, audit: AuditDraft)
        async throws(StoreError)
    {
        let json = try ExclusionCoding.encode(decision, "the decision on \(decision.requestID)")
        let result: Result<Void, StoreError> = try await transaction { connection, logger in
            var code: String?
            for try await hts10 in try await connection.query(
                "SELECT hts10 FROM exclusion_requests WHERE id = \(decision.requestID) FOR UPDATE", logger: logger
            ).decode(String.self) {
                code = hts10
            }
            guard let hts10 = code else { return .failure(StoreError(.notFound, "no exclusion request \(decision.requestID)")) }
            // Decisions on one HTS-10 are recorded one at a time, so each sees the ones before it.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(hts10)))", logger: logger)
            var decided: Set<String> = []
            for try await id in try await connection.query(
                """
                SELECT d.request_id FROM exclusion_decisions d JOIN exclusion_requests r ON r.id = d.request_id
                WHERE r.hts10 = \(hts10) AND d.request_id <> \(decision.requestID)
                """, logger: logger
            ).decode(String.self) {
                decided.insert(id)
            }
            if let refusal = ExclusionCoding.staleCheck(decision, hts10: hts10, checked: earlier, decided: decided) {
                return .failure(StoreError(.conflict, refusal))
            }
            var inserted = false
            for try await _ in try await connection.query(
                """
                INSERT INTO exclusion_decisions (request_id, outcome, effective_to, decided_at, decision_json)
                VALUES (\(decision.requestID), \(decision.outcome.rawValue), \(decision.effectiveTo?.description),
                    \(decision.decidedAt.milliseconds), \(json))
                ON CONFLICT (request_id) DO NOTHING RETURNING request_id
                """, logger: logger
            ).decode(String.self) {
                inserted = true
            }
            guard inserted else { return .failure(StoreError(.conflict, "request \(decision.requestID) is already decided")) }
            for link in decision.departsFrom {
                try await connection.query(
                    """
                    INSERT INTO exclusion_consistency (request_id, earlier_request_id, similarity)
                    VALUES (\(decision.requestID), \(link.earlierRequestID), \(link.similarity))
                    """, logger: logger)
            }
            _ = try await self.append(audit, connection: connection, logger: logger)
            return .success(())
        }
        try result.get()
    }

    public func extendExclusion(_ extended: ExclusionExtension, audit: AuditDraft) async throws(StoreError) {
        let json = try ExclusionCoding.encode(extended, "the extension of \(extended.requestID)")
        let id = extended.requestID
        let result: Result<Void, StoreError> = try await transaction { connection, logger in
            guard try await Self.count("SELECT COUNT(*) FROM exclusion_requests WHERE id = \(id)", connection, logger) > 0 else {
                return .failure(StoreError(.notFound, "no exclusion request \(id)"))
            }
            var stored: (outcome: String, end: String?)?
            for try await (outcome, end) in try await connection.query(
                "SELECT outcome, effective_to FROM exclusion_decisions WHERE request_id = \(id) FOR UPDATE", logger: logger
            ).decode((String, String?).self) {
                stored = (outcome, end)
            }
            if let refusal = ExclusionCoding.extensionRefusal(extended, outcome: stored?.outcome, currentEnd: stored?.end ?? nil) {
                return .failure(StoreError(.conflict, refusal))
            }
            let end = extended.effectiveTo.description
            try await connection.query("UPDATE exclusion_decisions SET effective_to = \(end) WHERE request_id = \(id)", logger: logger)
            try await connection.query(
                """
                INSERT INTO exclusion_extensions (request_id, effective_to, extended_at, extension_json)
                VALUES (\(id), \(end), \(extended.extendedAt.milliseconds), \(json))
                """, logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger)
            return .success(())
        }
        try result.get()
    }

    public func exclusionDocket(id: String) async throws(StoreError) -> ExclusionDocket? {
        try await run { client, logger in
            try await Self.dockets(
                client.query("SELECT id, request_json FROM exclusion_requests WHERE id = \(id)", logger: logger), client, logger
            ).first
        }
    }

    public func exclusionDockets(hts10: String?) async throws(StoreError) -> [ExclusionDocket] {
        try await run { client, logger in
            let rows: PostgresRowSequence
            if let hts10 {
                rows = try await client.query(
                    "SELECT id, request_json FROM exclusion_requests WHERE hts10 = \(hts10) ORDER BY received_at, id", logger: logger)
            } else {
                rows = try await client.query("SELECT id, request_json FROM exclusion_requests ORDER BY received_at, id", logger: logger)
            }
            return try await Self.dockets(rows, client, logger)
        }
    }

    public func decidedExclusions(hts10: String) async throws(StoreError) -> [ExclusionDocket] {
        try await run { client, logger in
            try await Self.dockets(
                client.query(
                    """
                    SELECT r.id, r.request_json FROM exclusion_requests r JOIN exclusion_decisions d ON d.request_id = r.id
                    WHERE r.hts10 = \(hts10) ORDER BY r.received_at, r.id
                    """, logger: logger), client, logger)
        }
    }

    /// The dockets of the `(id, request_json)` rows, in their order, with comments, decisions and extensions.
    private static func dockets(_ rows: PostgresRowSequence, _ client: PostgresClient, _ logger: Logger) async throws -> [ExclusionDocket] {
        var requests: [(id: String, json: String)] = []
        for try await (id, json) in rows.decode((String, String).self) { requests.append((id, json)) }
        guard !requests.isEmpty else { return [] }
        let ids = requests.map(\.id)
        var comments: [String: [String]] = [:]
        for try await (id, json) in try await client.query(
            "SELECT request_id, comment_json FROM exclusion_comments WHERE request_id = ANY(\(ids)::text[]) ORDER BY submitted_at, id",
            logger: logger
        ).decode((String, String).self) {
            comments[id, default: []].append(json)
        }
        var decisions: [String: String] = [:]
        for try await (id, json) in try await client.query(
            "SELECT request_id, decision_json FROM exclusion_decisions WHERE request_id = ANY(\(ids)::text[])", logger: logger
        ).decode((String, String).self) {
            decisions[id] = json
        }
        var extensions: [String: [String]] = [:]
        for try await (id, json) in try await client.query(
            "SELECT request_id, extension_json FROM exclusion_extensions WHERE request_id = ANY(\(ids)::text[]) ORDER BY id", logger: logger
        ).decode((String, String).self) {
            extensions[id, default: []].append(json)
        }
        return try requests.map {
            try ExclusionCoding.docket(request: $0.json, comments: comments[$0.id] ?? [], decision: decisions[$0.id], extensions: extensions[$0.id] ?? [])
        }
    }

    private static func count(_ query: PostgresQuery, _ connection: PostgresConnection, _ logger: Logger) async throws -> Int64 {
        for try await count in try await connection.query(query, logger: logger).decode(Int64.self) { return count }
        return 0
    }

    /// Runs raw SQL (tests use it to tamper with the audit log as an attacker would).
    public func execute(_ sql: String) async throws(StoreError) {
        try await run { client, logger in _ = try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
    }

    // MARK: - Helpers

    private static let alertColumns = """
        SELECT id, party_id, entity_id, source, list_version, score, status, match_json, opened_at, decided_at, decided_by, reason
        FROM alerts
        """

    private static let licenseColumns = "SELECT id, record_json, value_used, quantity_used, revoked_at FROM licenses"

    /// The licences in `rows`; a record that cannot be decoded stops the read, naming the licence.
    private static func licenses(_ rows: PostgresRowSequence) async throws -> [StoredLicense] {
        var licenses: [StoredLicense] = []
        for try await (id, json, value, quantity, revoked) in rows.decode((String, String, Double, Int64, Int64?).self) {
            let record = try LicenseCoding.decode(json, id: id)
            licenses.append(StoredLicense(license: record, valueUsed: value, quantityUsed: Int(quantity), revokedAt: revoked))
        }
        return licenses
    }

    static let versionColumns = """
        SELECT id, source, name, published, sha256, partial, entity_count, imported_at, active FROM list_versions
        """

    static func versions(_ rows: PostgresRowSequence) async throws -> [ListVersionRecord] {
        var versions: [ListVersionRecord] = []
        for try await (id, source, name, published, sha, partial, count, imported, active) in rows.decode(
            (Int64, String, String, String?, String, String?, Int64, Int64, Int32).self)
        {
            versions.append(
                ListVersionRecord(
                    id: id, source: source, name: name, published: published, sha256: sha, partial: partial,
                    entityCount: Int(count), importedAt: imported, active: active == 1))
        }
        return versions
    }

    private static func alert(id: Int64, connection: PostgresConnection, logger: Logger) async throws -> AlertRecord? {
        try await alerts(connection.query("\(unescaped: alertColumns) WHERE id = \(id)", logger: logger)).first
    }

    private static func alerts(_ rows: PostgresRowSequence) async throws -> [AlertRecord] {
        var alerts: [AlertRecord] = []
        for try await row in rows {
            let (id, party, entity, source, version, score, status, match, opened, decidedAt, decidedBy, reason) = try row.decode(
                (Int64, String, String, String, String, Double, String, String, Int64, Int64?, String?, String?).self)
            guard let status = AlertStatus(rawValue: status) else { continue }
            alerts.append(
                AlertRecord(
                    id: id, partyID: party, entityID: entity, source: source, listVersion: version, score: score,
                    status: status, matchJSON: match, openedAt: opened, decidedAt: decidedAt, decidedBy: decidedBy,
                    reason: reason))
        }
        return alerts
    }

    func transaction<T: Sendable>(_ body: (PostgresConnection, Logger) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection, self.logger) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.wrap(error)
        }
    }

    func run<T: Sendable>(_ body: (PostgresClient, Logger) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await body(client, logger)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.wrap(error)
        }
    }

    static func wrap(_ error: Error) -> StoreError {
        if let store = error as? StoreError { return store }
        if let transaction = error as? PostgresTransactionError {
            return wrap(transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? transaction.rollbackError ?? error)
        }
        if let psql = error as? PSQLError {
            return StoreError(.database, "PostgreSQL: \(psql.serverInfo?[.message] ?? String(reflecting: psql.code))")
        }
        return StoreError(.unavailable, "PostgreSQL: \(error)")
    }
}
