/// A person who signs in to the Workbench: a name, a role (the API keys' roles), and a bcrypt hash of the
/// password (never the password).
public struct UserRecord: Sendable, Hashable {
    /// The sign-in name, unique; the audit log names the user as `user:<name>`.
    public var name: String
    public var role: Role
    /// The bcrypt hash (`$2b$…`) of the password.
    public var passwordHash: String
    /// Milliseconds since 1970.
    public var createdAt: Int64
    /// A disabled user cannot sign in, and their sessions stop working.
    public var disabled: Bool

    public init(name: String, role: Role, passwordHash: String, createdAt: Int64, disabled: Bool = false) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.disabled = disabled
    }
}

/// A signed-in session as stored: only the SHA-256 of its token is kept, so a copy of the database
/// cannot be used to sign in.
public struct SessionRecord: Sendable, Hashable {
    /// SHA-256 (hex) of the session token.
    public var tokenHash: String
    /// The user's name.
    public var user: String
    /// Milliseconds since 1970, as every time below.
    public var createdAt: Int64
    /// When the session was last used (moved at most once a minute).
    public var lastSeenAt: Int64
    /// After how long without use the session ends, in milliseconds.
    public var idleTimeout: Int64
    /// When the session ends however much it is used.
    public var expiresAt: Int64
    /// When the user signed out (nil while the session stands).
    public var revokedAt: Int64?

    public init(
        tokenHash: String, user: String, createdAt: Int64, lastSeenAt: Int64, idleTimeout: Int64, expiresAt: Int64, revokedAt: Int64? = nil
    ) {
        self.tokenHash = tokenHash
        self.user = user
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.idleTimeout = idleTimeout
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// A session with its user, as one lookup returns them.
public struct StoredSession: Sendable, Hashable {
    public var session: SessionRecord
    public var user: UserRecord

    public init(session: SessionRecord, user: UserRecord) {
        self.session = session
        self.user = user
    }
}

/// The failed sign-ins of one user name from one client since the last success.
public struct SignInFailures: Sendable, Hashable {
    /// How many failures in a row.
    public var count: Int
    /// When the last one happened (milliseconds since 1970).
    public var lastAt: Int64

    public init(count: Int, lastAt: Int64) {
        self.count = count
        self.lastAt = lastAt
    }
}
