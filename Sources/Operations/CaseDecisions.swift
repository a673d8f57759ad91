import Foundation
import Store

/// One alert's answer in a bulk decision.
public enum BulkDecisionOutcome: Sendable, Hashable {
    case decided(AlertRecord)
    /// Not decided, and why (no such alert, or no longer open).
    case refused(alertID: Int64, reason: String)
}

extension ComplianceService {
    /// The most alerts one bulk decision takes.
    public static let maximumBulkDecision = 200

    /// Decides several alerts the same way with one reason, each through `decide` (its own transaction and
    /// audit record, the same rule as a single decision); an alert that cannot be decided is reported, never
    /// skipped silently. `InvalidInput` naming `alerts` when there are none or too many, `reason` when it is empty.
    public func decide(alertIDs: [Int64], decision: Decision, reason: String, actor: String) async throws -> [BulkDecisionOutcome] {
        guard !alertIDs.isEmpty else { throw InvalidInput("alerts", "select at least one alert") }
        guard alertIDs.count <= Self.maximumBulkDecision else {
            throw InvalidInput("alerts", "at most \(Self.maximumBulkDecision) alerts can be decided at once, got \(alertIDs.count)")
        }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw InvalidInput("reason", "a reason is required") }
        var outcomes: [BulkDecisionOutcome] = []
        for id in alertIDs {
            do {
                outcomes.append(.decided(try await decide(alertID: id, decision: decision, reason: reason, actor: actor)))
            } catch {
                guard error.kind == .notFound || error.kind == .conflict else { throw error }
                outcomes.append(.refused(alertID: id, reason: error.message))
            }
        }
        return outcomes
    }
}
