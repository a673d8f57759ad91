import Audit
import PostgresNIO
import TariffExclusions

/// The Workbench's page queries on PostgreSQL.
extension PostgresStore: PageQueries {
    public func alertPage(_ query: AlertPageQuery) async throws(StoreError) -> [AlertRecord] {
        try await run { connection, logger in
            var alerts: [AlertRecord] = []
            for try await row in try await connection.run(PageStatements.alertPage(query), logger: logger) {
                let (id, party, entity, source, version, score, status, match, opened, decidedAt, decidedBy, reason) = try row.decode(
                    (Int64, String, String, String, String, Double, String, String, Int64, Int64?, String?, String?).self)
                alerts.append(
                    AlertRecord(
                        id: id, partyID: party, entityID: entity, source: source, listVersion: version, score: score,
                        status: try AlertStatus.stored(status, alert: id), matchJSON: match, openedAt: opened, decidedAt: decidedAt,
                        decidedBy: decidedBy, reason: reason))
            }
            return alerts
        }
    }

    public func openAlertCounts(bucketStarts: [Int64], cap: Int) async throws(StoreError) -> [OpenAlertCount] {
        try await run { connection, logger in
            let sources = try await connection.strings(PageStatements.openAlertSources, logger: logger)
            guard !sources.isEmpty else { return [] }
            var rows: [(cell: Int64, count: Int64)] = []
            for try await (cell, count) in try await connection.run(
                PageStatements.openAlertCounts(sources: sources, bucketStarts: bucketStarts, cap: cap), logger: logger
            ).decode((Int64, Int64).self) {
                rows.append((cell, count))
            }
            return try PageStatements.openAlertCounts(rows, sources: sources, buckets: bucketStarts.count + 1, cap: cap)
        }
    }

    public func auditPage(before sequence: Int64?, action: String?, actor: String?, limit: Int) async throws(StoreError) -> [AuditRecord] {
        try await run { connection, logger in
            var records: [AuditRecord] = []
            for try await (number, time, who, what, digest, result, versions, previous, hash) in try await connection.run(
                PageStatements.auditPage(before: sequence, action: action, actor: actor, limit: limit), logger: logger
            ).decode((Int64, Int64, String, String, String, String, String, String, String).self) {
                records.append(
                    AuditRecord(
                        sequence: number, timestamp: time, actor: who, action: what, inputDigest: digest, result: result, versions: versions,
                        previousHash: previous, hash: hash))
            }
            return records
        }
    }

    public func recentAuthorizations(verdict: String, limit: Int) async throws(StoreError) -> [AuthorizationSummary] {
        try await run { connection, logger in
            var summaries: [AuthorizationSummary] = []
            for try await (id, verdict, subject, item, destination, created, revoked) in try await connection.run(
                PageStatements.recentAuthorizations(verdict: verdict, limit: limit), logger: logger
            ).decode((String, String, String, String, String, Int64, Int64?).self) {
                summaries.append(
                    AuthorizationSummary(
                        id: id, verdict: verdict, subject: subject, item: item, destination: destination, createdAt: created, revokedAt: revoked))
            }
            return summaries
        }
    }

    public func recentRevocations(limit: Int) async throws(StoreError) -> [RevocationRecord] {
        try await run { connection, logger in
            var revocations: [RevocationRecord] = []
            for try await (sequence, id, reason, time) in try await connection.run(PageStatements.recentRevocations(limit: limit), logger: logger)
                .decode((Int64, String, String, Int64).self)
            {
                revocations.append(RevocationRecord(sequence: sequence, authorizationID: id, reason: reason, revokedAt: time))
            }
            return revocations
        }
    }

    public func exclusionDocketPage(before cursor: ExclusionCursor?, limit: Int) async throws(StoreError) -> [ExclusionDocket] {
        try await run { connection, logger in
            func pairs(_ statement: SQLStatement) async throws -> [(id: String, json: String)] {
                var rows: [(id: String, json: String)] = []
                for try await (id, json) in try await connection.run(statement, logger: logger).decode((String, String).self) { rows.append((id, json)) }
                return rows
            }
            let requests = try await pairs(PageStatements.exclusionRequests(before: cursor, limit: limit))
            guard !requests.isEmpty else { return [] }
            let filed = PageStatements.filed(on: requests.map(\.id))
            return try ExclusionCoding.dockets(
                requests: requests, comments: try await pairs(filed.comments), decisions: try await pairs(filed.decisions),
                extensions: try await pairs(filed.extensions))
        }
    }
}
