import Audit
import Foundation
import HummingbirdBcrypt
import Store
import Synchronization

/// The Workbench's accounts: users with a role and a bcrypt-hashed password, sign-in (audited, and
/// slowed after repeated failures of one name from one client), sessions with idle and absolute expiry,
/// sign-out, and the CSRF token of each session. Decided here; stored by the store (`AccountStore`).
public struct Accounts: Sendable {
    public let store: any AccountStore
    public let policy: AccountPolicy
    /// Milliseconds since 1970 (injected by tests).
    public let clock: @Sendable () -> Int64
    /// Hashes verified when the name is unknown, so an unknown name costs as long as a wrong password: one per
    /// bcrypt cost, made on first use (a hash costs as long as a sign-in) and shared, so starting costs nothing.
    private static let decoys = Mutex<[UInt8: String]>([:])

    public init(store: any AccountStore, policy: AccountPolicy = AccountPolicy(), clock: @escaping @Sendable () -> Int64 = StoreClock.milliseconds) {
        self.store = store
        self.policy = policy
        self.clock = clock
    }

    /// The decoy hash for this policy's cost.
    private var decoy: String {
        Self.decoys.withLock { made in
            if let hash = made[policy.bcryptCost] { return hash }
            let hash = Bcrypt.hash(Accounts.randomToken(), cost: policy.bcryptCost)
            made[policy.bcryptCost] = hash
            return hash
        }
    }

    /// The accounts kept by `store`; `unavailable` when that store keeps none.
    public init(store: any Store, policy: AccountPolicy = AccountPolicy(), clock: @escaping @Sendable () -> Int64 = StoreClock.milliseconds)
        throws(StoreError)
    {
        guard let accounts = store as? any AccountStore else {
            throw StoreError(.unavailable, "this store keeps no Workbench accounts")
        }
        self.init(store: accounts, policy: policy, clock: clock)
    }

    /// The shortest password accepted.
    public static let minimumPasswordLength = 12
    /// The longest password accepted, in UTF-8 bytes: bcrypt reads no further, so a longer one is refused, never cut.
    public static let maximumPasswordBytes = 72

    /// What the audit log names a user as.
    public static func actor(_ name: String) -> String { "user:" + name }

    // MARK: - Users

    /// Creates a user with `role` and `password` (hashed with bcrypt), audited with `actor`. `InvalidInput`
    /// naming `name` or `password` when one breaks its rule; `StoreError.conflict` when the name is taken.
    public func createUser(name: String, role: Role, password: String, actor: String) async throws -> UserRecord {
        try Self.checkName(name)
        guard role != .landmark else { throw InvalidInput("role", "role must be screener, analyst, reviewer or admin (landmark is for API keys only)") }
        try Self.checkPassword(password)
        let user = UserRecord(name: name, role: role, passwordHash: Bcrypt.hash(password, cost: policy.bcryptCost), createdAt: clock())
        try await store.createUser(
            user,
            audit: AuditDraft(
                actor: actor, action: "user.create", input: Data("\(name) \(role.rawValue)".utf8),
                result: "created user \(name) (\(role.rawValue))", versions: ""))
        return user
    }

    /// Users by name after `name`, at most `limit`.
    public func users(after name: String = "", limit: Int) async throws(StoreError) -> [UserRecord] {
        try await store.users(after: name, limit: limit)
    }

    /// A name is 1 to 64 letters, digits, `.`, `_`, `-` or `@`.
    static func checkName(_ name: String) throws(InvalidInput) {
        guard (1...64).contains(name.count),
            name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-@".unicodeScalars.contains($0)) })
        else {
            throw InvalidInput("name", "the user name must be 1 to 64 letters, digits, '.', '_', '-' or '@', got \"\(name.prefix(80))\"")
        }
    }

    static func checkPassword(_ password: String) throws(InvalidInput) {
        guard password.count >= minimumPasswordLength else {
            throw InvalidInput("password", "the password must have at least \(minimumPasswordLength) characters")
        }
        guard password.utf8.count <= maximumPasswordBytes else {
            throw InvalidInput("password", "the password must have at most \(maximumPasswordBytes) bytes (bcrypt reads no further)")
        }
        guard !password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            throw InvalidInput("password", "the password must not contain control characters")
        }
    }

    // MARK: - Signing in and out

    /// Signs `name` in from `client` (the address the request came from) with `password`. A success opens a
    /// session, clears the failures of this name from this client and is audited; a failure is counted and
    /// audited; a success first deletes the sessions that ended long ago (`sweepEndedSessions()`); after
    /// `policy.failuresBeforeDelay` failures each try must wait (doubling), and a try too soon
    /// is refused unchecked, and audited.
    public func signIn(name: String, password: String, client: String) async throws(SignInError) -> SignedIn {
        let now = clock()
        let input = Data("\(name) \(client)".utf8)
        do {
            // A name no user can have is refused (and audited) without being counted: failures are kept per
            // possible name only, so made-up names cannot fill the table.
            guard (try? Self.checkName(name)) != nil else {
                _ = Bcrypt.verify(password, hash: decoy)
                try await store.recordRefusal(
                    AuditDraft(
                        actor: "client:" + client, action: "user.sign_in.failure", input: input,
                        result: "failed sign-in as an impossible user name (\(name.count) characters)", versions: ""))
                throw SignInError.refused
            }
            if let failures = try await store.signInFailures(user: name, client: client) {
                let wait = failures.lastAt + policy.delay(afterFailures: failures.count) - now
                if wait > 0 {
                    try await store.recordRefusal(
                        AuditDraft(
                            actor: "client:" + client, action: "user.sign_in.slowed", input: input,
                            result: "sign-in as \(name) refused unchecked: \(failures.count) failures, next try in \(wait) ms", versions: ""))
                    throw SignInError.slowed(retryAfter: wait)
                }
            }
            let user = try await store.user(name: name)
            let matches = Bcrypt.verify(password, hash: user?.passwordHash ?? decoy)
            guard let user, matches, !user.disabled else {
                let failures = try await store.recordSignInFailure(
                    user: name, client: client, at: now,
                    audit: AuditDraft(
                        actor: "client:" + client, action: "user.sign_in.failure", input: input,
                        result: "failed sign-in as \(name)" + (user?.disabled == true ? " (disabled)" : ""), versions: ""))
                let wait = policy.delay(afterFailures: failures.count)
                if wait > 0 {
                    try await store.recordRefusal(
                        AuditDraft(
                            actor: "client:" + client, action: "user.sign_in.slowed", input: input,
                            result: "\(failures.count) failed sign-ins as \(name): next try in \(wait) ms", versions: ""))
                }
                throw SignInError.refused
            }
            try await sweepEndedSessions()
            let token = Self.randomToken()
            let session = SessionRecord(
                tokenHash: Self.hash(token), user: user.name, createdAt: now, lastSeenAt: now, idleTimeout: policy.idleTimeout,
                expiresAt: now + policy.absoluteLifetime)
            try await store.recordSignIn(
                session, client: client,
                audit: AuditDraft(
                    actor: Self.actor(user.name), action: "user.sign_in", input: input, result: "signed in from \(client)", versions: ""))
            return SignedIn(
                token: token,
                session: ActiveSession(user: user, tokenHash: session.tokenHash, csrfToken: Self.csrfToken(for: token), expiresAt: session.expiresAt))
        } catch let error as SignInError {
            throw error
        } catch let error as StoreError {
            throw .store(error.kind, error.message)
        } catch {
            throw .store(.database, "\(error)")
        }
    }

    /// What `token` leads to now; a standing session's last use is moved (at most once per `policy.touchInterval`,
    /// or a quarter of the session's idle timeout when that is shorter).
    public func session(token: String) async throws(StoreError) -> SessionLookup {
        guard !token.isEmpty, let stored = try await store.session(tokenHash: Self.hash(token)) else { return .unknown }
        let now = clock()
        let session = stored.session
        if session.revokedAt != nil { return .revoked }
        if now >= session.expiresAt { return .expired }
        if now - session.lastSeenAt >= session.idleTimeout { return .idleExpired }
        if stored.user.disabled { return .disabled }
        if now - session.lastSeenAt >= policy.touchInterval(idleTimeout: session.idleTimeout) { try await store.touchSession(tokenHash: session.tokenHash, at: now) }
        return .active(
            ActiveSession(user: stored.user, tokenHash: session.tokenHash, csrfToken: Self.csrfToken(for: token), expiresAt: session.expiresAt))
    }

    /// Signs a session out (it stops working at once), audited with its user as actor.
    public func signOut(_ session: ActiveSession) async throws(StoreError) {
        try await store.revokeSession(
            tokenHash: session.tokenHash, at: clock(),
            audit: AuditDraft(
                actor: session.actor, action: "user.sign_out", inputDigest: session.tokenHash, result: "signed out", versions: ""))
    }

    // MARK: - Tokens

    /// A new random token: 256 bits, base64url without padding.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The CSRF token forms carry for the holder of `secret` (a session token, or a signed-out visitor's
    /// nonce): a hash of it under its own label, so it reveals neither the secret nor the stored hash.
    public static func csrfToken(for secret: String) -> String {
        AuditRecord.digest(Data("clearance-workbench-csrf\u{0}\(secret)".utf8))
    }

    /// Whether `submitted` is the CSRF token of `secret` (compared in constant time); false when either is missing.
    public static func checkCSRF(_ submitted: String?, secret: String?) -> Bool {
        guard let submitted, let secret, !secret.isEmpty else { return false }
        let expected = Array(csrfToken(for: secret).utf8)
        let given = Array(submitted.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(expected, given) { difference |= left ^ right }
        return difference == 0
    }

    static func hash(_ token: String) -> String { AuditRecord.digest(Data(token.utf8)) }
}
