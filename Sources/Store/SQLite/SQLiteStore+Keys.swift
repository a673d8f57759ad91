import Audit
import GRDB

/// Key revocation and the gate's spooled events on SQLite.
extension SQLiteStore {
    public func revokeAPIKey(id: String, reason: String, audit: AuditDraft) async throws(StoreError) -> APIKeyRecord {
        let result: Result<APIKeyRecord, StoreError> = try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, secret_hash, role, created_at, revoked_at FROM api_keys WHERE id = ?", arguments: [id])
            else { return .failure(StoreError(.notFound, "no API key \(id)")) }
            guard (row["revoked_at"] as Int64?) == nil else { return .failure(StoreError(.conflict, "API key \(id) is already revoked")) }
            guard let role = Role(rawValue: row["role"]) else {
                return .failure(StoreError(.database, "API key \(id): stored role \"\(row["role"] as String? ?? "")\" is not a role"))
            }
            let time = self.now()
            try db.execute(sql: "UPDATE api_keys SET revoked_at = ?, revoked_reason = ? WHERE id = ?", arguments: [time, reason, id])
            _ = try Self.append(audit, db: db, at: time)
            return .success(APIKeyRecord(id: row["id"], secretHash: row["secret_hash"], role: role, createdAt: row["created_at"]))
        }
        return try result.get()
    }

    public func revokeSigningKey(id: String, reason: String, audit: AuditDraft) async throws(StoreError) -> Bool {
        let result: Result<Bool, StoreError> = try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT retired_at, revoked_at FROM signing_keys WHERE id = ?", arguments: [id]) else {
                return .failure(StoreError(.notFound, "no signing key \(id)"))
            }
            guard (row["revoked_at"] as Int64?) == nil else { return .failure(StoreError(.conflict, "signing key \(id) is already revoked")) }
            let time = self.now()
            try db.execute(
                sql: "UPDATE signing_keys SET retired_at = COALESCE(retired_at, ?), revoked_at = ?, revoked_reason = ? WHERE id = ?",
                arguments: [time, time, reason, id])
            _ = try Self.append(audit, db: db, at: time)
            return .success((row["retired_at"] as Int64?) == nil)
        }
        return try result.get()
    }

    public func recordGateEvents(_ events: [GateEventDraft]) async throws(StoreError) -> Int {
        try await write { db in
            let time = self.now()
            var recorded = 0
            for event in events where try Row.fetchOne(db, sql: "SELECT 1 FROM gate_events WHERE id = ?", arguments: [event.id]) == nil {
                let record = try Self.append(event.audit, db: db, at: time)
                try db.execute(
                    sql: "INSERT INTO gate_events (id, audit_sequence, recorded_at) VALUES (?, ?, ?)", arguments: [event.id, record.sequence, time])
                recorded += 1
            }
            return recorded
        }
    }
}
