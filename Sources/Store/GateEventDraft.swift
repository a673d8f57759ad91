import Audit

/// A gate event to record: the id it was spooled under (so a replay never records it twice) and its audit record.
public struct GateEventDraft: Sendable, Hashable {
    /// The event's id, unique per event (`ge_…`).
    public var id: String
    public var audit: AuditDraft

    public init(id: String, audit: AuditDraft) {
        self.id = id
        self.audit = audit
    }
}
