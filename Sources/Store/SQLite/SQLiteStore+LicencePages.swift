import GRDB

/// The Workbench's licence page queries on SQLite.
extension SQLiteStore: LicencePageQueries {
    public func licensePage(after id: String?, limit: Int) async throws(StoreError) -> [StoredLicense] {
        try await read { db in
            try db.rows(LicencePageStatements.licensePage(after: id, limit: limit)).map { row throws(StoreError) in
                StoredLicense(
                    license: try LicenseCoding.decode(row[1], id: row[0]), valueUsed: row[2], quantityUsed: row[3], revokedAt: row[4])
            }
        }
    }

    public func licenseDrawPage(licenseID: String, before id: Int64?, limit: Int) async throws(StoreError) -> [LicenseDrawRecord] {
        try await read { db in
            try db.rows(LicencePageStatements.drawPage(licenseID: licenseID, before: id, limit: limit)).map {
                LicenseDrawRecord(id: $0[0], licenseID: $0[1], value: $0[2], quantity: $0[3], reference: $0[4], usedAt: $0[5])
            }
        }
    }

    public func authorizationPage(licenseID: String?, before cursor: AuthorizationCursor?, limit: Int) async throws(StoreError)
        -> [AuthorizationSummary]
    {
        try await read { db in
            try db.rows(LicencePageStatements.authorizationPage(licenseID: licenseID, before: cursor, limit: limit)).map {
                AuthorizationSummary(
                    id: $0[0], verdict: $0[1], subject: $0[2], item: $0[3], destination: $0[4], createdAt: $0[5], revokedAt: $0[6])
            }
        }
    }

    public func revocationPage(before sequence: Int64?, limit: Int) async throws(StoreError) -> [RevocationRecord] {
        try await read { db in
            try db.rows(LicencePageStatements.revocationPage(before: sequence, limit: limit)).map {
                RevocationRecord(sequence: $0[0], authorizationID: $0[1], reason: $0[2], revokedAt: $0[3])
            }
        }
    }

    public func artifactPage(after id: String?, limit: Int) async throws(StoreError) -> [ArtifactRecord] {
        try await read { db in
            try db.rows(LicencePageStatements.artifactPage(after: id, limit: limit)).map {
                ArtifactRecord(id: $0[0], eccn: $0[1], description: $0[2])
            }
        }
    }
}
