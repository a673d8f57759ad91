import Audit
import GRDB

/// List refresh states and the refresh lock on SQLite (the lock row is written under the file's own write lock).
extension SQLiteStore: ListRefreshStore {
    public func listRefreshStates() async throws(StoreError) -> [ListRefreshState] {
        try await read { db in
            try db.rows(SQLStatement(ListRefreshStatements.states)).map { row in
                ListRefreshState(
                    source: row[0], etag: row[1], lastModified: row[2], lastAttemptAt: row[3], lastSuccessAt: row[4], lastOutcome: row[5],
                    lastError: row[6])
            }
        }
    }

    public func recordListRefresh(_ state: ListRefreshState, audit: AuditDraft) async throws(StoreError) {
        try await write { db in
            try db.execute(ListRefreshStatements.upsert(state))
            _ = try Self.append(audit, db: db, at: self.now())
        }
    }

    public func acquireListRefreshLock(holder: String, at time: Int64, expiresAt: Int64) async throws(StoreError) -> Bool {
        try await write { db in try !db.rows(ListRefreshStatements.acquire(holder: holder, at: time, expiresAt: expiresAt)).isEmpty }
    }

    public func releaseListRefreshLock(holder: String) async throws(StoreError) {
        try await write { db in try db.execute(ListRefreshStatements.release(holder: holder)) }
    }
}
