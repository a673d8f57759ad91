import Audit
import GRDB

/// Key revocation and the gate's spooled events on SQLite.
extension SQLiteStore {
    public func revokeAPIKey(id: String, reason: String, audit: AuditDraft) async throws(StoreError) -> APIKeyRecord {
        try await write { db in
            guard let row = try db.rows(KeyStatements.apiKey(id, .sqlite)).first else { throw KeyStatements.noAPIKey(id) }
            guard (row["revoked_at"] as Int64?) == nil else { throw KeyStatements.alreadyRevoked(apiKey: id) }
            let key = try KeyStatements.apiKey(id: row["id"], secretHash: row["secret_hash"], role: row["role"], createdAt: row["created_at"])
            let time = self.now()
            try db.execute(KeyStatements.revokeAPIKey(id, reason: reason, at: time))
            _ = try Self.append(audit, db: db, at: time)
            return key
        }
    }

    public func revokeSigningKey(id: String, reason: String, audit: AuditDraft) async throws(StoreError) -> Bool {
        try await write { db in
            guard let row = try db.rows(KeyStatements.signingKey(id, .sqlite)).first else { throw KeyStatements.noSigningKey(id) }
            guard (row["revoked_at"] as Int64?) == nil else { throw KeyStatements.alreadyRevoked(signingKey: id) }
            let time = self.now()
            try db.execute(KeyStatements.revokeSigningKey(id, reason: reason, at: time))
            _ = try Self.append(audit, db: db, at: time)
            return (row["retired_at"] as Int64?) == nil
        }
    }

    public func recordGateEvents(_ events: [GateEventDraft]) async throws(StoreError) -> Int {
        try await write { db in
            let time = self.now()
            var recorded = 0
            for event in events where try db.strings(KeyStatements.gateEvent(event.id)).isEmpty {
                let record = try Self.append(event.audit, db: db, at: time)
                try db.execute(KeyStatements.recordGateEvent(event.id, auditSequence: record.sequence, at: time))
                recorded += 1
            }
            return recorded
        }
    }
}
