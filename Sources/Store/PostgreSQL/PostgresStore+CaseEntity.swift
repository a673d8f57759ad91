import PostgresNIO

/// The case page's read of the listed entity on PostgreSQL.
extension PostgresStore: CaseEntityQueries {
    public func entity(source: String, entityID: String, preferring listVersion: String) async throws(StoreError) -> VersionedEntity? {
        try await run { connection, logger in
            for try await (id, digest, json, version) in try await connection.run(
                CaseEntityStatements.entity(source: source, entityID: entityID, preferring: listVersion), logger: logger
            ).decode((String, String, String, String).self) {
                return VersionedEntity(entity: StoredEntity(id: id, digest: digest, json: json), listVersion: version)
            }
            return nil
        }
    }
}
