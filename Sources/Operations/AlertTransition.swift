import Audit
import Store

/// What deciding an alert does: the case rule, written once above the store, which records what it decides.
public enum AlertTransition {
    /// The decision to record for `decision` on `alert`. Only an open alert can be decided; a false
    /// positive suppresses the pair (party, entity) until either side changes; a true match revokes the
    /// party's outstanding PERMITs. `conflict` when the alert is not open.
    public static func decide(_ alert: AlertRecord, _ decision: Decision, reason: String, actor: String) throws(StoreError)
        -> AlertDecisionRecord
    {
        guard alert.status == .open else {
            throw StoreError(.conflict, "alert \(alert.id) is already \(alert.status.rawValue); only open alerts can be decided")
        }
        switch decision {
        case .falsePositive:
            return AlertDecisionRecord(
                alertID: alert.id, from: .open, to: .falsePositive, reason: reason, actor: actor, suppressesPair: true, sweep: nil)
        case .trueMatch:
            return AlertDecisionRecord(
                alertID: alert.id, from: .open, to: .trueMatch, reason: reason, actor: actor, suppressesPair: false,
                sweep: AuthorizationSweep(
                    .party(alert.partyID), reason: "party \(alert.partyID) confirmed as \(alert.entityID) (alert \(alert.id), true match)"))
        }
    }
}

extension Store {
    /// Decides an open alert with a reason (the rule: `AlertTransition`), recording the decision, its
    /// effects and `audit` in one transaction. `notFound` without the alert; `conflict` when it is not
    /// open, or stops being open before the decision is written (another analyst decided it meanwhile).
    public func decide(alertID: Int64, decision: Decision, reason: String, actor: String, audit: AuditDraft)
        async throws(StoreError) -> AlertRecord
    {
        guard let alert = try await alert(id: alertID) else { throw StoreError(.notFound, "no alert \(alertID)") }
        return try await recordAlertDecision(AlertTransition.decide(alert, decision, reason: reason, actor: actor), audit: audit)
    }
}
