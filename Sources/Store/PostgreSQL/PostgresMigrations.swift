import Logging
import PostgresNIO

/// The shared migration list on PostgreSQL, with GRDB's discipline: each migration applied once, in its
/// own transaction, recorded by name in `clearance_migrations` (the table this store has always used, so
/// a database any earlier version made is recognised and upgraded in place).
extension PostgresStore {
    /// The table that records applied migrations.
    static let migrationsTable = "clearance_migrations"

    /// Applies the migrations this database lacks, in order, each in its own transaction under an advisory
    /// lock (processes starting together apply each once); refuses a database a newer Clearance upgraded.
    public func migrate() async throws(StoreError) {
        try await transaction { connection, logger in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS clearance_migrations (identifier TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
                logger: logger)
        }
        for migration in Schema.migrations(.postgres) {
            try await transaction { connection, logger in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
                let applied = Set(try await connection.strings(SQLStatement("SELECT identifier FROM clearance_migrations"), logger: logger))
                if let refusal = Schema.superseded(applied: applied, table: Self.migrationsTable) { throw refusal }
                guard !applied.contains(migration.identifier) else { return }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                if let backfill = migration.backfill { try await Self.fill(backfill, connection: connection, logger: logger) }
                for statement in migration.afterBackfill {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.run(
                    SQLStatement("INSERT INTO clearance_migrations (identifier, applied_at) VALUES (?, ?)", migration.identifier, self.now()),
                    logger: logger)
            }
        }
    }
}
