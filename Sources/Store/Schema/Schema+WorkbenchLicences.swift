extension Schema {
    /// The indexes behind the Workbench's licence pages: a licence's draws newest first, authorisations newest first
    /// (all, or those drawing on one licence), each a keyset on the id.
    static func workbenchLicencePageIndexes(_ dialect: SQLDialect) -> Migration {
        Migration(
            "v10-workbench-licence-page-indexes",
            [
                "CREATE INDEX license_uses_by_license ON license_uses (license_id, id)",
                "CREATE INDEX authorizations_by_created ON authorizations (created_at, id)",
                "CREATE INDEX authorizations_by_license_created ON authorizations (license_id, created_at, id)",
            ])
    }
}
