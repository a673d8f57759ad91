import Audit
import GRDB
import TariffExclusions

/// The Workbench's page queries on SQLite.
extension SQLiteStore: PageQueries {
    public func alertPage(_ query: AlertPageQuery) async throws(StoreError) -> [AlertRecord] {
        try await read { db in try db.rows(PageStatements.alertPage(query)).map(Self.pageAlert(row:)) }
    }

    public func openAlertCounts(bucketStarts: [Int64], cap: Int) async throws(StoreError) -> [OpenAlertCount] {
        try await read { db in
            let sources = try db.strings(PageStatements.openAlertSources)
            guard !sources.isEmpty else { return [] }
            let rows = try db.rows(PageStatements.openAlertCounts(sources: sources, bucketStarts: bucketStarts, cap: cap)).map {
                (cell: $0[0] as Int64, count: $0[1] as Int64)
            }
            return try PageStatements.openAlertCounts(rows, sources: sources, buckets: bucketStarts.count + 1, cap: cap)
        }
    }

    public func auditPage(before sequence: Int64?, action: String?, actor: String?, limit: Int) async throws(StoreError) -> [AuditRecord] {
        try await read { db in
            try db.rows(PageStatements.auditPage(before: sequence, action: action, actor: actor, limit: limit)).map {
                AuditRecord(
                    sequence: $0[0], timestamp: $0[1], actor: $0[2], action: $0[3], inputDigest: $0[4], result: $0[5], versions: $0[6],
                    previousHash: $0[7], hash: $0[8])
            }
        }
    }

    public func recentAuthorizations(verdict: String, limit: Int) async throws(StoreError) -> [AuthorizationSummary] {
        try await read { db in
            try db.rows(PageStatements.recentAuthorizations(verdict: verdict, limit: limit)).map {
                AuthorizationSummary(
                    id: $0[0], verdict: $0[1], subject: $0[2], item: $0[3], destination: $0[4], createdAt: $0[5], revokedAt: $0[6])
            }
        }
    }

    public func recentRevocations(limit: Int) async throws(StoreError) -> [RevocationRecord] {
        try await read { db in
            try db.rows(PageStatements.recentRevocations(limit: limit)).map {
                RevocationRecord(sequence: $0[0], authorizationID: $0[1], reason: $0[2], revokedAt: $0[3])
            }
        }
    }

    public func exclusionDocketPage(before cursor: ExclusionCursor?, limit: Int) async throws(StoreError) -> [ExclusionDocket] {
        try await read { db in
            func pairs(_ statement: SQLStatement) throws -> [(id: String, json: String)] {
                try db.rows(statement).map { (id: $0[0], json: $0[1]) }
            }
            let requests = try pairs(PageStatements.exclusionRequests(before: cursor, limit: limit))
            guard !requests.isEmpty else { return [] }
            let filed = PageStatements.filed(on: requests.map(\.id))
            return try ExclusionCoding.dockets(
                requests: requests, comments: try pairs(filed.comments), decisions: try pairs(filed.decisions),
                extensions: try pairs(filed.extensions))
        }
    }

    /// The alert in `row`; a status the schema does not know stops the read, naming the alert.
    private static func pageAlert(row: Row) throws(StoreError) -> AlertRecord {
        let id: Int64 = row[0]
        return AlertRecord(
            id: id, partyID: row[1], entityID: row[2], source: row[3], listVersion: row[4], score: row[5],
            status: try AlertStatus.stored(row[6], alert: id), matchJSON: row[7], openedAt: row[8], decidedAt: row[9], decidedBy: row[10],
            reason: row[11])
    }
}
