import Store

/// Why a sign-in was refused. The words never tell a wrong name from a wrong password.
public enum SignInError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name and password do not match an enabled user.
    case refused
    /// Too many failures from this client for this name: try again after this many milliseconds.
    case slowed(retryAfter: Int64)
    /// The store could not check or record the attempt (nothing was decided).
    case store(StoreError.Kind, String)

    public var description: String {
        switch self {
        case .refused: "the user name or password is not right"
        case .slowed(let wait): "too many failed sign-ins: try again in \(max(1, (wait + 999) / 1000)) s"
        case .store(_, let message): message
        }
    }
}

/// What a session token leads to.
public enum SessionLookup: Sendable, Hashable {
    /// A standing session of an enabled user.
    case active(ActiveSession)
    /// No session has this token.
    case unknown
    /// Signed out.
    case revoked
    /// Unused for longer than the idle timeout.
    case idleExpired
    /// Older than the absolute lifetime.
    case expired
    /// Its user is disabled.
    case disabled
}

/// A signed-in user's standing session, as a page needs it.
public struct ActiveSession: Sendable, Hashable {
    public var user: UserRecord
    /// SHA-256 (hex) of the token: how the store names the session.
    public var tokenHash: String
    /// The token a form must carry back (`Accounts.csrfToken(for:)` of the session token).
    public var csrfToken: String
    /// When the session ends at the latest (milliseconds since 1970).
    public var expiresAt: Int64
    /// What the audit log names this user as: `user:<name>`.
    public var actor: String { Accounts.actor(user.name) }
}

/// A sign-in that succeeded: the token to set as the cookie (shown only now; the store keeps its hash).
public struct SignedIn: Sendable, Hashable {
    public var token: String
    public var session: ActiveSession
}
