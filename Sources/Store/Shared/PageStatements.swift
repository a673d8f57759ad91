/// The statements of `PageQueries`, each written once for both backends.
enum PageStatements {
    static let alertColumns =
        "SELECT id, party_id, entity_id, source, list_version, score, status, match_json, opened_at, decided_at, decided_by, reason FROM alerts"

    /// A page of alerts: the filters as bound values, the keyset condition of the order, and the order's index.
    static func alertPage(_ query: AlertPageQuery) -> SQLStatement {
        var conditions: [String] = []
        var arguments: [any SQLBindable] = []
        if let status = query.status {
            conditions.append("status = ?")
            arguments.append(status.rawValue)
        }
        if let source = query.source {
            conditions.append("source = ?")
            arguments.append(source)
        }
        if let minimum = query.minimumScore {
            conditions.append("score >= ?")
            arguments.append(minimum)
        }
        if let before = query.openedAtOrBefore {
            conditions.append("opened_at <= ?")
            arguments.append(before)
        }
        let order: String
        switch query.order {
        case .oldest:
            // The cursor is the last alert's id; its opening time is read back by that id (an index lookup), so the
            // keyset runs on the order's index (`opened_at, id` after the equality filters).
            if let after = query.after {
                conditions.append("(opened_at, id) > ((SELECT opened_at FROM alerts WHERE id = ?), ?)")
                arguments += [after.id, after.id]
            }
            order = "ORDER BY opened_at, id"
        case .score:
            if let after = query.after {
                conditions.append("(score < ? OR (score = ? AND id < ?))")
                arguments += [after.score, after.score, after.id]
            }
            order = "ORDER BY score DESC, id DESC"
        }
        arguments.append(query.limit)
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return SQLStatement("\(alertColumns)\(filter) \(order) LIMIT ?", arguments: arguments)
    }

    /// The sources that have open alerts, each found by one step down the index (a loose index scan), not by
    /// reading every open alert.
    static let openAlertSources = SQLStatement(
        """
        WITH RECURSIVE s (source) AS (
            SELECT MIN(source) FROM alerts WHERE status = 'open'
            UNION ALL
            SELECT (SELECT MIN(source) FROM alerts WHERE status = 'open' AND source > s.source) FROM s WHERE s.source IS NOT NULL
        )
        SELECT source FROM s WHERE source IS NOT NULL
        """)

    /// `cell, count` of each source's open alerts in each age bucket (cell `i * buckets + b`: source `i`, bucket
    /// `b`), each count stopping at `cap`: at most `cap` index entries read per cell, however many alerts are open.
    /// The cells are rows of a VALUES list and the count one correlated subquery, so PostgreSQL plans it once rather
    /// than once per cell.
    static func openAlertCounts(sources: [String], bucketStarts: [Int64], cap: Int) -> SQLStatement {
        var rows: [String] = []
        var arguments: [any SQLBindable] = [cap]
        let buckets = bucketStarts.count + 1
        for (index, source) in sources.enumerated() {
            for bucket in 0..<buckets {
                // Inclusive bounds: at or after this bucket's start, before the younger bucket's start.
                let lowest = bucket < bucketStarts.count ? bucketStarts[bucket] : Int64.min
                let highest = bucket > 0 ? bucketStarts[bucket - 1] - 1 : Int64.max
                rows.append("(CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT))")
                arguments += [Int64(index * buckets + bucket), source, lowest, highest]
            }
        }
        return SQLStatement(
            """
            SELECT v.column1, (
                SELECT COUNT(*) FROM (
                    SELECT 1 FROM alerts WHERE status = 'open' AND source = v.column2 AND opened_at >= v.column3 AND opened_at <= v.column4
                    LIMIT ?
                ) AS c
            ) FROM (VALUES \(rows.joined(separator: ", "))) AS v
            """, arguments: arguments)
    }

    /// The counts of `openAlertCounts(sources:bucketStarts:cap:)`'s rows, the empty cells left out; a count that
    /// reached `cap` is marked as a lower bound. A cell the statement did not ask for stops the read.
    static func openAlertCounts(_ rows: [(cell: Int64, count: Int64)], sources: [String], buckets: Int, cap: Int) throws(StoreError)
        -> [OpenAlertCount]
    {
        var counts: [OpenAlertCount] = []
        for row in rows.sorted(by: { $0.cell < $1.cell }) where row.count > 0 {
            let cell = Int(row.cell)
            guard buckets > 0, cell >= 0, cell < sources.count * buckets else {
                throw StoreError(.database, "open alert counts: the database answered cell \(row.cell), which was not asked for")
            }
            counts.append(
                OpenAlertCount(source: sources[cell / buckets], bucket: cell % buckets, count: Int(row.count), atLeast: row.count >= cap))
        }
        return counts
    }

    static let auditColumns = "SELECT sequence, timestamp, actor, action, input_digest, result, versions, previous_hash, hash FROM audit_log"

    /// How many characters of an audit record's action and actor the page indexes hold (the same expression in the
    /// index and the query, so both dialects use the index; the full value is compared too).
    static let indexedPrefix = 200

    static func auditPage(before sequence: Int64?, action: String?, actor: String?, limit: Int) -> SQLStatement {
        var conditions: [String] = []
        var arguments: [any SQLBindable] = []
        if let sequence {
            conditions.append("sequence < ?")
            arguments.append(sequence)
        }
        // The indexed prefix is cut here (`substr` counts Unicode scalars on both backends), so the index expression
        // meets a value; the full value is compared through `|| ''`, which no index serves, so the planner keeps the
        // prefix index rather than walking the whole log backwards by sequence.
        for (column, value) in [("action", action), ("actor", actor)] {
            guard let value else { continue }
            conditions.append("substr(\(column), 1, \(indexedPrefix)) = ? AND \(column) || '' = ?")
            arguments.append(String(String.UnicodeScalarView(value.unicodeScalars.prefix(indexedPrefix))))
            arguments.append(value)
        }
        arguments.append(limit)
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return SQLStatement("\(auditColumns)\(filter) ORDER BY sequence DESC LIMIT ?", arguments: arguments)
    }

    static func recentAuthorizations(verdict: String, limit: Int) -> SQLStatement {
        SQLStatement(
            """
            SELECT id, verdict, subject, item, destination, created_at, revoked_at FROM authorizations
            WHERE verdict = ? ORDER BY created_at DESC LIMIT ?
            """, verdict, limit)
    }

    static func recentRevocations(limit: Int) -> SQLStatement {
        SQLStatement("SELECT sequence, authorization_id, reason, revoked_at FROM revocations ORDER BY sequence DESC LIMIT ?", limit)
    }

    /// `id, request_json` of a page of requests, newest first, before the cursor.
    static func exclusionRequests(before cursor: ExclusionCursor?, limit: Int) -> SQLStatement {
        guard let cursor else {
            return SQLStatement("SELECT id, request_json FROM exclusion_requests ORDER BY received_at DESC, id DESC LIMIT ?", limit)
        }
        return SQLStatement(
            """
            SELECT id, request_json FROM exclusion_requests WHERE received_at < ? OR (received_at = ? AND id < ?)
            ORDER BY received_at DESC, id DESC LIMIT ?
            """, cursor.receivedAt, cursor.receivedAt, cursor.id, limit)
    }

    /// What is filed on the requests `ids` (`request_id, json`, in docket order): comments, decisions, extensions.
    static func filed(on ids: [String]) -> (comments: SQLStatement, decisions: SQLStatement, extensions: SQLStatement) {
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let arguments = ids.map { $0 as any SQLBindable }
        func rows(_ column: String, _ table: String, _ order: String) -> SQLStatement {
            SQLStatement("SELECT request_id, \(column) FROM \(table) WHERE request_id IN (\(marks)) ORDER BY \(order)", arguments: arguments)
        }
        return (
            rows("comment_json", "exclusion_comments", "submitted_at, id"), rows("decision_json", "exclusion_decisions", "request_id"),
            rows("extension_json", "exclusion_extensions", "id")
        )
    }
}
