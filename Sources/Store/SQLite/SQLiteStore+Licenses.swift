import Audit
import GRDB

/// Licences and their draws, artefacts, authorisations and the revocation feed, on SQLite.
extension SQLiteStore {
    public func addLicense(_ license: LicenseRecord, audit: AuditDraft) async throws(StoreError) {
        let json = try LicenseCoding.encode(license)
        try await write { db in
            let time = self.now()
            try db.require(Statements.addLicense(license, json: json, at: time), else: Statements.duplicate(license))
            _ = try Self.append(audit, db: db, at: time)
        }
    }

    public func license(id: String) async throws(StoreError) -> StoredLicense? {
        try await read { db in try Self.license(id: id, db: db) }
    }

    public func licenses() async throws(StoreError) -> [StoredLicense] {
        try await read { db in try Row.fetchAll(db, sql: Self.licenseColumns + " ORDER BY id").map { try Self.license(row: $0) } }
    }

    public func useLicense(id: String, value: Double, quantity: Int, reference: String, audit: AuditDraft)
        async throws(StoreError) -> StoredLicense
    {
        try await write { db in
            let time = self.now()
            let stored = try Self.draw(LicenseDraw(licenseID: id, value: value, quantity: quantity), reference: reference, db: db, at: time)
            _ = try Self.append(audit, db: db, at: time)
            return stored
        }
    }

    public func recordLicenseRevocation(id: String, sweep: AuthorizationSweep?, audit: AuditDraft) async throws(StoreError)
        -> (license: StoredLicense, revoked: Int)
    {
        try await write { db in
            let time = self.now()
            let marked = try db.strings(Statements.revokeLicense(id: id, at: time))
            guard let stored = try Self.license(id: id, db: db) else { throw StoreError(.notFound, "no licence \(id)") }
            guard !marked.isEmpty else { throw StoreError(.conflict, "licence \(id) is already revoked") }
            let revoked = try sweep.map { try Self.revoke($0, db: db, at: time) } ?? 0
            _ = try Self.append(audit, db: db, at: time)
            return (stored, revoked)
        }
    }

    public func registerArtifacts(_ artifacts: [ArtifactRecord], audit: AuditDraft) async throws(StoreError) {
        try await write { db in
            let time = self.now()
            for artifact in artifacts { try db.execute(Statements.register(artifact, at: time)) }
            _ = try Self.append(audit, db: db, at: time)
        }
    }

    public func artifact(id: String) async throws(StoreError) -> ArtifactRecord? {
        try await read { db in try Self.artifacts(db, "WHERE id = ?", [id]).first }
    }

    public func artifacts() async throws(StoreError) -> [ArtifactRecord] {
        try await read { db in try Self.artifacts(db, "ORDER BY id", []) }
    }

    public func recordAuthorization(_ authorization: AuthorizationRecord, draw: LicenseDraw?, audit: AuditDraft) async throws(StoreError)
        -> (record: AuditRecord, license: StoredLicense?)
    {
        try await write { db in
            let time = self.now()
            let license = try draw.map { try Self.draw($0, reference: authorization.id, db: db, at: time) }
            let record = try Self.append(audit, db: db, at: time)
            try db.execute(Statements.insert(authorization, auditSequence: record.sequence, at: time))
            return (record, license)
        }
    }

    public func authorization(id: String) async throws(StoreError) -> AuthorizationRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: Statements.authorizationColumns + " WHERE id = ?", arguments: [id]).map { row in
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

    // MARK: - Helpers

    /// Draws from a licence inside the caller's transaction (`Statements.draw`); the licence after the
    /// draw, or a `conflict` saying why it was refused (the caller's transaction then writes nothing).
    private static func draw(_ draw: LicenseDraw, reference: String, db: Database, at time: Int64) throws -> StoredLicense {
        let drawn = try !db.strings(Statements.draw(draw)).isEmpty
        guard let stored = try license(id: draw.licenseID, db: db) else { throw StoreError(.notFound, "no licence \(draw.licenseID)") }
        guard drawn else { throw StoreError(.conflict, LicenseCoding.refusal(stored, value: draw.value, quantity: draw.quantity)) }
        try db.execute(Statements.use(draw, reference: reference, at: time))
        return stored
    }

    private static let licenseColumns = "SELECT id, record_json, value_used, quantity_used, revoked_at FROM licenses"

    private static func license(id: String, db: Database) throws -> StoredLicense? {
        try Row.fetchOne(db, sql: licenseColumns + " WHERE id = ?", arguments: [id]).map { try license(row: $0) }
    }

    /// The licence in `row`; a record that cannot be decoded stops the read, naming the licence.
    private static func license(row: Row) throws(StoreError) -> StoredLicense {
        let record = try LicenseCoding.decode(row["record_json"], id: row["id"])
        return StoredLicense(license: record, valueUsed: row["value_used"], quantityUsed: row["quantity_used"], revokedAt: row["revoked_at"])
    }

    private static func artifacts(_ db: Database, _ condition: String, _ arguments: StatementArguments) throws -> [ArtifactRecord] {
        try Row.fetchAll(db, sql: "SELECT id, eccn, description FROM artifacts " + condition, arguments: arguments).map {
            ArtifactRecord(id: $0["id"], eccn: $0["eccn"], description: $0["description"])
        }
    }
}
