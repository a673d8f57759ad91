import Audit
import Logging
import PostgresNIO

/// Licences and their draws, artefacts, authorisations and the revocation feed, on PostgreSQL.
extension PostgresStore {
    public func addLicense(_ license: LicenseRecord, audit: AuditDraft) async throws(StoreError) {
        let json = try LicenseCoding.encode(license)
        try await transaction { connection, logger in
            let time = self.now()
            try await connection.require(
                Statements.addLicense(license, json: json, at: time), logger: logger, else: Statements.duplicate(license))
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
        }
    }

    public func license(id: String) async throws(StoreError) -> StoredLicense? {
        try await run { connection, logger in
            try await Self.licenses(connection.query("\(unescaped: Self.licenseColumns) WHERE id = \(id)", logger: logger)).first
        }
    }

    public func licenses() async throws(StoreError) -> [StoredLicense] {
        try await run { connection, logger in
            try await Self.licenses(connection.query("\(unescaped: Self.licenseColumns) ORDER BY id", logger: logger))
        }
    }

    public func useLicense(id: String, value: Double, quantity: Int, reference: String, audit: AuditDraft)
        async throws(StoreError) -> StoredLicense
    {
        try await transaction { connection, logger in
            let time = self.now()
            let stored = try await Self.draw(
                LicenseDraw(licenseID: id, value: value, quantity: quantity), reference: reference, connection: connection, logger: logger, at: time)
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return stored
        }
    }

    public func recordLicenseRevocation(id: String, sweep: AuthorizationSweep?, audit: AuditDraft) async throws(StoreError)
        -> (license: StoredLicense, revoked: Int)
    {
        try await transaction { connection, logger in
            let time = self.now()
            let marked = try await connection.strings(Statements.revokeLicense(id: id, at: time), logger: logger)
            guard let stored = try await Self.license(id: id, connection: connection, logger: logger) else {
                throw StoreError(.notFound, "no licence \(id)")
            }
            guard !marked.isEmpty else { throw StoreError(.conflict, "licence \(id) is already revoked") }
            var revoked = 0
            if let sweep { revoked = try await Self.revoke(sweep, connection: connection, logger: logger, at: time) }
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return (stored, revoked)
        }
    }

    public func registerArtifacts(_ artifacts: [ArtifactRecord], audit: AuditDraft) async throws(StoreError) {
        try await transaction { connection, logger in
            let time = self.now()
            for artifact in artifacts { try await connection.run(Statements.register(artifact, at: time), logger: logger) }
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
        }
    }

    public func artifact(id: String) async throws(StoreError) -> ArtifactRecord? {
        try await run { connection, logger in
            try await Self.artifacts(connection.query("SELECT id, eccn, description FROM artifacts WHERE id = \(id)", logger: logger)).first
        }
    }

    public func artifacts() async throws(StoreError) -> [ArtifactRecord] {
        try await run { connection, logger in
            try await Self.artifacts(connection.query("SELECT id, eccn, description FROM artifacts ORDER BY id", logger: logger))
        }
    }

    public func recordAuthorization(_ authorization: AuthorizationRecord, draw: LicenseDraw?, audit: AuditDraft) async throws(StoreError)
        -> (record: AuditRecord, license: StoredLicense?)
    {
        try await transaction { connection, logger in
            let time = self.now()
            var license: StoredLicense?
            if let draw { license = try await Self.draw(draw, reference: authorization.id, connection: connection, logger: logger, at: time) }
            let record = try await self.append(audit, connection: connection, logger: logger, at: time)
            try await connection.run(Statements.insert(authorization, auditSequence: record.sequence, at: time), logger: logger)
            return (record, license)
        }
    }

    public func authorization(id: String) async throws(StoreError) -> AuthorizationRecord? {
        try await run { connection, logger in
            for try await row in try await connection.query("\(unescaped: Statements.authorizationColumns) WHERE id = \(id)", logger: logger) {
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
        try await run { connection, logger in
            var records: [RevocationRecord] = []
            for try await (number, id, reason, at) in try await connection.query(
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

    // MARK: - Helpers

    /// Draws from a licence inside the caller's transaction (`Statements.draw`); the licence after the
    /// draw, or a `conflict` saying why it was refused (the caller's transaction then writes nothing).
    private static func draw(
        _ draw: LicenseDraw, reference: String, connection: PostgresConnection, logger: Logger, at time: Int64
    ) async throws -> StoredLicense {
        let drawn = try await !connection.strings(Statements.draw(draw), logger: logger).isEmpty
        guard let stored = try await license(id: draw.licenseID, connection: connection, logger: logger) else {
            throw StoreError(.notFound, "no licence \(draw.licenseID)")
        }
        guard drawn else { throw StoreError(.conflict, LicenseCoding.refusal(stored, value: draw.value, quantity: draw.quantity)) }
        try await connection.run(Statements.use(draw, reference: reference, at: time), logger: logger)
        return stored
    }

    private static let licenseColumns = "SELECT id, record_json, value_used, quantity_used, revoked_at FROM licenses"

    private static func license(id: String, connection: PostgresConnection, logger: Logger) async throws -> StoredLicense? {
        try await licenses(connection.query("\(unescaped: licenseColumns) WHERE id = \(id)", logger: logger)).first
    }

    /// The licences in `rows`; a record that cannot be decoded stops the read, naming the licence.
    private static func licenses(_ rows: PostgresRowSequence) async throws -> [StoredLicense] {
        var licenses: [StoredLicense] = []
        for try await (id, json, value, quantity, revoked) in rows.decode((String, String, Double, Int64, Int64?).self) {
            let record = try LicenseCoding.decode(json, id: id)
            licenses.append(StoredLicense(license: record, valueUsed: value, quantityUsed: Int(quantity), revokedAt: revoked))
        }
        return licenses
    }

    private static func artifacts(_ rows: PostgresRowSequence) async throws -> [ArtifactRecord] {
        var artifacts: [ArtifactRecord] = []
        for try await (id, eccn, description) in rows.decode((String, String, String?).self) {
            artifacts.append(ArtifactRecord(id: id, eccn: eccn, description: description))
        }
        return artifacts
    }
}
