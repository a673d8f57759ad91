import GRDB

/// The case page's read of the listed entity on SQLite.
extension SQLiteStore: CaseEntityQueries {
    public func entity(source: String, entityID: String, preferring listVersion: String) async throws(StoreError) -> VersionedEntity? {
        try await read { db in
            try db.rows(CaseEntityStatements.entity(source: source, entityID: entityID, preferring: listVersion)).first.map {
                VersionedEntity(entity: StoredEntity(id: $0[0], digest: $0[1], json: $0[2]), listVersion: $0[3])
            }
        }
    }
}
