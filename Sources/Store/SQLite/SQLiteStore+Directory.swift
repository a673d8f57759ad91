import GRDB

/// The parties and lists pages' queries on SQLite.
extension SQLiteStore: DirectoryQueries {
    public func partyPage(namePrefix: String?, after cursor: PartyCursor?, limit: Int) async throws(StoreError) -> [PartyListing] {
        try await read { db in
            try db.rows(DirectoryStatements.partyPage(namePrefix: namePrefix, after: cursor, limit: limit)).map {
                PartyListing(party: PartyRecord(id: $0[0], name: $0[1], type: $0[2], country: $0[3], dateOfBirth: $0[4]), nameKey: $0[5])
            }
        }
    }

    public func partyAlertPage(partyID: String, after id: Int64?, limit: Int) async throws(StoreError) -> [AlertRecord] {
        try await read { db in try db.rows(DirectoryStatements.partyAlertPage(partyID: partyID, after: id, limit: limit)).map(Self.directoryAlert(row:)) }
    }

    public func listVersionPage(source: String?, before id: Int64?, limit: Int) async throws(StoreError) -> [ListVersionRecord] {
        try await read { db in try db.rows(DirectoryStatements.listVersionPage(source: source, before: id, limit: limit)).map(Self.version(row:)) }
    }

    public func listVersion(id: Int64) async throws(StoreError) -> ListVersionRecord? {
        try await read { db in try db.rows(DirectoryStatements.listVersion(id)).map(Self.version(row:)).first }
    }

    public func listDiffPage(versionID: Int64, previousID: Int64?, change: EntityChange, after: String?, limit: Int) async throws(StoreError)
        -> [StoredEntity]
    {
        try await read { db in
            try db.rows(DirectoryStatements.diffPage(versionID: versionID, previousID: previousID, change: change, after: after, limit: limit)).map {
                StoredEntity(id: $0[0], digest: $0[1], json: $0[2])
            }
        }
    }

    public func versionAlertPage(source: String, listVersion: String, after id: Int64?, limit: Int) async throws(StoreError) -> [AlertRecord] {
        try await read { db in
            try db.rows(DirectoryStatements.versionAlertPage(source: source, listVersion: listVersion, after: id, limit: limit))
                .map(Self.directoryAlert(row:))
        }
    }

    private static func version(row: Row) -> ListVersionRecord {
        ListVersionRecord(
            id: row[0], source: row[1], name: row[2], published: row[3], sha256: row[4], partial: row[5], entityCount: row[6], importedAt: row[7],
            active: (row[8] as Int64) == 1)
    }

    private static func directoryAlert(row: Row) throws(StoreError) -> AlertRecord {
        let id: Int64 = row[0]
        return AlertRecord(
            id: id, partyID: row[1], entityID: row[2], source: row[3], listVersion: row[4], score: row[5],
            status: try AlertStatus.stored(row[6], alert: id), matchJSON: row[7], openedAt: row[8], decidedAt: row[9], decidedBy: row[10],
            reason: row[11])
    }
}
