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
            if let after = query.after {
                conditions.append("id > ?")
                arguments.append(after.id)
            }
            order = "ORDER BY id"
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

    static func openAlertCounts(bucketStarts: [Int64]) -> SQLStatement {
        let cases = bucketStarts.indices.map { "WHEN opened_at >= ? THEN \($0)" }.joined(separator: " ")
        let bucket = bucketStarts.isEmpty ? "0" : "CASE \(cases) ELSE \(bucketStarts.count) END"
        return SQLStatement(
            "SELECT source, \(bucket) AS bucket, COUNT(*) FROM alerts WHERE status = 'open' GROUP BY source, bucket ORDER BY source, bucket",
            arguments: bucketStarts.map { $0 as any SQLBindable })
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
        if let action {
            conditions.append("substr(action, 1, \(indexedPrefix)) = substr(?, 1, \(indexedPrefix)) AND action = ?")
            arguments.append(action)
            arguments.append(action)
        }
        if let actor {
            conditions.append("substr(actor, 1, \(indexedPrefix)) = substr(?, 1, \(indexedPrefix)) AND actor = ?")
            arguments.append(actor)
            arguments.append(actor)
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

    static func entity(source: String, entityID: String) -> SQLStatement {
        SQLStatement(
            """
            SELECT e.entity_id, e.digest, e.entity_json FROM list_entities e JOIN list_versions v ON v.id = e.version_id
            WHERE v.source = ? AND e.entity_id = ? ORDER BY v.id DESC LIMIT 1
            """, source, entityID)
    }
}
