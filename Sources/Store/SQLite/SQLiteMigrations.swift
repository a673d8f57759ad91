import GRDB

extension Schema {
    /// GRDB's migrator over the shared list: each migration once, in its own transaction, recorded in `grdb_migrations`.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations(.sqlite) {
            migrator.registerMigration(migration.identifier) { db in
                for statement in migration.statements { try db.execute(sql: statement) }
                if let backfill = migration.backfill { try SQLiteStore.fill(backfill, db: db) }
                for statement in migration.afterBackfill { try db.execute(sql: statement) }
            }
        }
        return migrator
    }
}

extension SQLiteStore {
    /// Applies the migrations this database lacks; refuses a database a newer Clearance upgraded.
    public func migrate() async throws(StoreError) {
        try await run {
            let migrator = Schema.migrator
            try await pool.read { db in
                if let refusal = Schema.superseded(applied: try migrator.appliedIdentifiers(db), table: "grdb_migrations") { throw refusal }
            }
            try migrator.migrate(pool)
        }
    }
}
