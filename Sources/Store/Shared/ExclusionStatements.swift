import TariffExclusions

/// The statements of the tariff-exclusion docket, each written once for both backends.
enum ExclusionStatements {
    /// Stores a new request; returns its id only when the id was free.
    static func create(_ request: ExclusionRequest, json: String) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO exclusion_requests (id, hts10, received_at, request_json) VALUES (?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """, request.id, request.hts10.key, request.receivedAt.milliseconds, json)
    }

    /// The request's id, locking its row until the transaction ends (a comment, a decision and an
    /// extension on one request take turns); no row without the request. Run it before reading the
    /// state a guard checks, as its own statement: on PostgreSQL a statement that waited for the lock
    /// still reads what was committed when it began, the next one reads what the other turn wrote.
    static func lockRequest(_ id: String, _ dialect: SQLDialect) -> SQLStatement {
        SQLStatement("SELECT id FROM exclusion_requests WHERE id = ?\(dialect.rowLock)", id)
    }

    static func duplicate(_ request: ExclusionRequest) -> StoreError {
        StoreError(.conflict, "exclusion request \(request.id) already exists")
    }

    static func noRequest(_ id: String) -> StoreError {
        StoreError(.notFound, "no exclusion request \(id)")
    }

    static func alreadyDecided(_ decision: ExclusionDecision) -> StoreError {
        StoreError(.conflict, "request \(decision.requestID) is already decided")
    }

    /// What a comment's guard needs, as `decided, target` (1 or 0: the request has a decision; the
    /// comment a rebuttal answers is a comment on it, not itself a rebuttal).
    static func commentState(_ comment: ExclusionComment) -> SQLStatement {
        SQLStatement(
            """
            SELECT CAST(CASE WHEN EXISTS (SELECT 1 FROM exclusion_decisions WHERE request_id = ?) THEN 1 ELSE 0 END AS BIGINT),
                CAST(CASE WHEN EXISTS (
                    SELECT 1 FROM exclusion_comments WHERE id = ? AND request_id = ? AND replies_to IS NULL
                ) THEN 1 ELSE 0 END AS BIGINT)
            """, comment.requestID, comment.repliesTo ?? "", comment.requestID)
    }

    /// Why a comment cannot be added, given `commentState` (nil: it may be).
    static func commentRefusal(_ comment: ExclusionComment, decided: Bool, targetExists: Bool) -> StoreError? {
        if decided { return StoreError(.conflict, "request \(comment.requestID) is decided; its docket is closed") }
        if let target = comment.repliesTo, !targetExists {
            return StoreError(.conflict, "request \(comment.requestID) has no comment \(target) to rebut")
        }
        return nil
    }

    static func insert(_ comment: ExclusionComment, json: String) -> SQLStatement {
        SQLStatement(
            "INSERT INTO exclusion_comments (id, request_id, replies_to, submitted_at, comment_json) VALUES (?, ?, ?, ?, ?)",
            comment.id, comment.requestID, comment.repliesTo, comment.submittedAt.milliseconds, json)
    }

    /// The request's HTS-10 key, locking its row (see `lockRequest`); no row without the request.
    static func hts10(ofRequest id: String, _ dialect: SQLDialect) -> SQLStatement {
        SQLStatement("SELECT hts10 FROM exclusion_requests WHERE id = ?\(dialect.rowLock)", id)
    }

    /// The ids of the decided requests on an HTS-10.
    static func decided(hts10: String) -> SQLStatement {
        SQLStatement(
            "SELECT d.request_id FROM exclusion_decisions d JOIN exclusion_requests r ON r.id = d.request_id WHERE r.hts10 = ?", hts10)
    }

    /// Stores a decision; returns the request's id only when it was not decided yet.
    static func insert(_ decision: ExclusionDecision, json: String) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO exclusion_decisions (request_id, outcome, effective_to, decided_at, decision_json) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (request_id) DO NOTHING
            RETURNING request_id
            """, decision.requestID, decision.outcome.rawValue, decision.effectiveTo?.description, decision.decidedAt.milliseconds, json)
    }

    static func link(_ decision: ExclusionDecision, _ link: ConsistencyLink) -> SQLStatement {
        SQLStatement(
            "INSERT INTO exclusion_consistency (request_id, earlier_request_id, similarity) VALUES (?, ?, ?)",
            decision.requestID, link.earlierRequestID, link.similarity)
    }

    /// What an extension's guard needs: `outcome, effective_to` of the request's decision (no row without one).
    static func extensionState(_ extended: ExclusionExtension) -> SQLStatement {
        SQLStatement("SELECT outcome, effective_to FROM exclusion_decisions WHERE request_id = ?", extended.requestID)
    }

    static func extend(_ extended: ExclusionExtension) -> SQLStatement {
        SQLStatement(
            "UPDATE exclusion_decisions SET effective_to = ? WHERE request_id = ?", extended.effectiveTo.description, extended.requestID)
    }

    static func insert(_ extended: ExclusionExtension, json: String) -> SQLStatement {
        SQLStatement(
            "INSERT INTO exclusion_extensions (request_id, effective_to, extended_at, extension_json) VALUES (?, ?, ?, ?)",
            extended.requestID, extended.effectiveTo.description, extended.extendedAt.milliseconds, json)
    }

    /// `id, request_json` of the requests in scope, oldest first.
    static func requests(_ scope: ExclusionDocketScope) -> SQLStatement {
        let (condition, arguments) = scope.condition
        return SQLStatement(
            "SELECT id, request_json FROM exclusion_requests WHERE \(condition) ORDER BY received_at, id", arguments: arguments)
    }

    /// What is filed on the requests in scope, each `request_id, json` in its docket order: comments
    /// (by submission), decisions, extensions (in the order they were made).
    static func filed(on scope: ExclusionDocketScope) -> (comments: SQLStatement, decisions: SQLStatement, extensions: SQLStatement) {
        let (condition, arguments) = scope.condition
        func rows(_ column: String, _ table: String, _ order: String) -> SQLStatement {
            SQLStatement(
                "SELECT request_id, \(column) FROM \(table) WHERE request_id IN (SELECT id FROM exclusion_requests WHERE \(condition)) ORDER BY \(order)",
                arguments: arguments)
        }
        return (
            rows("comment_json", "exclusion_comments", "submitted_at, id"), rows("decision_json", "exclusion_decisions", "request_id"),
            rows("extension_json", "exclusion_extensions", "id")
        )
    }
}

extension ExclusionDocketScope {
    /// The condition on `exclusion_requests` that selects the scope, with its arguments.
    var condition: (sql: String, arguments: [any SQLBindable]) {
        switch self {
        case .id(let id): ("id = ?", [id])
        case .hts10(let key): ("hts10 = ?", [key])
        case .decided(let key): ("hts10 = ? AND id IN (SELECT request_id FROM exclusion_decisions)", [key])
        case .all: ("1 = 1", [])
        }
    }
}
