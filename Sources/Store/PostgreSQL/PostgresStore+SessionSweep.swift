import PostgresNIO

/// Deleting ended sessions on PostgreSQL.
extension PostgresStore {
    public func deleteSessions(endedBefore time: Int64) async throws(StoreError) -> Int {
        try await run { connection, logger in try await connection.strings(SessionSweepStatements.deleteEnded(before: time), logger: logger).count }
    }
}
