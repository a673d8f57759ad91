import Audit
import Foundation
import GRDB
import TariffExclusions

/// The embedded store: one SQLite file through GRDB (WAL mode; writes are serialised by GRDB).
public final class SQLiteStore: Store {
    let pool: DatabasePool
    let now: @Sendable () -> Int64
    /// Concurrent audit appends, batched into one transaction each (`SQLiteStore+AuditBatch.swift`).
    let auditAppends: AuditGroupCommit

    /// Opens (creating if needed) the database at `path`; call `migrate()` before use.
    public init(path: String, now: @escaping @Sendable () -> Int64 = StoreClock.milliseconds) throws(StoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(.unavailable, "cannot open the SQLite database \(path): \(error)")
        }
        self.now = now
        self.auditAppends = AuditGroupCommit { [pool] drafts throws(StoreError) in try await Self.appendBatch(drafts, pool: pool, now: now) }
    }

    public func migrate() async throws(StoreError) {
        var migrator = DatabaseMigrator()
        for migration in Schema.migrations(.sqlite) {
            migrator.registerMigration(migration.identifier) { db in
                for statement in migration.statements { try db.execute(sql: statement) }
            }
        }
        try await run { try migrator.migrate(self.pool) }
    }

    public func createKey(_ key: APIKeyRecord, audit: AuditDraft) async throws(StoreError) -> AuditRecord {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO api_keys (id, secret_hash, role, created_at) VALUES (?, ?, ?, ?)",
                arguments: [key.id, key.secretHash, key.role.rawValue, key.createdAt])
            return try Self.append(audit, db: db, at: self.now())
        }
    }

    public func key(secretHash: String) async throws(StoreError) -> APIKeyRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT id, secret_hash, role, created_at FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL", arguments: [secretHash])
                .flatMap { row in
                    Role(rawValue: row["role"]).map {
                        APIKeyRecord(id: row["id"], secretHash: row["secret_hash"], role: $0, createdAt: row["created_at"])
                    }
                }
        }
    }

    public func party(id: String) async throws(StoreError) -> PartyRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT id, name, type, country, dob FROM parties WHERE id = ?", arguments: [id]).map {
                PartyRecord(id: $0["id"], name: $0["name"], type: $0["type"], country: $0["country"], dateOfBirth: $0["dob"])
            }
        }
    }

    public func partyCount() async throws(StoreError) -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM parties") ?? 0 }
    }

    public func recordScreenings(_ screenings: [PartyScreeningResult], audit: AuditDraft)
        async throws(StoreError) -> [ScreeningOutcome]
    {
        try await write { db in
            let time = self.now()
            var outcomes: [ScreeningOutcome] = []
            outcomes.reserveCapacity(screenings.count)
            for screening in screenings {
                outcomes.append(try Self.record(screening.party, screening.candidates, db: db, at: time))
            }
            _ = try Self.append(audit, db: db, at: time)
            return outcomes
        }
    }

    static func record(_ party: PartyRecord, _ candidates: [AlertCandidate], db: Database, at time: Int64) throws
        -> ScreeningOutcome
    {
        let partyDigest = party.digest
        var outcome = ScreeningOutcome(opened: [], suppressed: 0, alreadyOpen: 0)
        for candidate in candidates {
            let suppression = try Row.fetchOne(
                db, sql: "SELECT party_digest, entity_digest FROM suppressions WHERE party_id = ? AND entity_id = ?",
                arguments: [party.id, candidate.entityID])
            if let suppression, suppression["party_digest"] == partyDigest,
                suppression["entity_digest"] == candidate.entityDigest
            {
                outcome.suppressed += 1
                continue
            }
            let open = try Int64.fetchOne(
                db, sql: "SELECT id FROM alerts WHERE party_id = ? AND entity_id = ? AND status = 'open'",
                arguments: [party.id, candidate.entityID])
            if let open {
                try db.execute(
                    sql: "UPDATE alerts SET score = ?, match_json = ?, list_version = ?, party_digest = ?, entity_digest = ? WHERE id = ?",
                    arguments: [candidate.score, candidate.matchJSON, candidate.listVersion, partyDigest, candidate.entityDigest, open])
                outcome.alreadyOpen += 1
                continue
            }
            try db.execute(
                sql: """
                    INSERT INTO alerts (party_id, entity_id, source, list_version, score, status, match_json, party_digest,
                        entity_digest, opened_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)
                    """,
                arguments: [
                    party.id, candidate.entityID, candidate.source, candidate.listVersion, candidate.score,
                    candidate.matchJSON, partyDigest, candidate.entityDigest, time,
                ])
            if let alert = try alert(id: db.lastInsertedRowID, db: db) { outcome.opened.append(alert) }
        }
        if let first = outcome.opened.first {
            try revokeAuthorizations(
                column: "party_id", value: party.id,
                reason: "party \(party.id) has a new alert (\(first.id)) on \(first.entityID) awaiting review", db: db, at: time)
        }
        return outcome
    }

    /// Revokes the outstanding PERMITs whose `column` is `value`, each into the revocation feed.
    @discardableResult
    private static func revokeAuthorizations(column: String, value: String, reason: String, db: Database, at time: Int64) throws -> Int {
        let ids = try String.fetchAll(
            db,
            sql: """
                SELECT id FROM authorizations WHERE \(column) = ? AND verdict = 'PERMIT' AND revoked_at IS NULL
                    AND (expires_at IS NULL OR expires_at > ?) ORDER BY id
                """,
            arguments: [value, time])
        for id in ids {
            try db.execute(sql: "UPDATE authorizations SET revoked_at = ?, revoked_reason = ? WHERE id = ?", arguments: [time, reason, id])
            try db.execute(
                sql: "INSERT INTO revocations (authorization_id, reason, revoked_at) VALUES (?, ?, ?)", arguments: [id, reason, time])
        }
        return ids.count
    }

    public func alerts(status: AlertStatus?, limit: Int) async throws(StoreError) -> [AlertRecord] {
        try await read { db in
            let rows: [Row]
            if let status {
                rows = try Row.fetchAll(db, sql: Self.alertColumns + " WHERE status = ? ORDER BY id LIMIT ?", arguments: [status.rawValue, limit])
            } else {
                rows = try Row.fetchAll(db, sql: Self.alertColumns + " ORDER BY id LIMIT ?", arguments: [limit])
            }
            return rows.compactMap(Self.alert(row:))
        }
    }

    public func alerts(partyID: String) async throws(StoreError) -> [AlertRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: Self.alertColumns + " WHERE party_id = ? ORDER BY id", arguments: [partyID])
                .compactMap(Self.alert(row:))
        }
    }

    public func alert(id: Int64) async throws(StoreError) -> AlertRecord? {
        try await read { db in try Self.alert(id: id, db: db) }
    }

    public func decide(alertID: Int64, decision: Decision, reason: String, actor: String, audit: AuditDraft)
        async throws(StoreError) -> AlertRecord
    {
        let result: Result<AlertRecord, StoreError> = try await write { db in
            guard let alert = try Self.alert(id: alertID, db: db) else {
                return .failure(StoreError(.notFound, "no alert \(alertID)"))
            }
            guard alert.status == .open else {
                return .failure(StoreError(.conflict, "alert \(alertID) is already \(alert.status.rawValue); only open alerts can be decided"))
            }
            let time = self.now()
            try db.execute(
                sql: "UPDATE alerts SET status = ?, decided_at = ?, decided_by = ?, reason = ? WHERE id = ?",
                arguments: [decision.rawValue, time, actor, reason, alertID])
            if decision == .falsePositive {
                try db.execute(
                    sql: """
                        INSERT INTO suppressions (party_id, entity_id, party_digest, entity_digest, alert_id)
                        SELECT party_id, entity_id, party_digest, entity_digest, id FROM alerts WHERE id = ?
                        ON CONFLICT (party_id, entity_id) DO UPDATE SET party_digest = excluded.party_digest,
                            entity_digest = excluded.entity_digest, alert_id = excluded.alert_id
                        """,
                    arguments: [alertID])
            } else {
                try Self.revokeAuthorizations(
                    column: "party_id", value: alert.partyID,
                    reason: "party \(alert.partyID) confirmed as \(alert.entityID) (alert \(alertID), true match)", db: db, at: time)
            }
            _ = try Self.append(audit, db: db, at: time)
            return try Self.alert(id: alertID, db: db).map { .success($0) } ?? .failure(StoreError(.notFound, "no alert \(alertID)"))
        }
        return try result.get()
    }

    public func activeListVersions() async throws(StoreError) -> [ListVersionRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: Self.versionColumns + " WHERE active = 1 ORDER BY source").map(Self.version(row:))
        }
    }

    public func entities(versionID: Int64) async throws(StoreError) -> [StoredEntity] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT entity_id, digest, entity_json FROM list_entities WHERE version_id = ? ORDER BY entity_id",
                arguments: [versionID]
            ).map { StoredEntity(id: $0["entity_id"], digest: $0["digest"], json: $0["entity_json"]) }
        }
    }

    public func parties(after id: String, limit: Int) async throws(StoreError) -> [PartyRecord] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, name, type, country, dob FROM parties WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit]
            ).map { PartyRecord(id: $0["id"], name: $0["name"], type: $0["type"], country: $0["country"], dateOfBirth: $0["dob"]) }
        }
    }

    public func claimChunk(worker: String, staleAfter: Int64) async throws(StoreError) -> RescreenChunk? {
        try await write { db in
            let time = self.now()
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT c.id, c.job_id, j.source, j.version_id, j.previous_version_id, c.first_party, c.last_party
                        FROM rescreen_chunks c JOIN rescreen_jobs j ON j.id = c.job_id
                        WHERE c.status = 'pending' OR (c.status = 'running' AND c.claimed_at < ?)
                        ORDER BY c.id LIMIT 1
                        """,
                    arguments: [time - staleAfter])
            else { return nil }
            let chunk = RescreenChunk(
                id: row["id"], jobID: row["job_id"], source: row["source"], versionID: row["version_id"],
                previousVersionID: row["previous_version_id"], firstParty: row["first_party"], lastParty: row["last_party"],
                worker: worker)
            try db.execute(
                sql: "UPDATE rescreen_chunks SET status = 'running', worker = ?, claimed_at = ? WHERE id = ?",
                arguments: [worker, time, chunk.id])
            return chunk
        }
    }

    public func completeChunk(_ chunk: RescreenChunk, screenings: [PartyScreeningResult], parties: Int, audit: AuditDraft)
        async throws(StoreError) -> [ScreeningOutcome]
    {
        let result: Result<[ScreeningOutcome], StoreError> = try await write { db in
            let row = try Row.fetchOne(db, sql: "SELECT status, worker FROM rescreen_chunks WHERE id = ?", arguments: [chunk.id])
            guard let row, row["status"] == "running", row["worker"] == chunk.worker else {
                return .failure(StoreError(.conflict, "chunk \(chunk.id) is no longer claimed by \(chunk.worker)"))
            }
            let time = self.now()
            var outcomes: [ScreeningOutcome] = []
            for screening in screenings {
                outcomes.append(try Self.record(screening.party, screening.candidates, db: db, at: time))
            }
            try db.execute(
                sql: "UPDATE rescreen_chunks SET status = 'done', done_at = ?, parties = ?, alerts = ? WHERE id = ?",
                arguments: [time, parties, outcomes.map(\.opened.count).reduce(0, +), chunk.id])
            _ = try Self.append(audit, db: db, at: time)
            return .success(outcomes)
        }
        return try result.get()
    }

    public func parties(from first: String, through last: String) async throws(StoreError) -> [PartyRecord] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, name, type, country, dob FROM parties WHERE id >= ? AND id <= ? ORDER BY id", arguments: [first, last]
            ).map { PartyRecord(id: $0["id"], name: $0["name"], type: $0["type"], country: $0["country"], dateOfBirth: $0["dob"]) }
        }
    }

    public func progress(jobID: Int64) async throws(StoreError) -> JobProgress {
        try await read { db in
            var progress = JobProgress(pending: 0, running: 0, done: 0, parties: 0, alerts: 0)
            for row in try Row.fetchAll(
                db, sql: "SELECT status, COUNT(*) AS n, SUM(parties) AS p, SUM(alerts) AS a FROM rescreen_chunks WHERE job_id = ? GROUP BY status",
                arguments: [jobID])
            {
                let count: Int = row["n"]
                switch row["status"] as String {
                case "pending": progress.pending = count
                case "running": progress.running = count
                default:
                    progress.done = count
                    progress.parties = row["p"] ?? 0
                    progress.alerts = row["a"] ?? 0
                }
            }
            return progress
        }
    }

    public func addLicense(_ license: LicenseRecord, audit: AuditDraft) async throws(StoreError) {
        let json = try LicenseCoding.encode(license)
        let result: Result<Void, StoreError> = try await write { db in
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM licenses WHERE id = ?", arguments: [license.id]) ?? 0 > 0 {
                return .failure(StoreError(.conflict, "licence \(license.id) already exists"))
            }
            let time = self.now()
            try db.execute(
                sql: """
                    INSERT INTO licenses (id, kind, record_json, value_limit, quantity_limit, valid_from, valid_to, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    license.id, license.kind.rawValue, json, license.valueLimit, license.quantityLimit, license.validFrom,
                    license.validTo, time,
                ])
            _ = try Self.append(audit, db: db, at: time)
            return .success(())
        }
        try result.get()
    }

    public func license(id: String) async throws(StoreError) -> StoredLicense? {
        try await read { db in
            try Row.fetchOne(db, sql: Self.licenseColumns + " WHERE id = ?", arguments: [id]).map { try Self.license(row: $0) }
        }
    }

    public func licenses() async throws(StoreError) -> [StoredLicense] {
        try await read { db in try Row.fetchAll(db, sql: Self.licenseColumns + " ORDER BY id").map { try Self.license(row: $0) } }
    }

    public func useLicense(id: String, value: Double, quantity: Int, reference: String, audit: AuditDraft)
        async throws(StoreError) -> StoredLicense
    {
        let result: Result<StoredLicense, StoreError> = try await write { db in
            let time = self.now()
            let drawn = try Self.draw(LicenseDraw(licenseID: id, value: value, quantity: quantity), reference: reference, db: db, at: time)
            guard case .success = drawn else { return drawn }
            _ = try Self.append(audit, db: db, at: time)
            return drawn
        }
        return try result.get()
    }

    public func revokeLicense(id: String, reason: String, audit: AuditDraft) async throws(StoreError)
        -> (license: StoredLicense, revoked: Int)
    {
        let result: Result<(license: StoredLicense, revoked: Int), StoreError> = try await write { db in
            let time = self.now()
            guard let stored = try Row.fetchOne(db, sql: Self.licenseColumns + " WHERE id = ?", arguments: [id]).map({ try Self.license(row: $0) }) else {
                return .failure(StoreError(.notFound, "no licence \(id)"))
            }
            guard stored.revokedAt == nil else { return .failure(StoreError(.conflict, "licence \(id) is already revoked")) }
            try db.execute(sql: "UPDATE licenses SET revoked_at = ? WHERE id = ?", arguments: [time, id])
            let revoked = try Self.revokeAuthorizations(
                column: "license_id", value: id, reason: "licence \(id) revoked: \(reason)", db: db, at: time)
            _ = try Self.append(audit, db: db, at: time)
            var updated = stored
            updated.revokedAt = time
            return .success((updated, revoked))
        }
        return try result.get()
    }

    public func registerArtifacts(_ artifacts: [ArtifactRecord], audit: AuditDraft) async throws(StoreError) {
        try await write { db in
            let time = self.now()
            for artifact in artifacts {
                try db.execute(
                    sql: """
                        INSERT INTO artifacts (id, eccn, description, registered_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET eccn = excluded.eccn, description = excluded.description,
                            registered_at = excluded.registered_at
                        """,
                    arguments: [artifact.id, artifact.eccn, artifact.description, time])
            }
            _ = try Self.append(audit, db: db, at: time)
        }
    }

    public func artifact(id: String) async throws(StoreError) -> ArtifactRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT id, eccn, description FROM artifacts WHERE id = ?", arguments: [id]).map(Self.artifact(row:))
        }
    }

    public func artifacts() async throws(StoreError) -> [ArtifactRecord] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT id, eccn, description FROM artifacts ORDER BY id").map(Self.artifact(row:)) }
    }

    public func recordAuthorization(_ authorization: AuthorizationRecord, draw: LicenseDraw?, audit: AuditDraft) async throws(StoreError)
        -> (record: AuditRecord, license: StoredLicense?)
    {
        let result: Result<(record: AuditRecord, license: StoredLicense?), StoreError> = try await write { db in
            let time = self.now()
            var license: StoredLicense?
            if let draw {
                switch try Self.draw(draw, reference: authorization.id, db: db, at: time) {
                case .success(let stored): license = stored
                case .failure(let error): return .failure(error)
                }
            }
            let record = try Self.append(audit, db: db, at: time)
            try db.execute(
                sql: """
                    INSERT INTO authorizations (id, verdict, subject, party_id, artifact, item, destination, license_id, expires_at,
                        decision_json, audit_sequence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    authorization.id, authorization.verdict, authorization.subject, authorization.partyID, authorization.artifact,
                    authorization.item, authorization.destination, authorization.licenseID, authorization.expiresAt,
                    authorization.decisionJSON, record.sequence, time,
                ])
            return .success((record, license))
        }
        return try result.get()
    }

    public func authorization(id: String) async throws(StoreError) -> AuthorizationRecord? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT id, verdict, subject, party_id, artifact, item, destination, license_id, expires_at, decision_json,
                        audit_sequence, created_at, revoked_at, revoked_reason FROM authorizations WHERE id = ?
                    """,
                arguments: [id]
            ).map { row in
                AuthorizationRecord(
                    id: row["id"], verdict: row["verdict"], subject: row["subject"], partyID: row["party_id"], artifact: row["artifact"],
                    item: row["item"], destination: row["destination"], licenseID: row["license_id"], expiresAt: row["expires_at"],
                    decisionJSON: row["decision_json"], auditSequence: row["audit_sequence"], createdAt: row["created_at"],
                    revokedAt: row["revoked_at"], revokedReason: row["revoked_reason"])
            }
        }
    }

    public func revocations(after sequence: Int64, limit: Int) async throws(StoreError) -> [RevocationRecord] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT sequence, authorization_id, reason, revoked_at FROM revocations WHERE sequence > ? ORDER BY sequence LIMIT ?",
                arguments: [sequence, limit]
            ).map {
                RevocationRecord(sequence: $0["sequence"], authorizationID: $0["authorization_id"], reason: $0["reason"], revokedAt: $0["revoked_at"])
            }
        }
    }

    /// Draws from a licence inside the caller's transaction, only if it is not revoked and has the room;
    /// the licence after the draw, or why it was refused (nothing written then).
    private static func draw(_ draw: LicenseDraw, reference: String, db: Database, at time: Int64) throws -> Result<StoredLicense, StoreError> {
        try db.execute(
            sql: """
                UPDATE licenses SET value_used = value_used + ?, quantity_used = quantity_used + ?
                WHERE id = ? AND revoked_at IS NULL
                    AND (value_limit IS NULL OR value_used + ? <= value_limit + 0.000001)
                    AND (quantity_limit IS NULL OR quantity_used + ? <= quantity_limit)
                """,
            arguments: [draw.value, draw.quantity, draw.licenseID, draw.value, draw.quantity])
        let drawn = db.changesCount == 1
        guard let stored = try Row.fetchOne(db, sql: licenseColumns + " WHERE id = ?", arguments: [draw.licenseID]).map({ try license(row: $0) }) else {
            return .failure(StoreError(.notFound, "no licence \(draw.licenseID)"))
        }
        guard drawn else { return .failure(StoreError(.conflict, LicenseCoding.refusal(stored, value: draw.value, quantity: draw.quantity))) }
        try db.execute(
            sql: "INSERT INTO license_uses (license_id, value, quantity, reference, used_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [draw.licenseID, draw.value, draw.quantity, reference, time])
        return .success(stored)
    }

    private static func artifact(row: Row) -> ArtifactRecord {
        ArtifactRecord(id: row["id"], eccn: row["eccn"], description: row["description"])
    }

    public func createExclusionRequest(_ request: ExclusionRequest, audit: AuditDraft) async throws(StoreError) {
        let json = try ExclusionCoding.encode(request, "request \(request.id)")
        let result: Result<Void, StoreError> = try await write { db in
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM exclusion_requests WHERE id = ?", arguments: [request.id]) ?? 0 > 0 {
                return .failure(StoreError(.conflict, "exclusion request \(request.id) already exists"))
            }
            try db.execute(
                sql: "INSERT INTO exclusion_requests (id, hts10, received_at, request_json) VALUES (?, ?, ?, ?)",
                arguments: [request.id, request.hts10.key, request.receivedAt.milliseconds, json])
            _ = try Self.append(audit, db: db, at: self.now())
            return .success(())
        }
        try result.get()
    }

    public func addExclusionComment(_ comment: ExclusionComment, audit: AuditDraft) async throws(StoreError) {
        let json = try ExclusionCoding.encode(comment, "comment \(comment.id)")
        let result: Result<Void, StoreError> = try await write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM exclusion_requests WHERE id = ?", arguments: [comment.requestID]) ?? 0 > 0 else {
                return .failure(StoreError(.notFound, "no exclusion request \(comment.requestID)"))
            }
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM exclusion_decisions WHERE request_id = ?", arguments: [comment.requestID]) ?? 0 > 0 {
                return .failure(StoreError(.conflict, "request \(comment.requestID) is decided; its docket is closed"))
            }
            if let target = comment.repliesTo,
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM exclusion_comments WHERE id = ? AND request_id = ? AND replies_to IS NULL",
                    arguments: [target, comment.requestID]) ?? 0 == 0
            {
                return .failure(StoreError(.conflict, "request \(comment.requestID) has no comment \(target) to rebut"))
            }
            try db.execute(
                sql: "INSERT INTO exclusion_comments (id, request_id, replies_to, submitted_at, comment_json) VALUES (?, ?, ?, ?, ?)",
                arguments: [comment.id, comment.requestID, comment.repliesTo, comment.submittedAt.milliseconds, json])
            _ = try Self.append(audit, db: db, at: self.now())
            return .success(())
        }
        try result.get()
    }

    public func recordExclusionDecision(_ decision: ExclusionDecision, checkedAgainst earlier: Set<String>, audit: AuditDraft)
        async throws(StoreError)
    {
        let json = try ExclusionCoding.encode(decision, "the decision on \(decision.requestID)")
        let result: Result<Void, StoreError> = try await write { db in
            guard let hts10 = try String.fetchOne(db, sql: "SELECT hts10 FROM exclusion_requests WHERE id = ?", arguments: [decision.requestID]) else {
                return .failure(StoreError(.notFound, "no exclusion request \(decision.requestID)"))
            }
            if let outcome = try String.fetchOne(db, sql: "SELECT outcome FROM exclusion_decisions WHERE request_id = ?", arguments: [decision.requestID]) {
                return .failure(StoreError(.conflict, "request \(decision.requestID) is already decided (\(outcome))"))
            }
            let decided = try String.fetchAll(
                db,
                sql: "SELECT d.request_id FROM exclusion_decisions d JOIN exclusion_requests r ON r.id = d.request_id WHERE r.hts10 = ?",
                arguments: [hts10])
            if let refusal = ExclusionCoding.staleCheck(decision, hts10: hts10, checked: earlier, decided: Set(decided)) {
                return .failure(StoreError(.conflict, refusal))
            }
            try db.execute(
                sql: "INSERT INTO exclusion_decisions (request_id, outcome, effective_to, decided_at, decision_json) VALUES (?, ?, ?, ?, ?)",
                arguments: [decision.requestID, decision.outcome.rawValue, decision.effectiveTo?.description, decision.decidedAt.milliseconds, json])
            for link in decision.departsFrom {
                try db.execute(
                    sql: "INSERT INTO exclusion_consistency (request_id, earlier_request_id, similarity) VALUES (?, ?, ?)",
                    arguments: [decision.requestID, link.earlierRequestID, link.similarity])
            }
            _ = try Self.append(audit, db: db, at: self.now())
            return .success(())
        }
        try result.get()
    }

    public func extendExclusion(_ extended: ExclusionExtension, audit: AuditDraft) async throws(StoreError) {
        let json = try ExclusionCoding.encode(extended, "the extension of \(extended.requestID)")
        let result: Result<Void, StoreError> = try await write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM exclusion_requests WHERE id = ?", arguments: [extended.requestID]) ?? 0 > 0 else {
                return .failure(StoreError(.notFound, "no exclusion request \(extended.requestID)"))
            }
            let row = try Row.fetchOne(db, sql: "SELECT outcome, effective_to FROM exclusion_decisions WHERE request_id = ?", arguments: [extended.requestID])
            if let refusal = ExclusionCoding.extensionRefusal(extended, outcome: row?["outcome"], currentEnd: row?["effective_to"]) {
                return .failure(StoreError(.conflict, refusal))
            }
            try db.execute(
                sql: "UPDATE exclusion_decisions SET effective_to = ? WHERE request_id = ?",
                arguments: [extended.effectiveTo.description, extended.requestID])
            try db.execute(
                sql: "INSERT INTO exclusion_extensions (request_id, effective_to, extended_at, extension_json) VALUES (?, ?, ?, ?)",
                arguments: [extended.requestID, extended.effectiveTo.description, extended.extendedAt.milliseconds, json])
            _ = try Self.append(audit, db: db, at: self.now())
            return .success(())
        }
        try result.get()
    }

    public func exclusionDocket(id: String) async throws(StoreError) -> ExclusionDocket? {
        try await read { db in try Self.dockets(where: "id = ?", arguments: [id], db: db).first }
    }

    public func exclusionDockets(hts10: String?) async throws(StoreError) -> [ExclusionDocket] {
        try await read { db in
            if let hts10 { return try Self.dockets(where: "hts10 = ?", arguments: [hts10], db: db) }
            return try Self.dockets(where: "1 = 1", arguments: [], db: db)
        }
    }

    public func decidedExclusions(hts10: String) async throws(StoreError) -> [ExclusionDocket] {
        try await read { db in
            try Self.dockets(where: "hts10 = ? AND id IN (SELECT request_id FROM exclusion_decisions)", arguments: [hts10], db: db)
        }
    }

    /// The dockets of the requests matching `condition` (on `exclusion_requests`), oldest first.
    private static func dockets(where condition: String, arguments: StatementArguments, db: Database) throws -> [ExclusionDocket] {
        let scope = "request_id IN (SELECT id FROM exclusion_requests WHERE \(condition))"
        let requests = try Row.fetchAll(
            db, sql: "SELECT id, request_json FROM exclusion_requests WHERE \(condition) ORDER BY received_at, id", arguments: arguments)
        guard !requests.isEmpty else { return [] }
        var comments: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT request_id, comment_json FROM exclusion_comments WHERE \(scope) ORDER BY submitted_at, id", arguments: arguments)
        {
            comments[row["request_id"], default: []].append(row["comment_json"])
        }
        var decisions: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT request_id, decision_json FROM exclusion_decisions WHERE \(scope)", arguments: arguments) {
            decisions[row["request_id"]] = row["decision_json"]
        }
        var extensions: [String: [String]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT request_id, extension_json FROM exclusion_extensions WHERE \(scope) ORDER BY id", arguments: arguments)
        {
            extensions[row["request_id"], default: []].append(row["extension_json"])
        }
        return try requests.map { row in
            let id: String = row["id"]
            return try ExclusionCoding.docket(
                request: row["request_json"], comments: comments[id] ?? [], decision: decisions[id], extensions: extensions[id] ?? [])
        }
    }

    /// Runs raw SQL (tests use it to tamper with the audit log as an attacker would).
    public func execute(_ sql: String) async throws(StoreError) {
        try await write { db in try db.execute(sql: sql) }
    }

    // MARK: - Helpers

    private static let alertColumns = """
        SELECT id, party_id, entity_id, source, list_version, score, status, match_json, opened_at, decided_at, decided_by, reason
        FROM alerts
        """

    private static let licenseColumns = "SELECT id, record_json, value_used, quantity_used, revoked_at FROM licenses"

    /// The licence in `row`; a record that cannot be decoded stops the read, naming the licence.
    private static func license(row: Row) throws(StoreError) -> StoredLicense {
        let record = try LicenseCoding.decode(row["record_json"], id: row["id"])
        return StoredLicense(license: record, valueUsed: row["value_used"], quantityUsed: row["quantity_used"], revokedAt: row["revoked_at"])
    }

    static let versionColumns = """
        SELECT id, source, name, published, sha256, partial, entity_count, imported_at, active FROM list_versions
        """

    static func version(row: Row) -> ListVersionRecord {
        ListVersionRecord(
            id: row["id"], source: row["source"], name: row["name"], published: row["published"], sha256: row["sha256"],
            partial: row["partial"], entityCount: row["entity_count"], importedAt: row["imported_at"], active: (row["active"] as Int) == 1)
    }

    private static func alert(id: Int64, db: Database) throws -> AlertRecord? {
        try Row.fetchOne(db, sql: alertColumns + " WHERE id = ?", arguments: [id]).flatMap(alert(row:))
    }

    private static func alert(row: Row) -> AlertRecord? {
        guard let status = AlertStatus(rawValue: row["status"]) else { return nil }
        return AlertRecord(
            id: row["id"], partyID: row["party_id"], entityID: row["entity_id"], source: row["source"],
            listVersion: row["list_version"], score: row["score"], status: status, matchJSON: row["match_json"],
            openedAt: row["opened_at"], decidedAt: row["decided_at"], decidedBy: row["decided_by"], reason: row["reason"])
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        try await run { try await self.pool.write(body) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        try await run { try await self.pool.read(body) }
    }

    func run<T: Sendable>(_ body: () async throws -> T) async throws(StoreError) -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "SQLite: \(error)")
        }
    }
}

/// The wall clock, in milliseconds since 1970, as stores stamp records.
public enum StoreClock {
    @Sendable public static func milliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
