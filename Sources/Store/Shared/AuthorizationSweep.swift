/// Which outstanding PERMITs a revocation touches, and the reason each is revoked with: decided above
/// the store (a case decision, a licence revocation) or by the screening rule, applied by both backends
/// with the same statements in the transaction that causes it.
public struct AuthorizationSweep: Sendable, Hashable {
    /// Whose authorisations.
    public enum Scope: Sendable, Hashable {
        /// Those issued for a stored party (by its id).
        case party(String)
        /// Those that drew on a licence (by its number).
        case license(String)
        /// The one with this id (a device released under it).
        case authorization(String)
        /// Those issued for a stored party that drew on a licence (a device released to it under the licence).
        case partyLicense(party: String, license: String)
    }

    /// Whose authorisations it revokes.
    public var scope: Scope
    /// Written into each revoked authorisation and its entry in the revocation feed.
    public var reason: String

    public init(_ scope: Scope, reason: String) {
        self.scope = scope
        self.reason = reason
    }

    /// Marks revoked every PERMIT in scope that is neither revoked nor expired at `time`; returns their ids.
    func revoke(at time: Int64) -> SQLStatement {
        let (condition, keys): (String, [String]) =
            switch scope {
            case .party(let id): ("party_id = ?", [id])
            case .license(let id): ("license_id = ?", [id])
            case .authorization(let id): ("id = ?", [id])
            case .partyLicense(let party, let license): ("party_id = ? AND license_id = ?", [party, license])
            }
        return SQLStatement(
            """
            UPDATE authorizations SET revoked_at = ?, revoked_reason = ?
            WHERE \(condition) AND verdict = 'PERMIT' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
            RETURNING id
            """, arguments: ([time, reason] as [any SQLBindable]) + keys.map { $0 as any SQLBindable } + [time as any SQLBindable])
    }

    /// The revocation feed's entry for authorisation `id` (entries are written in id order, so the feed
    /// lists one sweep's revocations in a stable order).
    func feedEntry(_ id: String, at time: Int64) -> SQLStatement {
        SQLStatement("INSERT INTO revocations (authorization_id, reason, revoked_at) VALUES (?, ?, ?)", id, reason, time)
    }
}
