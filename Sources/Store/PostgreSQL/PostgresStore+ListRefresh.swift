import Audit
import Logging
import PostgresNIO

/// List refresh states and the refresh lock on PostgreSQL (the lock row is shared by every process on the database).
extension PostgresStore: ListRefreshStore {
    public func listRefreshStates() async throws(StoreError) -> [ListRefreshState] {
        try await run { connection, logger in
            var states: [ListRefreshState] = []
            let rows = try await connection.run(SQLStatement(ListRefreshStatements.states), logger: logger)
            for try await (source, etag, modified, attempt, success, outcome, error) in rows.decode(
                (String, String?, String?, Int64?, Int64?, String?, String?).self)
            {
                states.append(
                    ListRefreshState(
                        source: source, etag: etag, lastModified: modified, lastAttemptAt: attempt, lastSuccessAt: success, lastOutcome: outcome,
                        lastError: error))
            }
            return states
        }
    }

    public func recordListRefresh(_ state: ListRefreshState, audit: AuditDraft) async throws(StoreError) {
        try await transaction { connection, logger in
            _ = try await connection.run(ListRefreshStatements.upsert(state), logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger)
        }
    }

    public func acquireListRefreshLock(holder: String, at time: Int64, expiresAt: Int64) async throws(StoreError) -> Bool {
        try await transaction { connection, logger in
            try await !connection.strings(ListRefreshStatements.acquire(holder: holder, at: time, expiresAt: expiresAt), logger: logger).isEmpty
        }
    }

    public func releaseListRefreshLock(holder: String) async throws(StoreError) {
        try await transaction { connection, logger in
            _ = try await connection.run(ListRefreshStatements.release(holder: holder), logger: logger)
        }
    }
}
