/// The statement that deletes ended sessions, written once for both backends.
enum SessionSweepStatements {
    /// Deletes the sessions that ended before `time` (absolute end, idle timeout or sign-out); returns their hashes.
    static func deleteEnded(before time: Int64) -> SQLStatement {
        SQLStatement(
            "DELETE FROM sessions WHERE expires_at < ? OR last_seen_at + idle_timeout < ? OR revoked_at < ? RETURNING token_hash",
            time, time, time)
    }
}
