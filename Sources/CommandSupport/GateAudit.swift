import Audit
import Foundation
import ReleaseGate
import Store

/// Writes a gate's spooled releases and refusals into the audit chain, one record each, once each.
public struct StoreGateAudit: Sendable {
    /// The store whose audit chain records the events.
    public let store: any Store

    /// A writer into `store`.
    public init(store: any Store) {
        self.store = store
    }

    /// Records `events` (each once: the store skips ids it already holds).
    @Sendable public func write(_ events: [SpooledGateEvent]) async throws {
        let drafts = events.map { spooled in
            let event = spooled.event
            let at = Date(timeIntervalSince1970: Double(spooled.at) / 1000).formatted(.iso8601)
            return GateEventDraft(
                id: spooled.id,
                audit: AuditDraft(
                    actor: spooled.gate, action: event.outcome == .released ? "gate.release" : "gate.deny",
                    input: Data("\(spooled.id) \(spooled.at) \(event.artifact) \(event.decisionID ?? "-") \(event.subject ?? "-")".utf8),
                    result: "\(event.outcome.rawValue) \(event.artifact)" + (event.decisionID.map { " under \($0)" } ?? "")
                        + ": \(event.detail) (at \(at), event \(spooled.id))",
                    versions: ""))
        }
        _ = try await store.recordGateEvents(drafts)
    }
}
