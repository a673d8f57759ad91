import Audit
import GRDB

/// The audit chain, its head row and checkpoints, and the signing keys, on SQLite.
extension SQLiteStore {
    /// Waits for the next group commit (`AuditGroupCommit`): concurrent appends share one transaction.
    public func appendAudit(_ draft: AuditDraft) async throws(StoreError) -> AuditRecord {
        guard let record = try await auditAppends.append([draft]).first else {
            throw StoreError(.database, "the audit batch returned no record for the append")
        }
        return record
    }

    /// Every draft's fields are escaped into the record (`AuditText`), so no content can make one record
    /// unwritable; anything else that fails rolls the whole batch back and throws, for the caller to retry.
    /// The drafts stay together, in order, within one group commit.
    public func appendAudits(_ drafts: [AuditDraft]) async throws(StoreError) {
        _ = try await auditAppends.append(drafts)
    }

    public func auditRecords(after sequence: Int64, limit: Int) async throws(StoreError) -> [AuditRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT sequence, timestamp, actor, action, input_digest, result, versions, previous_hash, hash
                    FROM audit_log WHERE sequence > ? ORDER BY sequence LIMIT ?
                    """,
                arguments: [sequence, limit]
            ).map { row in
                AuditRecord(
                    sequence: row["sequence"], timestamp: row["timestamp"], actor: row["actor"], action: row["action"],
                    inputDigest: row["input_digest"], result: row["result"], versions: row["versions"],
                    previousHash: row["previous_hash"], hash: row["hash"])
            }
        }
    }

    public func auditHead() async throws(StoreError) -> AuditHead? {
        try await read { db in try Self.head(db) }
    }

    public func auditKeys() async throws(StoreError) -> [AuditKeyRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, public_key, sealed_key, created_at, retired_at FROM audit_keys ORDER BY created_at, id").map {
                AuditKeyRecord(
                    id: $0["id"], publicKey: $0["public_key"], sealedKey: $0["sealed_key"], createdAt: $0["created_at"],
                    retiredAt: $0["retired_at"])
            }
        }
    }

    public func addFirstAuditKey(_ key: AuditKeyRecord, audit: AuditDraft) async throws(StoreError) -> AuditKeyRecord {
        try await writeImmediately { db in
            if let active = try Row.fetchOne(
                db, sql: "SELECT id, public_key, sealed_key, created_at FROM audit_keys WHERE retired_at IS NULL")
            {
                return AuditKeyRecord(
                    id: active["id"], publicKey: active["public_key"], sealedKey: active["sealed_key"], createdAt: active["created_at"])
            }
            try db.execute(
                sql: "INSERT INTO audit_keys (id, public_key, sealed_key, created_at) VALUES (?, ?, ?, ?)",
                arguments: [key.id, key.publicKey, key.sealedKey, key.createdAt])
            _ = try Self.append(audit, db: db, at: self.now())
            return key
        }
    }

    public func addAuditCheckpoint(_ checkpoint: AuditCheckpoint) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO audit_checkpoints (sequence, head_hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
                arguments: [checkpoint.sequence, checkpoint.headHash, checkpoint.signedAt, checkpoint.keyID, checkpoint.signature])
        }
    }

    public func auditCheckpoints() async throws(StoreError) -> [AuditCheckpoint] {
        try await read { db in try Self.checkpoints(db, suffix: "ORDER BY c.sequence, c.id") }
    }

    public func lastAuditCheckpoint() async throws(StoreError) -> AuditCheckpoint? {
        try await read { db in try Self.checkpoints(db, suffix: "ORDER BY c.sequence DESC, c.id DESC LIMIT 1").first }
    }

    public func signingKeys() async throws(StoreError) -> [SigningKeyRecord] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, private_key, created_at, retired_at, public_key FROM signing_keys WHERE revoked_at IS NULL ORDER BY created_at, id"
            ).map(Self.signingKey(row:))
        }
    }

    public func addSigningKey(_ key: SigningKeyRecord, audit: AuditDraft) async throws(StoreError) {
        try await write { db in
            let time = self.now()
            try db.execute(sql: "UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL", arguments: [time])
            try Self.insert(key, db: db)
            _ = try Self.append(audit, db: db, at: time)
        }
    }

    public func addFirstSigningKey(_ key: SigningKeyRecord, audit: AuditDraft) async throws(StoreError) -> SigningKeyRecord {
        try await writeImmediately { db in
            if let active = try Row.fetchOne(
                db, sql: "SELECT id, private_key, created_at, retired_at, public_key FROM signing_keys WHERE retired_at IS NULL")
            {
                return Self.signingKey(row: active)
            }
            try Self.insert(key, db: db)
            _ = try Self.append(audit, db: db, at: self.now())
            return key
        }
    }

    public func sealSigningKeys(_ keys: [SealedSigningKey], audit: AuditDraft) async throws(StoreError) -> Int {
        try await writeImmediately { db in
            var changed = 0
            for key in keys {
                try db.execute(
                    sql: "UPDATE signing_keys SET private_key = ?, public_key = ? WHERE id = ? AND private_key = ?",
                    arguments: [key.sealedKey, key.publicKey, key.id, key.clearKey])
                changed += db.changesCount
            }
            if changed > 0 { _ = try Self.append(audit, db: db, at: self.now()) }
            return changed
        }
    }

    // MARK: - Helpers

    /// Appends the next audit record inside the caller's write transaction (writes are serialised): it
    /// follows the head row, not the last stored record, so records deleted from the end leave a gap the
    /// next append makes visible; the head row moves with it.
    static func append(_ draft: AuditDraft, db: Database, at time: Int64) throws -> AuditRecord {
        guard let head = try head(db) else { throw StoreError.missingAuditHead }
        let record = draft.record(after: (head.sequence, head.hash), timestamp: time)
        try db.execute(
            sql: """
                INSERT INTO audit_log (sequence, timestamp, actor, action, input_digest, result, versions, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.sequence, record.timestamp, record.actor, record.action, record.inputDigest, record.result,
                record.versions, record.previousHash, record.hash,
            ])
        try db.execute(sql: "UPDATE audit_head SET sequence = ?, hash = ? WHERE id = 1", arguments: [record.sequence, record.hash])
        return record
    }

    private static func head(_ db: Database) throws -> AuditHead? {
        try Row.fetchOne(db, sql: "SELECT sequence, hash FROM audit_head WHERE id = 1").map {
            AuditHead(sequence: $0["sequence"], hash: $0["hash"])
        }
    }

    private static func checkpoints(_ db: Database, suffix: String) throws -> [AuditCheckpoint] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT c.sequence, c.head_hash, c.signed_at, c.key_id, c.signature, k.public_key
                FROM audit_checkpoints c LEFT JOIN audit_keys k ON k.id = c.key_id
                """ + " " + suffix
        ).map {
            AuditCheckpoint(
                sequence: $0["sequence"], headHash: $0["head_hash"], signedAt: $0["signed_at"], keyID: $0["key_id"],
                publicKey: $0["public_key"] ?? "", signature: $0["signature"])
        }
    }

    private static func insert(_ key: SigningKeyRecord, db: Database) throws {
        try db.execute(
            sql: "INSERT INTO signing_keys (id, private_key, created_at, public_key) VALUES (?, ?, ?, ?)",
            arguments: [key.id, key.privateKey, key.createdAt, key.publicKey])
    }

    private static func signingKey(row: Row) -> SigningKeyRecord {
        SigningKeyRecord(
            id: row["id"], privateKey: row["private_key"], createdAt: row["created_at"], retiredAt: row["retired_at"],
            publicKey: row["public_key"])
    }

    /// A write in an IMMEDIATE transaction: the database's write lock is taken before the first read, so
    /// a check-then-insert is atomic across processes too.
    private func writeImmediately<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        try await run { try await self.pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            guard let result else { throw StoreError(.database, "SQLite: the transaction returned nothing") }
            return result
        } }
    }
}
