/// The statements and texts of list-version switches, each written once for both backends.
enum ListStatements {
    static let versionColumns = """
        SELECT id, source, name, published, sha256, partial, entity_count, imported_at, active FROM list_versions
        """

    /// The id of the source's active version, locking its row (an import that runs meanwhile waits, then
    /// finds another version active and is refused).
    static func activeVersion(of source: String, _ dialect: SQLDialect) -> SQLStatement {
        SQLStatement("SELECT id FROM list_versions WHERE source = ? AND active = 1\(dialect.rowLock)", source)
    }

    static func deactivate(_ id: Int64) -> SQLStatement {
        SQLStatement("UPDATE list_versions SET active = 0 WHERE id = ?", id)
    }

    /// Stores a version as the active one; returns its id.
    static func insert(_ version: NewListVersion, at time: Int64) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO list_versions (source, name, published, sha256, partial, entity_count, imported_at, active)
            VALUES (?, ?, ?, ?, ?, ?, ?, 1)
            RETURNING id
            """, version.source, version.name, version.published, version.sha256, version.partial, version.entities.count, time)
    }

    /// Queues a re-screening job for a version; returns its id.
    static func queueJob(source: String, versionID: Int64, previous: Int64?, at time: Int64) -> SQLStatement {
        SQLStatement(
            "INSERT INTO rescreen_jobs (source, version_id, previous_version_id, created_at) VALUES (?, ?, ?, ?) RETURNING id",
            source, versionID, previous, time)
    }

    /// The reason an open alert is closed as delisted.
    static func delistReason(_ source: String, version id: Int64) -> String {
        "the entity left \(source) in version \(id)"
    }

    /// Why a switch was refused because another import made a different version active first.
    static func replacedMeanwhile(_ source: String, expected: Int64?, active: Int64?) -> StoreError {
        StoreError(
            .conflict,
            "the active version of \(source) is \(active.map { "version \($0)" } ?? "none"), not "
                + "\(expected.map { "version \($0)" } ?? "none") as when this import compared against it: another import ran meanwhile; import again")
    }

    static func unreadable(version id: Int64) -> StoreError {
        StoreError(.database, "the imported list version \(id) could not be read back")
    }

    static func unstored(_ version: NewListVersion) -> StoreError {
        StoreError(.database, "the list version \(version.source) \(version.name) returned no id when stored")
    }

    static func unreadable(job versionID: Int64) -> StoreError {
        StoreError(.database, "the re-screening job of list version \(versionID) could not be read back")
    }
}
