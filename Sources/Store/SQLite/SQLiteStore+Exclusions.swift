import Audit
import GRDB
import TariffExclusions

/// The tariff-exclusion dockets on SQLite: requests, comments, decisions with their consistency links, extensions.
extension SQLiteStore {
    public func createExclusionRequest(_ request: ExclusionRequest, audit: AuditDraft) async throws(StoreError) {
        let json = try ExclusionCoding.encode(request, "request \(request.id)")
        try await write { db in
            try db.require(ExclusionStatements.create(request, json: json), else: ExclusionStatements.duplicate(request))
            _ = try Self.append(audit, db: db, at: self.now())
        }
    }

    public func addExclusionComment(_ comment: ExclusionComment, audit: AuditDraft) async throws(StoreError) {
        let json = try ExclusionCoding.encode(comment, "comment \(comment.id)")
        try await write { db in
            try db.require(
                ExclusionStatements.lockRequest(comment.requestID, .sqlite), else: ExclusionStatements.noRequest(comment.requestID))
            guard let state = try db.rows(ExclusionStatements.commentState(comment)).first else {
                throw StoreError(.database, "SQLite: the state of request \(comment.requestID) could not be read")
            }
            if let refusal = ExclusionStatements.commentRefusal(comment, decided: state[0] as Int64 == 1, targetExists: state[1] as Int64 == 1) {
                throw refusal
            }
            try db.execute(ExclusionStatements.insert(comment, json: json))
            _ = try Self.append(audit, db: db, at: self.now())
        }
    }

    public func recordExclusionDecision(_ decision: ExclusionDecision, checkedAgainst earlier: Set<String>, audit: AuditDraft)
        async throws(StoreError)
    {
        let json = try ExclusionCoding.encode(decision, "the decision on \(decision.requestID)")
        try await write { db in
            guard let hts10 = try db.strings(ExclusionStatements.hts10(ofRequest: decision.requestID, .sqlite)).first else {
                throw ExclusionStatements.noRequest(decision.requestID)
            }
            let decided = Set(try db.strings(ExclusionStatements.decided(hts10: hts10)))
            if let refusal = ExclusionCoding.staleCheck(decision, hts10: hts10, checked: earlier, decided: decided) {
                throw StoreError(.conflict, refusal)
            }
            try db.require(ExclusionStatements.insert(decision, json: json), else: ExclusionStatements.alreadyDecided(decision))
            for link in decision.departsFrom { try db.execute(ExclusionStatements.link(decision, link)) }
            _ = try Self.append(audit, db: db, at: self.now())
        }
    }

    public func extendExclusion(_ extended: ExclusionExtension, audit: AuditDraft) async throws(StoreError) {
        let json = try ExclusionCoding.encode(extended, "the extension of \(extended.requestID)")
        try await write { db in
            try db.require(
                ExclusionStatements.lockRequest(extended.requestID, .sqlite), else: ExclusionStatements.noRequest(extended.requestID))
            let decision = try db.rows(ExclusionStatements.extensionState(extended)).first
            if let refusal = ExclusionCoding.extensionRefusal(extended, outcome: decision?[0], currentEnd: decision?[1]) {
                throw StoreError(.conflict, refusal)
            }
            try db.execute(ExclusionStatements.extend(extended))
            try db.execute(ExclusionStatements.insert(extended, json: json))
            _ = try Self.append(audit, db: db, at: self.now())
        }
    }

    public func exclusionDockets(in scope: ExclusionDocketScope) async throws(StoreError) -> [ExclusionDocket] {
        try await read { db in
            func pairs(_ statement: SQLStatement) throws -> [(id: String, json: String)] {
                try db.rows(statement).map { (id: $0[0], json: $0[1]) }
            }
            let requests = try pairs(ExclusionStatements.requests(scope))
            guard !requests.isEmpty else { return [] }
            let filed = ExclusionStatements.filed(on: scope)
            return try ExclusionCoding.dockets(
                requests: requests, comments: try pairs(filed.comments), decisions: try pairs(filed.decisions),
                extensions: try pairs(filed.extensions))
        }
    }
}
