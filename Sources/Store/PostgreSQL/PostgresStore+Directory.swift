import PostgresNIO

/// The parties and lists pages' queries on PostgreSQL.
extension PostgresStore: DirectoryQueries {
    public func partyPage(namePrefix: String?, after cursor: PartyCursor?, limit: Int) async throws(StoreError) -> [PartyListing] {
        try await run { client, logger in
            var parties: [PartyListing] = []
            for try await (id, name, type, country, dob, key) in try await client.run(
                DirectoryStatements.partyPage(namePrefix: namePrefix, after: cursor, limit: limit), logger: logger
            ).decode((String, String, String?, String?, String?, String).self) {
                parties.append(PartyListing(party: PartyRecord(id: id, name: name, type: type, country: country, dateOfBirth: dob), nameKey: key))
            }
            return parties
        }
    }

    public func partyAlertPage(partyID: String, after id: Int64?, limit: Int) async throws(StoreError) -> [AlertRecord] {
        try await run { client, logger in
            try await Self.alerts(client.run(DirectoryStatements.partyAlertPage(partyID: partyID, after: id, limit: limit), logger: logger))
        }
    }

    public func listVersionPage(source: String?, before id: Int64?, limit: Int) async throws(StoreError) -> [ListVersionRecord] {
        try await run { client, logger in
            try await Self.directoryVersions(client.run(DirectoryStatements.listVersionPage(source: source, before: id, limit: limit), logger: logger))
        }
    }

    public func listVersion(id: Int64) async throws(StoreError) -> ListVersionRecord? {
        try await run { client, logger in try await Self.directoryVersions(client.run(DirectoryStatements.listVersion(id), logger: logger)).first }
    }

    public func listDiffPage(versionID: Int64, previousID: Int64?, change: EntityChange, after: String?, limit: Int) async throws(StoreError)
        -> [StoredEntity]
    {
        try await run { client, logger in
            var entities: [StoredEntity] = []
            for try await (id, digest, json) in try await client.run(
                DirectoryStatements.diffPage(versionID: versionID, previousID: previousID, change: change, after: after, limit: limit), logger: logger
            ).decode((String, String, String).self) {
                entities.append(StoredEntity(id: id, digest: digest, json: json))
            }
            return entities
        }
    }

    public func versionAlertPage(source: String, listVersion: String, after id: Int64?, limit: Int) async throws(StoreError) -> [AlertRecord] {
        try await run { client, logger in
            try await Self.alerts(
                client.run(DirectoryStatements.versionAlertPage(source: source, listVersion: listVersion, after: id, limit: limit), logger: logger))
        }
    }

    private static func directoryVersions(_ rows: PostgresRowSequence) async throws -> [ListVersionRecord] {
        var versions: [ListVersionRecord] = []
        for try await (id, source, name, published, sha, partial, count, imported, active) in rows.decode(
            (Int64, String, String, String?, String, String?, Int64, Int64, Int32).self)
        {
            versions.append(
                ListVersionRecord(
                    id: id, source: source, name: name, published: published, sha256: sha, partial: partial, entityCount: Int(count),
                    importedAt: imported, active: active == 1))
        }
        return versions
    }
}
