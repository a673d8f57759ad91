extension Schema {
    /// Per-round verdicts of monitored devices: every verdict kept (`monitor_verdicts`, the whole verdict as JSON
    /// beside the columns it is looked up by), each device's latest (`monitor_device_status`, with the countries its
    /// region can touch in `monitor_status_countries` for the fleet's counts), and the indexes the fleet pages need.
    static func monitorVerdicts(_ dialect: SQLDialect) -> Migration {
        Migration(
            "v13-monitor-verdicts",
            [
                """
                CREATE TABLE monitor_verdicts (
                    id \(dialect.serialKey),
                    device_id TEXT NOT NULL REFERENCES monitor_devices (id),
                    verdict TEXT NOT NULL CHECK (verdict IN ('verified', 'violation', 'inconclusive', 'inconsistent')),
                    likely TEXT NOT NULL
                        CHECK (likely IN ('verified', 'violation', 'inconclusive', 'inconsistent', 'likely_verified', 'likely_violation')),
                    through_measurement BIGINT NOT NULL,
                    decided_at BIGINT NOT NULL,
                    verdict_json TEXT NOT NULL
                )
                """,
                "CREATE INDEX monitor_verdicts_by_device ON monitor_verdicts (device_id, id)",
                "CREATE INDEX monitor_verdicts_by_verdict ON monitor_verdicts (verdict, device_id, id)",
                """
                CREATE TABLE monitor_device_status (
                    device_id TEXT PRIMARY KEY REFERENCES monitor_devices (id),
                    verdict_id BIGINT NOT NULL REFERENCES monitor_verdicts (id),
                    likely TEXT NOT NULL,
                    through_measurement BIGINT NOT NULL,
                    last_check_in BIGINT NOT NULL
                )
                """,
                "CREATE INDEX monitor_device_status_by_likely ON monitor_device_status (likely, device_id)",
                """
                CREATE TABLE monitor_status_countries (
                    device_id TEXT NOT NULL REFERENCES monitor_devices (id),
                    country TEXT NOT NULL,
                    PRIMARY KEY (device_id, country)
                )
                """,
                "CREATE INDEX monitor_status_countries_by_country ON monitor_status_countries (country, device_id)",
            ])
    }
}
