import Audit
import Logging
import PostgresNIO

/// Users, sessions and failed sign-ins on PostgreSQL.
extension PostgresStore: AccountStore {
    public func createUser(_ user: UserRecord, audit: AuditDraft) async throws(StoreError) {
        try await transaction { connection, logger in
            try await connection.require(AccountStatements.insertUser(user), logger: logger, else: AccountStatements.userTaken(user.name))
            _ = try await self.append(audit, connection: connection, logger: logger)
        }
    }

    public func user(name: String) async throws(StoreError) -> UserRecord? {
        try await run { connection, logger in try await Self.users(connection.run(AccountStatements.user(name), logger: logger)).first }
    }

    public func users(after name: String, limit: Int) async throws(StoreError) -> [UserRecord] {
        try await run { connection, logger in
            try await Self.users(connection.run(AccountStatements.users(after: name, limit: limit), logger: logger))
        }
    }

    public func userCount() async throws(StoreError) -> Int {
        try await run { connection, logger in
            for try await count in try await connection.run(AccountStatements.userCount, logger: logger).decode(Int64.self) { return Int(count) }
            return 0
        }
    }

    public func signInFailures(user: String, client: String) async throws(StoreError) -> SignInFailures? {
        try await run { connection, logger in
            for try await (count, last) in try await connection.run(AccountStatements.failures(user: user, client: client), logger: logger)
                .decode((Int64, Int64).self)
            {
                return SignInFailures(count: Int(count), lastAt: last)
            }
            return nil
        }
    }

    public func recordSignInFailure(user: String, client: String, at time: Int64, audit: AuditDraft) async throws(StoreError)
        -> SignInFailures
    {
        try await transaction { connection, logger in
            var counted: SignInFailures?
            for try await (count, last) in try await connection.run(
                AccountStatements.recordFailure(user: user, client: client, at: time), logger: logger
            ).decode((Int64, Int64).self) {
                counted = SignInFailures(count: Int(count), lastAt: last)
            }
            guard let counted else { throw StoreError(.database, "the failed sign-in of \(user) was not counted") }
            _ = try await self.append(audit, connection: connection, logger: logger)
            return counted
        }
    }

    public func recordSignIn(_ session: SessionRecord, client: String, audit: AuditDraft) async throws(StoreError) {
        try await transaction { connection, logger in
            try await connection.run(AccountStatements.insertSession(session), logger: logger)
            try await connection.run(AccountStatements.clearFailures(user: session.user, client: client), logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger)
        }
    }

    public func recordRefusal(_ audit: AuditDraft) async throws(StoreError) {
        _ = try await appendAudit(audit)
    }

    public func session(tokenHash: String) async throws(StoreError) -> StoredSession? {
        try await run { connection, logger in
            for try await row in try await connection.run(AccountStatements.session(tokenHash), logger: logger) {
                let (hash, user, created, seen, idle, expires, revoked, name, role, password, userCreated, disabled) = try row.decode(
                    (String, String, Int64, Int64, Int64, Int64, Int64?, String, String, String, Int64, Int64).self)
                return StoredSession(
                    session: SessionRecord(
                        tokenHash: hash, user: user, createdAt: created, lastSeenAt: seen, idleTimeout: idle, expiresAt: expires,
                        revokedAt: revoked),
                    user: try AccountStatements.user(name: name, role: role, passwordHash: password, createdAt: userCreated, disabled: disabled))
            }
            return nil
        }
    }

    public func touchSession(tokenHash: String, at time: Int64) async throws(StoreError) {
        try await run { connection, logger in _ = try await connection.run(AccountStatements.touch(tokenHash, at: time), logger: logger) }
    }

    public func revokeSession(tokenHash: String, at time: Int64, audit: AuditDraft) async throws(StoreError) {
        try await transaction { connection, logger in
            guard try await !connection.strings(AccountStatements.revoke(tokenHash, at: time), logger: logger).isEmpty else {
                throw try await connection.strings(AccountStatements.sessionExists(tokenHash), logger: logger).isEmpty
                    ? AccountStatements.noSession() : AccountStatements.sessionRevoked()
            }
            _ = try await self.append(audit, connection: connection, logger: logger)
        }
    }

    private static func users(_ rows: PostgresRowSequence) async throws -> [UserRecord] {
        var users: [UserRecord] = []
        for try await (name, role, password, created, disabled) in rows.decode((String, String, String, Int64, Int64).self) {
            users.append(try AccountStatements.user(name: name, role: role, passwordHash: password, createdAt: created, disabled: disabled))
        }
        return users
    }
}
