import Audit
import Logging
import PostgresNIO
import TariffExclusions

/// The tariff-exclusion dockets on PostgreSQL: requests, comments, decisions with their consistency links, extensions.
extension PostgresStore {
    public func createExclusionRequest(_ request: ExclusionRequest, audit: AuditDraft) async throws(StoreError) {
        let json = try ExclusionCoding.encode(request, "request \(request.id)")
        try await transaction { connection, logger in
            try await connection.require(
                ExclusionStatements.create(request, json: json), logger: logger, else: ExclusionStatements.duplicate(request))
            _ = try await self.append(audit, connection: connection, logger: logger)
        }
    }

    public func addExclusionComment(_ comment: ExclusionComment, audit: AuditDraft) async throws(StoreError) {
        let json = try ExclusionCoding.encode(comment, "comment \(comment.id)")
        try await transaction { connection, logger in
            // Locks the request row first: a decision recorded meanwhile waits, or is seen by the next statement.
            try await connection.require(
                ExclusionStatements.lockRequest(comment.requestID, .postgres), logger: logger, else: ExclusionStatements.noRequest(comment.requestID))
            var state: (decided: Int64, target: Int64)?
            for try await row in try await connection.run(ExclusionStatements.commentState(comment), logger: logger).decode((Int64, Int64).self) {
                state = row
            }
            guard let state else { throw StoreError(.database, "PostgreSQL: the state of request \(comment.requestID) could not be read") }
            if let refusal = ExclusionStatements.commentRefusal(comment, decided: state.decided == 1, targetExists: state.target == 1) {
                throw refusal
            }
            try await connection.run(ExclusionStatements.insert(comment, json: json), logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger)
        }
    }

    public func recordExclusionDecision(_ decision: ExclusionDecision, checkedAgainst earlier: Set<String>, audit: AuditDraft)
        async throws(StoreError)
    {
        let json = try ExclusionCoding.encode(decision, "the decision on \(decision.requestID)")
        try await transaction { connection, logger in
            guard let hts10 = try await connection.strings(ExclusionStatements.hts10(ofRequest: decision.requestID, .postgres), logger: logger).first
            else { throw ExclusionStatements.noRequest(decision.requestID) }
            // Decisions on one HTS-10 are recorded one at a time, so each sees the ones before it.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(hts10)))", logger: logger)
            let decided = Set(try await connection.strings(ExclusionStatements.decided(hts10: hts10), logger: logger))
            if let refusal = ExclusionCoding.staleCheck(decision, hts10: hts10, checked: earlier, decided: decided) {
                throw StoreError(.conflict, refusal)
            }
            try await connection.require(
                ExclusionStatements.insert(decision, json: json), logger: logger, else: ExclusionStatements.alreadyDecided(decision))
            for link in decision.departsFrom { try await connection.run(ExclusionStatements.link(decision, link), logger: logger) }
            _ = try await self.append(audit, connection: connection, logger: logger)
        }
    }

    public func extendExclusion(_ extended: ExclusionExtension, audit: AuditDraft) async throws(StoreError) {
        let json = try ExclusionCoding.encode(extended, "the extension of \(extended.requestID)")
        try await transaction { connection, logger in
            try await connection.require(
                ExclusionStatements.lockRequest(extended.requestID, .postgres), logger: logger, else: ExclusionStatements.noRequest(extended.requestID))
            var decision: (outcome: String, end: String?)?
            for try await row in try await connection.run(ExclusionStatements.extensionState(extended), logger: logger).decode((String, String?).self) {
                decision = row
            }
            if let refusal = ExclusionCoding.extensionRefusal(extended, outcome: decision?.outcome, currentEnd: decision?.end) {
                throw StoreError(.conflict, refusal)
            }
            try await connection.run(ExclusionStatements.extend(extended), logger: logger)
            try await connection.run(ExclusionStatements.insert(extended, json: json), logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger)
        }
    }

    public func exclusionDockets(in scope: ExclusionDocketScope) async throws(StoreError) -> [ExclusionDocket] {
        try await run { connection, logger in
            func pairs(_ statement: SQLStatement) async throws -> [(id: String, json: String)] {
                var pairs: [(id: String, json: String)] = []
                for try await (id, json) in try await connection.run(statement, logger: logger).decode((String, String).self) {
                    pairs.append((id, json))
                }
                return pairs
            }
            let requests = try await pairs(ExclusionStatements.requests(scope))
            guard !requests.isEmpty else { return [] }
            let filed = ExclusionStatements.filed(on: scope)
            return try ExclusionCoding.dockets(
                requests: requests, comments: try await pairs(filed.comments), decisions: try await pairs(filed.decisions),
                extensions: try await pairs(filed.extensions))
        }
    }
}
