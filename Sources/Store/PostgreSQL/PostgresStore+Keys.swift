import Audit
import PostgresNIO

/// Key revocation and the gate's spooled events on PostgreSQL.
extension PostgresStore {
    public func revokeAPIKey(id: String, reason: String, audit: AuditDraft) async throws(StoreError) -> APIKeyRecord {
        let result: Result<APIKeyRecord, StoreError> = try await transaction { connection, logger in
            var found: (String, String, String, Int64, Int64?)?
            for try await row in try await connection.query(
                "SELECT id, secret_hash, role, created_at, revoked_at FROM api_keys WHERE id = \(id) FOR UPDATE", logger: logger
            ).decode((String, String, String, Int64, Int64?).self) {
                found = row
            }
            guard let found else { return .failure(StoreError(.notFound, "no API key \(id)")) }
            let (keyID, hash, roleName, created, revoked) = found
            guard revoked == nil else { return .failure(StoreError(.conflict, "API key \(id) is already revoked")) }
            guard let role = Role(rawValue: roleName) else {
                return .failure(StoreError(.database, "API key \(id): stored role \"\(roleName)\" is not a role"))
            }
            let time = self.now()
            try await connection.query(
                "UPDATE api_keys SET revoked_at = \(time), revoked_reason = \(reason) WHERE id = \(id)", logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return .success(APIKeyRecord(id: keyID, secretHash: hash, role: role, createdAt: created))
        }
        return try result.get()
    }

    public func revokeSigningKey(id: String, reason: String, audit: AuditDraft) async throws(StoreError) -> Bool {
        let result: Result<Bool, StoreError> = try await transaction { connection, logger in
            // The lock rotation takes, so a revocation and a rotation never interleave.
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.auditLock))", logger: logger)
            var found: (retired: Int64?, revoked: Int64?)?
            for try await row in try await connection.query(
                "SELECT retired_at, revoked_at FROM signing_keys WHERE id = \(id)", logger: logger
            ).decode((Int64?, Int64?).self) {
                found = row
            }
            guard let found else { return .failure(StoreError(.notFound, "no signing key \(id)")) }
            guard found.revoked == nil else { return .failure(StoreError(.conflict, "signing key \(id) is already revoked")) }
            let time = self.now()
            try await connection.query(
                """
                UPDATE signing_keys SET retired_at = COALESCE(retired_at, \(time)), revoked_at = \(time), revoked_reason = \(reason)
                WHERE id = \(id)
                """, logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return .success(found.retired == nil)
        }
        return try result.get()
    }

    public func recordGateEvents(_ events: [GateEventDraft]) async throws(StoreError) -> Int {
        try await transaction { connection, logger in
            // Under the audit lock, so the check and the insert cannot interleave with another writer's.
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.auditLock))", logger: logger)
            let time = self.now()
            var recorded = 0
            for event in events {
                var known = false
                for try await _ in try await connection.query("SELECT 1 FROM gate_events WHERE id = \(event.id)", logger: logger) {
                    known = true
                }
                if known { continue }
                let record = try await self.append(event.audit, connection: connection, logger: logger, at: time)
                try await connection.query(
                    "INSERT INTO gate_events (id, audit_sequence, recorded_at) VALUES (\(event.id), \(record.sequence), \(time))",
                    logger: logger)
                recorded += 1
            }
            return recorded
        }
    }
}
