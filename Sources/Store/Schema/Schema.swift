/// The schema, as one ordered list of named migrations both backends apply: each once, in its own
/// transaction, recorded by name (SQLite: GRDB's `DatabaseMigrator` and its `grdb_migrations` table;
/// PostgreSQL: `PostgresStore.migrate` and its `clearance_migrations` table).
///
/// The SQL is shared, with the few dialect differences side by side (`SQLDialect`). Never edit a
/// released migration: add the next one.
enum Schema {
    /// One named step of the schema.
    struct Migration: Sendable {
        let identifier: String
        let statements: [String]
        /// What the app fills in after `statements`, in the same transaction (a value SQL cannot compute alike on both backends).
        let backfill: Backfill?
        /// The statements after the backfill (an index over what it filled).
        let afterBackfill: [String]

        init(_ identifier: String, _ statements: [String], backfill: Backfill? = nil, then afterBackfill: [String] = []) {
            self.identifier = identifier
            self.statements = statements
            self.backfill = backfill
            self.afterBackfill = afterBackfill
        }
    }

    /// A value a migration fills in from the app.
    enum Backfill: Sendable {
        /// `parties.name_key` of every party that has none: `PartyNameKey.fold(name)`.
        case partyNameKeys
    }

    /// Why a database cannot be used: it records migrations this version does not know, so a newer
    /// Clearance upgraded it (nil: every applied migration is known). Opening it anyway could write rows
    /// the newer schema does not expect, so it is refused, naming them and the migrations table.
    static func superseded(applied: Set<String>, table: String) -> StoreError? {
        let known = Set(migrations(.sqlite).map(\.identifier))
        let unknown = applied.subtracting(known).sorted()
        guard !unknown.isEmpty else { return nil }
        return StoreError(
            .database,
            "the database was upgraded by a newer Clearance: \(table) records migration\(unknown.count == 1 ? "" : "s") "
                + "\(unknown.joined(separator: ", ")) this version does not know; run the newer version")
    }

    /// The migrations in the order they apply.
    static func migrations(_ dialect: SQLDialect) -> [Migration] {
        [
            Migration(
                "v1-keys-parties-alerts-audit",
                [
                    """
                    CREATE TABLE api_keys (
                        id TEXT PRIMARY KEY,
                        secret_hash TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL CHECK (role IN ('screener', 'analyst', 'admin')),
                        created_at BIGINT NOT NULL
                    )
                    """,
                    """
                    CREATE TABLE parties (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        type TEXT,
                        country TEXT,
                        dob TEXT,
                        digest TEXT NOT NULL,
                        updated_at BIGINT NOT NULL
                    )
                    """,
                    """
                    CREATE TABLE alerts (
                        id \(dialect.serialKey),
                        party_id TEXT NOT NULL REFERENCES parties (id),
                        entity_id TEXT NOT NULL,
                        source TEXT NOT NULL,
                        list_version TEXT NOT NULL,
                        score DOUBLE PRECISION NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('open', 'false_positive', 'true_match', 'delisted')),
                        match_json TEXT NOT NULL,
                        party_digest TEXT NOT NULL,
                        entity_digest TEXT NOT NULL,
                        opened_at BIGINT NOT NULL,
                        decided_at BIGINT,
                        decided_by TEXT,
                        reason TEXT
                    )
                    """,
                    "CREATE UNIQUE INDEX alerts_one_open_per_pair ON alerts (party_id, entity_id) WHERE status = 'open'",
                    "CREATE INDEX alerts_by_status ON alerts (status, id)",
                    """
                    CREATE TABLE suppressions (
                        party_id TEXT NOT NULL,
                        entity_id TEXT NOT NULL,
                        party_digest TEXT NOT NULL,
                        entity_digest TEXT NOT NULL,
                        alert_id BIGINT NOT NULL,
                        PRIMARY KEY (party_id, entity_id)
                    )
                    """,
                    """
                    CREATE TABLE audit_log (
                        sequence BIGINT PRIMARY KEY,
                        timestamp BIGINT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        input_digest TEXT NOT NULL,
                        result TEXT NOT NULL,
                        versions TEXT NOT NULL,
                        previous_hash TEXT NOT NULL,
                        hash TEXT NOT NULL
                    )
                    """,
                ]
            ),
            Migration(
                "v2-list-versions",
                [
                    """
                    CREATE TABLE list_versions (
                        id \(dialect.serialKey),
                        source TEXT NOT NULL,
                        name TEXT NOT NULL,
                        published TEXT,
                        sha256 TEXT NOT NULL,
                        partial TEXT,
                        entity_count BIGINT NOT NULL,
                        imported_at BIGINT NOT NULL,
                        active INTEGER NOT NULL CHECK (active IN (0, 1))
                    )
                    """,
                    "CREATE UNIQUE INDEX list_versions_one_active ON list_versions (source) WHERE active = 1",
                    """
                    CREATE TABLE list_entities (
                        version_id BIGINT NOT NULL REFERENCES list_versions (id),
                        entity_id TEXT NOT NULL,
                        digest TEXT NOT NULL,
                        entity_json TEXT NOT NULL,
                        PRIMARY KEY (version_id, entity_id)
                    )
                    """,
                ]
            ),
            Migration(
                "v3-rescreen-jobs",
                [
                    """
                    CREATE TABLE rescreen_jobs (
                        id \(dialect.serialKey),
                        source TEXT NOT NULL,
                        version_id BIGINT NOT NULL REFERENCES list_versions (id),
                        previous_version_id BIGINT REFERENCES list_versions (id),
                        created_at BIGINT NOT NULL
                    )
                    """,
                    """
                    CREATE TABLE rescreen_chunks (
                        id \(dialect.serialKey),
                        job_id BIGINT NOT NULL REFERENCES rescreen_jobs (id),
                        first_party TEXT NOT NULL,
                        last_party TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done')),
                        worker TEXT,
                        claimed_at BIGINT,
                        done_at BIGINT,
                        parties BIGINT,
                        alerts BIGINT
                    )
                    """,
                    "CREATE INDEX rescreen_chunks_by_status ON rescreen_chunks (status, id)",
                ]
            ),
            Migration(
                "v4-licenses",
                [
                    """
                    CREATE TABLE licenses (
                        id TEXT PRIMARY KEY,
                        kind TEXT NOT NULL,
                        record_json TEXT NOT NULL,
                        value_limit DOUBLE PRECISION,
                        value_used DOUBLE PRECISION NOT NULL DEFAULT 0,
                        quantity_limit BIGINT,
                        quantity_used BIGINT NOT NULL DEFAULT 0,
                        valid_from TEXT NOT NULL,
                        valid_to TEXT NOT NULL,
                        revoked_at BIGINT,
                        created_at BIGINT NOT NULL
                    )
                    """,
                    """
                    CREATE TABLE license_uses (
                        id \(dialect.serialKey),
                        license_id TEXT NOT NULL REFERENCES licenses (id),
                        value DOUBLE PRECISION NOT NULL,
                        quantity BIGINT NOT NULL,
                        reference TEXT NOT NULL,
                        used_at BIGINT NOT NULL
                    )
                    """,
                ]
            ),
            Migration(
                "v5-enforcement",
                [
                    """
                    CREATE TABLE signing_keys (
                        id TEXT PRIMARY KEY,
                        private_key TEXT NOT NULL,
                        created_at BIGINT NOT NULL,
                        retired_at BIGINT
                    )
                    """,
                    """
                    CREATE TABLE artifacts (
                        id TEXT PRIMARY KEY,
                        eccn TEXT NOT NULL,
                        description TEXT,
                        registered_at BIGINT NOT NULL
                    )
                    """,
                    """
                    CREATE TABLE authorizations (
                        id TEXT PRIMARY KEY,
                        verdict TEXT NOT NULL CHECK (verdict IN ('PERMIT', 'DENY', 'REVIEW')),
                        subject TEXT NOT NULL,
                        party_id TEXT,
                        artifact TEXT,
                        item TEXT NOT NULL,
                        destination TEXT NOT NULL,
                        license_id TEXT,
                        expires_at BIGINT,
                        decision_json TEXT NOT NULL,
                        audit_sequence BIGINT NOT NULL,
                        created_at BIGINT NOT NULL,
                        revoked_at BIGINT,
                        revoked_reason TEXT
                    )
                    """,
                    "CREATE INDEX authorizations_by_party ON authorizations (party_id, revoked_at)",
                    "CREATE INDEX authorizations_by_license ON authorizations (license_id, revoked_at)",
                    """
                    CREATE TABLE revocations (
                        sequence \(dialect.serialKey),
                        authorization_id TEXT NOT NULL REFERENCES authorizations (id),
                        reason TEXT NOT NULL,
                        revoked_at BIGINT NOT NULL
                    )
                    """,
                ]
            ),
            Migration(
                // The reviewer role needs the key table's CHECK widened: rebuilt, as SQLite cannot alter a CHECK.
                "v6-tariff-exclusions",
                [
                    """
                    CREATE TABLE api_keys_v6 (
                        id TEXT PRIMARY KEY,
                        secret_hash TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL CHECK (role IN ('screener', 'analyst', 'reviewer', 'admin')),
                        created_at BIGINT NOT NULL
                    )
                    """,
                    "INSERT INTO api_keys_v6 (id, secret_hash, role, created_at) SELECT id, secret_hash, role, created_at FROM api_keys",
                    "DROP TABLE api_keys",
                    "ALTER TABLE api_keys_v6 RENAME TO api_keys",
                    """
                    CREATE TABLE exclusion_requests (
                        id TEXT PRIMARY KEY,
                        hts10 TEXT NOT NULL,
                        received_at BIGINT NOT NULL,
                        request_json TEXT NOT NULL
                    )
                    """,
                    "CREATE INDEX exclusion_requests_by_hts10 ON exclusion_requests (hts10, received_at)",
                    """
                    CREATE TABLE exclusion_comments (
                        id TEXT PRIMARY KEY,
                        request_id TEXT NOT NULL REFERENCES exclusion_requests (id),
                        replies_to TEXT REFERENCES exclusion_comments (id),
                        submitted_at BIGINT NOT NULL,
                        comment_json TEXT NOT NULL
                    )
                    """,
                    "CREATE INDEX exclusion_comments_by_request ON exclusion_comments (request_id, submitted_at)",
                    """
                    CREATE TABLE exclusion_decisions (
                        request_id TEXT PRIMARY KEY REFERENCES exclusion_requests (id),
                        outcome TEXT NOT NULL CHECK (outcome IN ('granted', 'denied', 'granted_in_part')),
                        effective_to TEXT,
                        decided_at BIGINT NOT NULL,
                        decision_json TEXT NOT NULL
                    )
                    """,
                    """
                    CREATE TABLE exclusion_consistency (
                        request_id TEXT NOT NULL REFERENCES exclusion_decisions (request_id),
                        earlier_request_id TEXT NOT NULL REFERENCES exclusion_decisions (request_id),
                        similarity DOUBLE PRECISION NOT NULL,
                        PRIMARY KEY (request_id, earlier_request_id)
                    )
                    """,
                    """
                    CREATE TABLE exclusion_extensions (
                        id \(dialect.serialKey),
                        request_id TEXT NOT NULL REFERENCES exclusion_decisions (request_id),
                        effective_to TEXT NOT NULL,
                        extended_at BIGINT NOT NULL,
                        extension_json TEXT NOT NULL
                    )
                    """,
                ]
            ),
            Migration(
                // Revoked API keys stop authenticating and revoked signing keys leave the published set; gate
                // events are recorded once each, by the id they were spooled under.
                "v7-key-revocation",
                [
                    "ALTER TABLE api_keys ADD COLUMN revoked_at BIGINT",
                    "ALTER TABLE api_keys ADD COLUMN revoked_reason TEXT",
                    "ALTER TABLE signing_keys ADD COLUMN revoked_at BIGINT",
                    "ALTER TABLE signing_keys ADD COLUMN revoked_reason TEXT",
                    """
                    CREATE TABLE gate_events (
                        id TEXT PRIMARY KEY,
                        audit_sequence BIGINT NOT NULL,
                        recorded_at BIGINT NOT NULL
                    )
                    """,
                ]
            ),
            Migration(
                // The audit chain's head row and signed checkpoints; signing keys sealed under a KEK (public key kept
                // in clear for publishing); at most one active key of each kind (extra "first" keys are retired now).
                "v7-audit-anchor-and-sealed-keys",
                [
                    """
                    CREATE TABLE audit_head (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        sequence BIGINT NOT NULL,
                        hash TEXT NOT NULL
                    )
                    """,
                    "INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, '\(String(repeating: "0", count: 64))')",
                    """
                    UPDATE audit_head SET
                        sequence = (SELECT MAX(sequence) FROM audit_log),
                        hash = (SELECT hash FROM audit_log WHERE sequence = (SELECT MAX(sequence) FROM audit_log))
                    WHERE EXISTS (SELECT 1 FROM audit_log)
                    """,
                    """
                    CREATE TABLE audit_keys (
                        id TEXT PRIMARY KEY,
                        public_key TEXT NOT NULL,
                        sealed_key TEXT NOT NULL,
                        created_at BIGINT NOT NULL,
                        retired_at BIGINT
                    )
                    """,
                    "CREATE UNIQUE INDEX audit_keys_one_active ON audit_keys ((retired_at IS NULL)) WHERE retired_at IS NULL",
                    """
                    CREATE TABLE audit_checkpoints (
                        id \(dialect.serialKey),
                        sequence BIGINT NOT NULL,
                        head_hash TEXT NOT NULL,
                        signed_at BIGINT NOT NULL,
                        key_id TEXT NOT NULL,
                        signature TEXT NOT NULL
                    )
                    """,
                    "CREATE INDEX audit_checkpoints_by_sequence ON audit_checkpoints (sequence, id)",
                    "ALTER TABLE signing_keys ADD COLUMN public_key TEXT",
                    """
                    UPDATE signing_keys
                    SET retired_at = \(dialect == .sqlite ? "CAST(strftime('%s', 'now') AS INTEGER) * 1000" : "CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)")
                    WHERE retired_at IS NULL AND id <> (
                        SELECT id FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1)
                    """,
                    "CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((retired_at IS NULL)) WHERE retired_at IS NULL",
                ]
            ),
            workbenchAccounts(dialect),
            workbenchPageIndexes(dialect),
            backgroundJobs(dialect),
            workbenchLicencePageIndexes(dialect),
            workbenchPageIndexesV11(dialect),
            monitorRegistry(dialect),
            monitorVerdicts(dialect),
            listRefresh(dialect),
        ]
    }
}
