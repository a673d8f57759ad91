/// A case decision as the operation decided it (see Operations' `AlertTransition`), for the store to
/// record with its effects in one transaction.
public struct AlertDecisionRecord: Sendable, Hashable {
    public var alertID: Int64
    /// The status the decision was taken from: recording it is refused with `conflict` (nothing written)
    /// when the alert is no longer in it, e.g. another analyst decided it meanwhile.
    public var from: AlertStatus
    /// The status the alert goes to.
    public var to: AlertStatus
    public var reason: String
    public var actor: String
    /// Whether the pair (party, entity) is suppressed at the alert's digests, until either side changes.
    public var suppressesPair: Bool
    /// The authorisations the decision revokes, if any.
    public var sweep: AuthorizationSweep?

    public init(
        alertID: Int64, from: AlertStatus, to: AlertStatus, reason: String, actor: String, suppressesPair: Bool,
        sweep: AuthorizationSweep?
    ) {
        self.alertID = alertID
        self.from = from
        self.to = to
        self.reason = reason
        self.actor = actor
        self.suppressesPair = suppressesPair
        self.sweep = sweep
    }
}
