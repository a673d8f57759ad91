import Audit
import Logging
import PostgresNIO

/// The audit chain, its head row and checkpoints, and the signing keys, on PostgreSQL.
extension PostgresStore {
    /// Waits for the next group commit (`AuditGroupCommit`): concurrent appends share one transaction.
    public func appendAudit(_ draft: AuditDraft) async throws(StoreError) -> AuditRecord {
        guard let record = try await auditAppends.append([draft]).first else {
            throw StoreError(.database, "the audit batch returned no record for the append")
        }
        return record
    }

    /// Every draft's fields are escaped into the record (`AuditText`: PostgreSQL refuses NUL in text), so
    /// no content can make one record unwritable; anything else that fails rolls the whole batch back and
    /// throws, for the caller to retry. The drafts stay together, in order, within one group commit.
    public func appendAudits(_ drafts: [AuditDraft]) async throws(StoreError) {
        _ = try await auditAppends.append(drafts)
    }

    public func auditRecords(after sequence: Int64, limit: Int) async throws(StoreError) -> [AuditRecord] {
        try await run { connection, logger in
            let rows = try await connection.query(
                """
                SELECT sequence, timestamp, actor, action, input_digest, result, versions, previous_hash, hash
                FROM audit_log WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)
                """, logger: logger)
            var records: [AuditRecord] = []
            for try await row in rows {
                let (number, time, actor, action, digest, result, versions, previous, hash) = try row.decode(
                    (Int64, Int64, String, String, String, String, String, String, String).self)
                records.append(
                    AuditRecord(
                        sequence: number, timestamp: time, actor: actor, action: action, inputDigest: digest, result: result,
                        versions: versions, previousHash: previous, hash: hash))
            }
            return records
        }
    }

    public func auditHead() async throws(StoreError) -> AuditHead? {
        try await run { connection, logger in
            var head: AuditHead?
            for try await (sequence, hash) in try await connection.query(
                "SELECT sequence, hash FROM audit_head WHERE id = 1", logger: logger
            ).decode((Int64, String).self) {
                head = AuditHead(sequence: sequence, hash: hash)
            }
            return head
        }
    }

    public func auditKeys() async throws(StoreError) -> [AuditKeyRecord] {
        try await run { connection, logger in
            try await Self.auditKeys(
                connection.query("SELECT id, public_key, sealed_key, created_at, retired_at FROM audit_keys ORDER BY created_at, id", logger: logger))
        }
    }

    public func addFirstAuditKey(_ key: AuditKeyRecord, audit: AuditDraft) async throws(StoreError) -> AuditKeyRecord {
        try await transaction { connection, logger in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.auditLock))", logger: logger)
            if let active = try await Self.auditKeys(
                connection.query(
                    "SELECT id, public_key, sealed_key, created_at, retired_at FROM audit_keys WHERE retired_at IS NULL", logger: logger)
            ).first {
                return active
            }
            try await connection.query(
                """
                INSERT INTO audit_keys (id, public_key, sealed_key, created_at)
                VALUES (\(key.id), \(key.publicKey), \(key.sealedKey), \(key.createdAt))
                """, logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger)
            return key
        }
    }

    public func addAuditCheckpoint(_ checkpoint: AuditCheckpoint) async throws(StoreError) {
        try await run { connection, logger in
            _ = try await connection.query(
                """
                INSERT INTO audit_checkpoints (sequence, head_hash, signed_at, key_id, signature)
                VALUES (\(checkpoint.sequence), \(checkpoint.headHash), \(checkpoint.signedAt), \(checkpoint.keyID), \(checkpoint.signature))
                """, logger: logger)
        }
    }

    public func auditCheckpoints() async throws(StoreError) -> [AuditCheckpoint] {
        try await run { connection, logger in
            try await Self.checkpoints(connection.query("\(unescaped: Self.checkpointColumns) ORDER BY c.sequence, c.id", logger: logger))
        }
    }

    public func lastAuditCheckpoint() async throws(StoreError) -> AuditCheckpoint? {
        try await run { connection, logger in
            try await Self.checkpoints(
                connection.query("\(unescaped: Self.checkpointColumns) ORDER BY c.sequence DESC, c.id DESC LIMIT 1", logger: logger)
            ).first
        }
    }

    public func signingKeys() async throws(StoreError) -> [SigningKeyRecord] {
        try await run { connection, logger in
            try await Self.signingKeys(
                connection.query(
                    "SELECT id, private_key, created_at, retired_at, public_key FROM signing_keys WHERE revoked_at IS NULL ORDER BY created_at, id", logger: logger))
        }
    }

    public func addSigningKey(_ key: SigningKeyRecord, audit: AuditDraft) async throws(StoreError) {
        try await transaction { connection, logger in
            let time = self.now()
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.auditLock))", logger: logger)
            try await connection.query("UPDATE signing_keys SET retired_at = \(time) WHERE retired_at IS NULL", logger: logger)
            try await Self.insert(key, connection: connection, logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
        }
    }

    public func addFirstSigningKey(_ key: SigningKeyRecord, audit: AuditDraft) async throws(StoreError) -> SigningKeyRecord {
        try await transaction { connection, logger in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.auditLock))", logger: logger)
            if let active = try await Self.signingKeys(
                connection.query(
                    "SELECT id, private_key, created_at, retired_at, public_key FROM signing_keys WHERE retired_at IS NULL", logger: logger)
            ).first {
                return active
            }
            try await Self.insert(key, connection: connection, logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger)
            return key
        }
    }

    public func sealSigningKeys(_ keys: [SealedSigningKey], audit: AuditDraft) async throws(StoreError) -> Int {
        try await transaction { connection, logger in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.auditLock))", logger: logger)
            var changed = 0
            for key in keys {
                for try await _ in try await connection.query(
                    """
                    UPDATE signing_keys SET private_key = \(key.sealedKey), public_key = \(key.publicKey)
                    WHERE id = \(key.id) AND private_key = \(key.clearKey) RETURNING id
                    """, logger: logger
                ).decode(String.self) {
                    changed += 1
                }
            }
            if changed > 0 { _ = try await self.append(audit, connection: connection, logger: logger) }
            return changed
        }
    }

    // MARK: - Helpers

    /// Appends the next audit record inside the caller's transaction (the batch form: `PostgresStore+AuditBatch.swift`).
    func append(_ draft: AuditDraft, connection: PostgresConnection, logger: Logger, at time: Int64? = nil)
        async throws -> AuditRecord
    {
        guard let record = try await Self.append([draft], connection: connection, logger: logger, stamp: { time ?? self.now() }).first
        else {
            throw StoreError(.database, "the audit append returned no record")
        }
        return record
    }

    private static let checkpointColumns = """
        SELECT c.sequence, c.head_hash, c.signed_at, c.key_id, c.signature, k.public_key
        FROM audit_checkpoints c LEFT JOIN audit_keys k ON k.id = c.key_id
        """

    private static func checkpoints(_ rows: PostgresRowSequence) async throws -> [AuditCheckpoint] {
        var checkpoints: [AuditCheckpoint] = []
        for try await (sequence, hash, signed, key, signature, publicKey) in rows.decode((Int64, String, Int64, String, String, String?).self) {
            checkpoints.append(
                AuditCheckpoint(
                    sequence: sequence, headHash: hash, signedAt: signed, keyID: key, publicKey: publicKey ?? "", signature: signature))
        }
        return checkpoints
    }

    private static func auditKeys(_ rows: PostgresRowSequence) async throws -> [AuditKeyRecord] {
        var keys: [AuditKeyRecord] = []
        for try await (id, publicKey, sealed, created, retired) in rows.decode((String, String, String, Int64, Int64?).self) {
            keys.append(AuditKeyRecord(id: id, publicKey: publicKey, sealedKey: sealed, createdAt: created, retiredAt: retired))
        }
        return keys
    }

    private static func signingKeys(_ rows: PostgresRowSequence) async throws -> [SigningKeyRecord] {
        var keys: [SigningKeyRecord] = []
        for try await (id, key, created, retired, publicKey) in rows.decode((String, String, Int64, Int64?, String?).self) {
            keys.append(SigningKeyRecord(id: id, privateKey: key, createdAt: created, retiredAt: retired, publicKey: publicKey))
        }
        return keys
    }

    private static func insert(_ key: SigningKeyRecord, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO signing_keys (id, private_key, created_at, public_key)
            VALUES (\(key.id), \(key.privateKey), \(key.createdAt), \(key.publicKey))
            """, logger: logger)
    }
}
