/// The statements of users, sessions and sign-in failures, each written once for both backends.
enum AccountStatements {
    static let userColumns = "SELECT name, role, password_hash, created_at, disabled FROM users"
    static let sessionColumns = """
        SELECT s.token_hash, s.user_name, s.created_at, s.last_seen_at, s.idle_timeout, s.expires_at, s.revoked_at,
               u.name, u.role, u.password_hash, u.created_at, u.disabled
        FROM sessions s JOIN users u ON u.name = s.user_name
        """

    /// Inserts a user; returns the name only when it was free.
    static func insertUser(_ user: UserRecord) -> SQLStatement {
        SQLStatement(
            "INSERT INTO users (name, role, password_hash, created_at, disabled) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING RETURNING name",
            user.name, user.role.rawValue, user.passwordHash, user.createdAt, user.disabled ? 1 : 0)
    }

    static func user(_ name: String) -> SQLStatement {
        SQLStatement("\(userColumns) WHERE name = ?", name)
    }

    static func users(after name: String, limit: Int) -> SQLStatement {
        SQLStatement("\(userColumns) WHERE name > ? ORDER BY name LIMIT ?", name, limit)
    }

    static let userCount = SQLStatement("SELECT COUNT(*) FROM users")

    static func failures(user: String, client: String) -> SQLStatement {
        SQLStatement("SELECT failures, last_failure_at FROM sign_in_failures WHERE user_name = ? AND client = ?", user, client)
    }

    /// Counts one more failure; returns the count and time now stored.
    static func recordFailure(user: String, client: String, at time: Int64) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO sign_in_failures (user_name, client, failures, last_failure_at) VALUES (?, ?, 1, ?)
            ON CONFLICT (user_name, client) DO UPDATE SET failures = sign_in_failures.failures + 1, last_failure_at = excluded.last_failure_at
            RETURNING failures, last_failure_at
            """, user, client, time)
    }

    static func clearFailures(user: String, client: String) -> SQLStatement {
        SQLStatement("DELETE FROM sign_in_failures WHERE user_name = ? AND client = ?", user, client)
    }

    static func insertSession(_ session: SessionRecord) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO sessions (token_hash, user_name, created_at, last_seen_at, idle_timeout, expires_at, revoked_at)
            VALUES (?, ?, ?, ?, ?, ?, NULL)
            """, session.tokenHash, session.user, session.createdAt, session.lastSeenAt, session.idleTimeout, session.expiresAt)
    }

    static func session(_ tokenHash: String) -> SQLStatement {
        SQLStatement("\(sessionColumns) WHERE s.token_hash = ?", tokenHash)
    }

    static func touch(_ tokenHash: String, at time: Int64) -> SQLStatement {
        SQLStatement("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?", time, tokenHash, time)
    }

    /// Revokes a standing session; returns its hash only when it was standing.
    static func revoke(_ tokenHash: String, at time: Int64) -> SQLStatement {
        SQLStatement("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL RETURNING token_hash", time, tokenHash)
    }

    static func sessionExists(_ tokenHash: String) -> SQLStatement {
        SQLStatement("SELECT token_hash FROM sessions WHERE token_hash = ?", tokenHash)
    }

    /// The user of a `users` row; a role the schema does not know is an error naming the user and column.
    static func user(name: String, role: String, passwordHash: String, createdAt: Int64, disabled: Int64) throws(StoreError) -> UserRecord {
        guard let known = Role(rawValue: role) else {
            throw StoreError(.database, "user \(name): the stored role \"\(role)\" (users.role) is not a role")
        }
        return UserRecord(name: name, role: known, passwordHash: passwordHash, createdAt: createdAt, disabled: disabled != 0)
    }

    static func userTaken(_ name: String) -> StoreError { StoreError(.conflict, "a user named \(name) exists") }
    static func noSession() -> StoreError { StoreError(.notFound, "no such session") }
    static func sessionRevoked() -> StoreError { StoreError(.conflict, "the session is already signed out") }
}
