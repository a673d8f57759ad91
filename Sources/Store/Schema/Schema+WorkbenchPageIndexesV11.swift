extension Schema {
    /// What the Workbench's pages need at 100,000 parties and alerts:
    /// - the parties' name key, folded by the app (`PartyNameKey`: Unicode lower case, so a non-ASCII prefix is found
    ///   on SQLite too), filled in for the parties already stored and indexed in byte order (replacing the lower(name)
    ///   index);
    /// - the alert queue in each order with each filter as one index range: oldest first is by opening time then id
    ///   (with or without a status, with or without a list), highest score first with a list or without a status;
    ///   the home page's capped counts per list and age read the (status, source, opened_at) index (replacing the
    ///   partial index of open alerts by source and age, and the (status, source, id) one).
    static func workbenchPageIndexesV11(_ dialect: SQLDialect) -> Migration {
        Migration(
            "v11-workbench-page-indexes",
            [
                "ALTER TABLE parties ADD COLUMN name_key TEXT\(dialect == .postgres ? " COLLATE \"C\"" : "")"
            ],
            backfill: .partyNameKeys,
            then: [
                "CREATE INDEX parties_by_name_key ON parties (name_key, id)",
                "DROP INDEX parties_by_name",
                "CREATE INDEX alerts_by_status_source_opened ON alerts (status, source, opened_at, id)",
                "DROP INDEX alerts_by_status_source",
                "DROP INDEX alerts_open_by_source_age",
                "CREATE INDEX alerts_by_opened ON alerts (opened_at, id)",
                "CREATE INDEX alerts_by_source_opened ON alerts (source, opened_at, id)",
                "CREATE INDEX alerts_by_score ON alerts (score, id)",
                "CREATE INDEX alerts_by_status_source_score ON alerts (status, source, score, id)",
            ])
    }
}
