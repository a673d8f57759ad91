/// One request the gate answered: what was asked for, under which decision, and whether it was released.
public struct GateEvent: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
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

    enum CodingKeys: String, CodingKey {
        case outcome, artifact, subject, detail
        case decisionID = "decision_id"
    }
}

/// Where the gate reports what it released and refused (Clearance writes both to its audit chain).
public protocol GateAuditor: Sendable {
    /// Records `event` durably before the gate answers; when it cannot, it throws and the gate refuses
    /// the request (503) rather than answer unrecorded.
    func record(_ event: GateEvent) async throws(GateAuditError)
}

/// Why a gate event could not be recorded: the place (a spool file) and the problem.
public struct GateAuditError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file or resource that failed, e.g. `/var/lib/clearance/gate-spool/00000000000000000007.jsonl`.
    public var place: String
    public var problem: String

    public init(place: String, problem: String) {
        self.place = place
        self.problem = problem
    }

    public var description: String { "\(place): \(problem)" }
}
