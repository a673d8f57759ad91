extension Schema {
    /// Background jobs (a batch screening, a party import run by the serve process): who started them, their
    /// state and progress, the heartbeat that tells a running job from one whose process stopped, and the
    /// artefacts a finished job offers for download; and the indexes of the parties and lists pages (parties by
    /// lower-cased name in byte order, a party's alerts, the alerts of one list version, a source's versions).
    static func backgroundJobs(_ dialect: SQLDialect) -> Migration {
        Migration(
            "v10-workbench-jobs-parties-lists",
            [
                """
                CREATE TABLE background_jobs (
                    id TEXT PRIMARY KEY,
                    owner TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'interrupted')),
                    done_rows BIGINT NOT NULL DEFAULT 0,
                    total_rows BIGINT,
                    message TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    finished_at BIGINT
                )
                """,
                "CREATE INDEX background_jobs_by_owner ON background_jobs (owner, created_at, id)",
                "CREATE INDEX background_jobs_unfinished ON background_jobs (updated_at) WHERE state IN ('queued', 'running')",
                """
                CREATE TABLE background_job_artefacts (
                    job_id TEXT NOT NULL REFERENCES background_jobs (id),
                    name TEXT NOT NULL,
                    media_type TEXT NOT NULL,
                    content TEXT NOT NULL,
                    PRIMARY KEY (job_id, name)
                )
                """,
                "CREATE INDEX parties_by_name ON parties (\(DirectoryStatements.nameKey(dialect)), id)",
                "CREATE INDEX alerts_by_party ON alerts (party_id, id)",
                "CREATE INDEX alerts_by_source_version ON alerts (source, list_version, id)",
                "CREATE INDEX list_versions_by_source ON list_versions (source, id)",
            ])
    }
}
