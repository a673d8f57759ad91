/// The decision point's answer: release, refuse, or hold for a person to decide.
public enum Verdict: String, Sendable, Hashable, Codable, Comparable {
    case permit = "PERMIT"
    case review = "REVIEW"
    case deny = "DENY"

    private var rank: Int {
        switch self {
        case .permit: 0
        case .review: 1
        case .deny: 2
        }
    }

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }
}

/// One reason behind a verdict: what was found, what it means, and the rule.
public struct VerdictReason: Sendable, Hashable, Codable {
    /// A stable code, e.g. `party_true_match`, `license_required`, `licensed`.
    public var code: String
    /// The verdict this reason alone would give.
    public var verdict: Verdict
    public var explanation: String
    /// The regulation, e.g. `15 CFR 744.11; Supp. No. 4 to Part 744`.
    public var citation: String?

    public init(code: String, verdict: Verdict, explanation: String, citation: String?) {
        self.code = code
        self.verdict = verdict
        self.explanation = explanation
        self.citation = citation
    }
}
