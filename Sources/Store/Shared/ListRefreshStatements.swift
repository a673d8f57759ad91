/// The statements of list refresh states and the refresh lock, each written once for both backends.
enum ListRefreshStatements {
    static let states =
        "SELECT source, etag, last_modified, last_attempt_at, last_success_at, last_outcome, last_error FROM list_refresh_state ORDER BY source"

    static func upsert(_ state: ListRefreshState) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO list_refresh_state (source, etag, last_modified, last_attempt_at, last_success_at, last_outcome, last_error)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                last_attempt_at = excluded.last_attempt_at, last_success_at = excluded.last_success_at,
                last_outcome = excluded.last_outcome, last_error = excluded.last_error
            """,
            arguments: [
                state.source, state.etag, state.lastModified, state.lastAttemptAt, state.lastSuccessAt, state.lastOutcome, state.lastError,
            ])
    }

    /// Takes the lock when it is free, expired or the holder's own; returns the holder only when taken.
    static func acquire(holder: String, at time: Int64, expiresAt: Int64) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO list_refresh_lock (name, holder, expires_at) VALUES ('refresh', ?, ?)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE list_refresh_lock.expires_at < ? OR list_refresh_lock.holder = excluded.holder
            RETURNING holder
            """, holder, expiresAt, time)
    }

    static func release(holder: String) -> SQLStatement {
        SQLStatement("DELETE FROM list_refresh_lock WHERE name = 'refresh' AND holder = ?", holder)
    }
}
