import Audit
import GRDB

/// Users, sessions and failed sign-ins on SQLite.
extension SQLiteStore: AccountStore {
    public func createUser(_ user: UserRecord, audit: AuditDraft) async throws(StoreError) {
        try await write { db in
            try db.require(AccountStatements.insertUser(user), else: AccountStatements.userTaken(user.name))
            _ = try Self.append(audit, db: db, at: self.now())
        }
    }

    public func user(name: String) async throws(StoreError) -> UserRecord? {
        try await read { db in try db.rows(AccountStatements.user(name)).map(Self.user(row:)).first }
    }

    public func users(after name: String, limit: Int) async throws(StoreError) -> [UserRecord] {
        try await read { db in try db.rows(AccountStatements.users(after: name, limit: limit)).map(Self.user(row:)) }
    }

    public func userCount() async throws(StoreError) -> Int {
        try await read { db in Int(try db.integers(AccountStatements.userCount).first ?? 0) }
    }

    public func signInFailures(user: String, client: String) async throws(StoreError) -> SignInFailures? {
        try await read { db in
            try db.rows(AccountStatements.failures(user: user, client: client)).first.map {
                SignInFailures(count: Int($0[0] as Int64), lastAt: $0[1])
            }
        }
    }

    public func recordSignInFailure(user: String, client: String, at time: Int64, audit: AuditDraft) async throws(StoreError)
        -> SignInFailures
    {
        try await write { db in
            guard let row = try db.rows(AccountStatements.recordFailure(user: user, client: client, at: time)).first else {
                throw StoreError(.database, "the failed sign-in of \(user) was not counted")
            }
            _ = try Self.append(audit, db: db, at: self.now())
            return SignInFailures(count: Int(row[0] as Int64), lastAt: row[1])
        }
    }

    public func recordSignIn(_ session: SessionRecord, client: String, audit: AuditDraft) async throws(StoreError) {
        try await write { db in
            try db.execute(AccountStatements.insertSession(session))
            try db.execute(AccountStatements.clearFailures(user: session.user, client: client))
            _ = try Self.append(audit, db: db, at: self.now())
        }
    }

    public func recordRefusal(_ audit: AuditDraft) async throws(StoreError) {
        _ = try await appendAudit(audit)
    }

    public func session(tokenHash: String) async throws(StoreError) -> StoredSession? {
        try await read { db in
            try db.rows(AccountStatements.session(tokenHash)).first.map { row throws(StoreError) in
                StoredSession(
                    session: SessionRecord(
                        tokenHash: row[0], user: row[1], createdAt: row[2], lastSeenAt: row[3], idleTimeout: row[4], expiresAt: row[5],
                        revokedAt: row[6]),
                    user: try AccountStatements.user(name: row[7], role: row[8], passwordHash: row[9], createdAt: row[10], disabled: row[11]))
            }
        }
    }

    public func touchSession(tokenHash: String, at time: Int64) async throws(StoreError) {
        try await write { db in try db.execute(AccountStatements.touch(tokenHash, at: time)) }
    }

    public func revokeSession(tokenHash: String, at time: Int64, audit: AuditDraft) async throws(StoreError) {
        try await write { db in
            guard try !db.rows(AccountStatements.revoke(tokenHash, at: time)).isEmpty else {
                throw try db.strings(AccountStatements.sessionExists(tokenHash)).isEmpty
                    ? AccountStatements.noSession() : AccountStatements.sessionRevoked()
            }
            _ = try Self.append(audit, db: db, at: self.now())
        }
    }

    private static func user(row: Row) throws(StoreError) -> UserRecord {
        try AccountStatements.user(name: row[0], role: row[1], passwordHash: row[2], createdAt: row[3], disabled: row[4])
    }
}
