extension Schema {
    /// The monitoring registry: devices (their attestation key, classification, licence, end user and licensed
    /// location), landmarks (place, key, trust), the accepted measurement records, and the nonces they used
    /// (unique, so a replayed challenge can never be stored twice); and the `landmark` role for API keys.
    static func monitorRegistry(_ dialect: SQLDialect) -> Migration {
        Migration(
            "v12-monitor-registry",
            [
                """
                CREATE TABLE monitor_devices (
                    id TEXT PRIMARY KEY,
                    public_key TEXT NOT NULL,
                    eccn TEXT NOT NULL,
                    serial TEXT NOT NULL,
                    authorization_id TEXT NOT NULL,
                    end_user_party_id TEXT NOT NULL REFERENCES parties (id),
                    country TEXT NOT NULL,
                    site_latitude DOUBLE PRECISION CHECK (site_latitude BETWEEN -90 AND 90),
                    site_longitude DOUBLE PRECISION CHECK (site_longitude BETWEEN -180 AND 180),
                    site_radius_km DOUBLE PRECISION CHECK (site_radius_km > 0),
                    check_in_interval_seconds BIGINT NOT NULL CHECK (check_in_interval_seconds > 0),
                    registered_at BIGINT NOT NULL,
                    CHECK ((site_latitude IS NULL) = (site_longitude IS NULL) AND (site_latitude IS NULL) = (site_radius_km IS NULL))
                )
                """,
                """
                CREATE TABLE monitor_landmarks (
                    id TEXT PRIMARY KEY,
                    latitude DOUBLE PRECISION NOT NULL CHECK (latitude BETWEEN -90 AND 90),
                    longitude DOUBLE PRECISION NOT NULL CHECK (longitude BETWEEN -180 AND 180),
                    country TEXT NOT NULL,
                    public_key TEXT NOT NULL,
                    trusted INTEGER NOT NULL CHECK (trusted IN (0, 1)),
                    registered_at BIGINT NOT NULL,
                    trust_changed_at BIGINT
                )
                """,
                """
                CREATE TABLE monitor_nonces (
                    nonce TEXT PRIMARY KEY,
                    used_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE monitor_measurements (
                    id \(dialect.serialKey),
                    device_id TEXT NOT NULL REFERENCES monitor_devices (id),
                    landmark_id TEXT NOT NULL REFERENCES monitor_landmarks (id),
                    nonce TEXT NOT NULL UNIQUE REFERENCES monitor_nonces (nonce),
                    issued_at BIGINT NOT NULL,
                    received_at BIGINT NOT NULL,
                    probes_ms TEXT NOT NULL,
                    min_rtt_ms DOUBLE PRECISION NOT NULL CHECK (min_rtt_ms > 0),
                    device_signature TEXT NOT NULL,
                    landmark_signature TEXT NOT NULL
                )
                """,
                "CREATE INDEX monitor_measurements_by_device ON monitor_measurements (device_id, id)",
                // The landmark role needs the key table's CHECK widened: rebuilt, as SQLite cannot alter a CHECK.
                """
                CREATE TABLE api_keys_v11 (
                    id TEXT PRIMARY KEY,
                    secret_hash TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL CHECK (role IN ('landmark', 'screener', 'analyst', 'reviewer', 'admin')),
                    created_at BIGINT NOT NULL,
                    revoked_at BIGINT,
                    revoked_reason TEXT
                )
                """,
                """
                INSERT INTO api_keys_v11 (id, secret_hash, role, created_at, revoked_at, revoked_reason)
                SELECT id, secret_hash, role, created_at, revoked_at, revoked_reason FROM api_keys
                """,
                "DROP TABLE api_keys",
                "ALTER TABLE api_keys_v11 RENAME TO api_keys",
            ])
    }
}
