import Audit
import PostgresNIO

/// Key revocation and the gate's spooled events on PostgreSQL.
extension PostgresStore {
    public func revokeAPIKey(id: String, reason: String, audit: AuditDraft) async throws(StoreError) -> APIKeyRecord {
        try await transaction { connection, logger in
            var found: (id: String, hash: String, role: String, created: Int64, revoked: Int64?)?
            for try await row in try await connection.run(KeyStatements.apiKey(id, .postgres), logger: logger)
                .decode((String, String, String, Int64, Int64?).self)
            {
                found = row
            }
            guard let found else { throw KeyStatements.noAPIKey(id) }
            guard found.revoked == nil else { throw KeyStatements.alreadyRevoked(apiKey: id) }
            let key = try KeyStatements.apiKey(id: found.id, secretHash: found.hash, role: found.role, createdAt: found.created)
            let time = self.now()
            try await connection.run(KeyStatements.revokeAPIKey(id, reason: reason, at: time), logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return key
        }
    }

    public func revokeSigningKey(id: String, reason: String, audit: AuditDraft) async throws(StoreError) -> Bool {
        try await transaction { connection, logger in
            // The lock rotation takes, so a revocation and a rotation never interleave.
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.auditLock))", logger: logger)
            var found: (retired: Int64?, revoked: Int64?)?
            for try await row in try await connection.run(KeyStatements.signingKey(id, .postgres), logger: logger).decode((Int64?, Int64?).self) {
                found = row
            }
            guard let found else { throw KeyStatements.noSigningKey(id) }
            guard found.revoked == nil else { throw KeyStatements.alreadyRevoked(signingKey: id) }
            let time = self.now()
            try await connection.run(KeyStatements.revokeSigningKey(id, reason: reason, at: time), logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger, at: time)
            return found.retired == nil
        }
    }

    public func recordGateEvents(_ events: [GateEventDraft]) async throws(StoreError) -> Int {
        try await transaction { connection, logger in
            // Under the audit lock, so the check and the insert cannot interleave with another writer's.
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.auditLock))", logger: logger)
            let time = self.now()
            var recorded = 0
            for event in events {
                guard try await connection.strings(KeyStatements.gateEvent(event.id), logger: logger).isEmpty else { continue }
                let record = try await self.append(event.audit, connection: connection, logger: logger, at: time)
                try await connection.run(KeyStatements.recordGateEvent(event.id, auditSequence: record.sequence, at: time), logger: logger)
                recorded += 1
            }
            return recorded
        }
    }
}
