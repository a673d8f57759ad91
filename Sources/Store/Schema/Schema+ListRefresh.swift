extension Schema {
    /// List refresh: each source's last download validators (ETag, Last-Modified), last attempt, success, outcome
    /// and error, and the one-row lock that keeps refreshes one at a time across processes.
    static func listRefresh(_ dialect: SQLDialect) -> Migration {
        Migration(
            "v14-list-refresh",
            [
                """
                CREATE TABLE list_refresh_state (
                    source TEXT PRIMARY KEY,
                    etag TEXT,
                    last_modified TEXT,
                    last_attempt_at BIGINT,
                    last_success_at BIGINT,
                    last_outcome TEXT CHECK (last_outcome IN ('imported', 'unchanged', 'refused')),
                    last_error TEXT
                )
                """,
                """
                CREATE TABLE list_refresh_lock (
                    name TEXT PRIMARY KEY CHECK (name = 'refresh'),
                    holder TEXT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
            ])
    }
}
