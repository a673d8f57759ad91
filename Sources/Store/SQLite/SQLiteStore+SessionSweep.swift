import GRDB

/// Deleting ended sessions on SQLite.
extension SQLiteStore {
    public func deleteSessions(endedBefore time: Int64) async throws(StoreError) -> Int {
        try await write { db in try db.strings(SessionSweepStatements.deleteEnded(before: time)).count }
    }
}
