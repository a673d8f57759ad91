extension Schema {
    /// The Workbench's users, their sessions (only a hash of each token) and failed sign-ins by user and client.
    static func workbenchAccounts(_ dialect: SQLDialect) -> Migration {
        Migration(
            "v8-workbench-accounts",
            [
                """
                CREATE TABLE users (
                    name TEXT PRIMARY KEY,
                    role TEXT NOT NULL CHECK (role IN ('screener', 'analyst', 'reviewer', 'admin')),
                    password_hash TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
                )
                """,
                """
                CREATE TABLE sessions (
                    token_hash TEXT PRIMARY KEY,
                    user_name TEXT NOT NULL REFERENCES users (name),
                    created_at BIGINT NOT NULL,
                    last_seen_at BIGINT NOT NULL,
                    idle_timeout BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    revoked_at BIGINT
                )
                """,
                "CREATE INDEX sessions_by_user ON sessions (user_name, created_at)",
                """
                CREATE TABLE sign_in_failures (
                    user_name TEXT NOT NULL,
                    client TEXT NOT NULL,
                    failures BIGINT NOT NULL,
                    last_failure_at BIGINT NOT NULL,
                    PRIMARY KEY (user_name, client)
                )
                """,
            ])
    }

    /// The indexes behind the Workbench's pages: the alert queue filtered by list, age or sorted by score (keyset
    /// on the id), open alerts counted by list and age (a covering partial index), the audit records by action or
    /// actor, recent denials.
    static func workbenchPageIndexes(_ dialect: SQLDialect) -> Migration {
        Migration(
            "v9-workbench-page-indexes",
            [
                "CREATE INDEX alerts_by_status_source ON alerts (status, source, id)",
                "CREATE INDEX alerts_by_status_score ON alerts (status, score, id)",
                "CREATE INDEX alerts_by_status_opened ON alerts (status, opened_at, id)",
                "CREATE INDEX alerts_open_by_source_age ON alerts (source, opened_at) WHERE status = 'open'",
                // On a bounded prefix: an actor or action may be long (a record keeps whatever it was given), and
                // PostgreSQL refuses an index entry past a third of a page, which would refuse the audit append itself.
                "CREATE INDEX audit_log_by_action ON audit_log (substr(action, 1, \(PageStatements.indexedPrefix)), sequence)",
                "CREATE INDEX audit_log_by_actor ON audit_log (substr(actor, 1, \(PageStatements.indexedPrefix)), sequence)",
                "CREATE INDEX authorizations_by_verdict ON authorizations (verdict, created_at)",
                "CREATE INDEX exclusion_requests_by_received ON exclusion_requests (received_at, id)",
            ])
    }
}
