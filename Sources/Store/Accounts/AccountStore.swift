import Audit

/// The Workbench's accounts and sessions, beside the `Store` (both stores implement it, on their own
/// tables). It persists and decides nothing: who may sign in, when a session has expired and how long a
/// client must wait after failures are decided by Operations (`Accounts`), which hands the results down.
public protocol AccountStore: Sendable {
    /// Stores a new user and audits it; `conflict` if the name is taken.
    func createUser(_ user: UserRecord, audit: AuditDraft) async throws(StoreError)
    /// The user named `name`.
    func user(name: String) async throws(StoreError) -> UserRecord?
    /// Users by name, after `name` (keyset), at most `limit`.
    func users(after name: String, limit: Int) async throws(StoreError) -> [UserRecord]
    /// How many users there are.
    func userCount() async throws(StoreError) -> Int

    /// The failures of `user` from `client` since the last success (nil: none).
    func signInFailures(user: String, client: String) async throws(StoreError) -> SignInFailures?
    /// Records one failed sign-in of `user` from `client` at `time` and its audit record, in one
    /// transaction; returns the failures now counted.
    func recordSignInFailure(user: String, client: String, at time: Int64, audit: AuditDraft) async throws(StoreError) -> SignInFailures
    /// Records a sign-in: stores `session`, clears the failures of its user from `client`, and audits it,
    /// in one transaction.
    func recordSignIn(_ session: SessionRecord, client: String, audit: AuditDraft) async throws(StoreError)
    /// Appends an audit record that changes nothing else (a refused sign-in).
    func recordRefusal(_ audit: AuditDraft) async throws(StoreError)

    /// The session whose token hashes to `tokenHash`, with its user (revoked or expired sessions too:
    /// whether it still stands is decided above the store).
    func session(tokenHash: String) async throws(StoreError) -> StoredSession?
    /// Moves a session's last use to `time`.
    func touchSession(tokenHash: String, at time: Int64) async throws(StoreError)
    /// Revokes a session at `time` and audits it; `notFound` without it, `conflict` if already revoked.
    func revokeSession(tokenHash: String, at time: Int64, audit: AuditDraft) async throws(StoreError)
    /// Deletes every session that ended before `time`: past its absolute end, unused for its idle timeout, or
    /// revoked; returns how many were deleted.
    func deleteSessions(endedBefore time: Int64) async throws(StoreError) -> Int
}
