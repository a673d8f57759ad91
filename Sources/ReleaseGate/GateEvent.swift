/// One request the gate answered: what was asked for, under which decision, and whether it was released.
public struct GateEvent: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        case released, denied
    }

    public var outcome: Outcome
    /// The artefact id asked for.
    public var artifact: String
    /// The decision the token names, when the token could be read.
    public var decisionID: String?
    /// The party the token names.
    public var subject: String?
    /// Why it was denied (`expired: …`), or what was released (`bytes 0-99`).
    public var detail: String

    public init(outcome: Outcome, artifact: String, decisionID: String?, subject: String?, detail: String) {
        self.outcome = outcome
        self.artifact = artifact
        self.decisionID = decisionID
        self.subject = subject
        self.detail = detail
    }
}

/// Where the gate reports what it released and refused (Clearance writes both to its audit chain).
public protocol GateAuditor: Sendable {
    func record(_ event: GateEvent) async
}
