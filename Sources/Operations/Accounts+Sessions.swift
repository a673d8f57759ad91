import Store

extension Accounts {
    /// Deletes the sessions that ended (idle, past their absolute lifetime, or signed out) more than
    /// `policy.endedSessionRetention` ago, so the sessions table holds only recent sign-ins; returns how many
    /// went. Signing in does it first; a store that cannot do it fails the sign-in.
    @discardableResult
    public func sweepEndedSessions() async throws(StoreError) -> Int {
        try await store.deleteSessions(endedBefore: clock() - policy.endedSessionRetention)
    }
}
