import PostgresNIO

/// The Workbench's licence page queries on PostgreSQL.
extension PostgresStore: LicencePageQueries {
    public func licensePage(after id: String?, limit: Int) async throws(StoreError) -> [StoredLicense] {
        try await run { connection, logger in
            var licenses: [StoredLicense] = []
            for try await (id, json, value, quantity, revoked) in try await connection.run(
                LicencePageStatements.licensePage(after: id, limit: limit), logger: logger
            ).decode((String, String, Double, Int64, Int64?).self) {
                licenses.append(
                    StoredLicense(license: try LicenseCoding.decode(json, id: id), valueUsed: value, quantityUsed: Int(quantity), revokedAt: revoked))
            }
            return licenses
        }
    }

    public func licenseDrawPage(licenseID: String, before id: Int64?, limit: Int) async throws(StoreError) -> [LicenseDrawRecord] {
        try await run { connection, logger in
            var draws: [LicenseDrawRecord] = []
            for try await (number, license, value, quantity, reference, used) in try await connection.run(
                LicencePageStatements.drawPage(licenseID: licenseID, before: id, limit: limit), logger: logger
            ).decode((Int64, String, Double, Int64, String, Int64).self) {
                draws.append(LicenseDrawRecord(id: number, licenseID: license, value: value, quantity: Int(quantity), reference: reference, usedAt: used))
            }
            return draws
        }
    }

    public func authorizationPage(licenseID: String?, before cursor: AuthorizationCursor?, limit: Int) async throws(StoreError)
        -> [AuthorizationSummary]
    {
        try await run { connection, logger in
            var summaries: [AuthorizationSummary] = []
            for try await (id, verdict, subject, item, destination, created, revoked) in try await connection.run(
                LicencePageStatements.authorizationPage(licenseID: licenseID, before: cursor, limit: limit), logger: logger
            ).decode((String, String, String, String, String, Int64, Int64?).self) {
                summaries.append(
                    AuthorizationSummary(
                        id: id, verdict: verdict, subject: subject, item: item, destination: destination, createdAt: created, revokedAt: revoked))
            }
            return summaries
        }
    }

    public func revocationPage(before sequence: Int64?, limit: Int) async throws(StoreError) -> [RevocationRecord] {
        try await run { connection, logger in
            var revocations: [RevocationRecord] = []
            for try await (number, id, reason, time) in try await connection.run(
                LicencePageStatements.revocationPage(before: sequence, limit: limit), logger: logger
            ).decode((Int64, String, String, Int64).self) {
                revocations.append(RevocationRecord(sequence: number, authorizationID: id, reason: reason, revokedAt: time))
            }
            return revocations
        }
    }

    public func artifactPage(after id: String?, limit: Int) async throws(StoreError) -> [ArtifactRecord] {
        try await run { connection, logger in
            var artifacts: [ArtifactRecord] = []
            for try await (id, eccn, description) in try await connection.run(LicencePageStatements.artifactPage(after: id, limit: limit), logger: logger)
                .decode((String, String, String?).self)
            {
                artifacts.append(ArtifactRecord(id: id, eccn: eccn, description: description))
            }
            return artifacts
        }
    }
}
