import Tabular

/// The answer to a transfer check, most severe first: blocked > needs_review >
/// permitted_with_conditions > permitted (RULES.md does not state how rules combine; the most
/// severe one governs).
public enum TransferOutcome: String, Sendable, Hashable, Comparable, CaseIterable {
    case permitted
    case permittedWithConditions = "permitted_with_conditions"
    case needsReview = "needs_review"
    case blocked

    private var severity: Int {
        switch self {
        case .permitted: 0
        case .permittedWithConditions: 1
        case .needsReview: 2
        case .blocked: 3
        }
    }

    public static func < (lhs: TransferOutcome, rhs: TransferOutcome) -> Bool { lhs.severity < rhs.severity }
}

/// A rule that applies (or may apply, pending a fact) to the transfer, and what it gives.
public struct AppliedRule: Sendable, Hashable {
    public var id: String
    public var jurisdiction: String
    public var iso2: String
    public var ruleType: String
    public var requirement: String
    public var legalBasis: String
    /// The date the rule applies from, when recorded.
    public var effective: CivilDate?
    /// The source's effective text, unchanged.
    public var effectiveText: String
    public var confidence: String
    /// `rules.csv:LINE`.
    public var source: String
    /// `data_transfer_rules.csv:LINE` in the shared folder, when the row came from there.
    public var original: String?
    /// What this rule alone gives.
    public var outcome: TransferOutcome
    /// Why, in one sentence.
    public var reason: String
    /// The fact the rule depends on when it was not answered (`--fact KEY=yes|no`).
    public var pendingFact: String?
    /// Whether the rule is the personal-data rule applied to sensitive or health data (RULES.md A.18).
    public var asPersonal: Bool
}

/// A step the exporter still has to take, and the rule asking for it (nil for a category-wide step).
public struct RequiredStep: Sendable, Hashable {
    public var text: String
    public var ruleID: String?
}

/// A trade agreement in force for both parties on the date, with its data disciplines at that date.
public struct AgreementInForce: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Each party's entry-into-force date (party codes as the agreement lists them, `EU` for member states).
    public var inForceFor: [PartyDate]
    /// The article text per discipline at the date ("" when the data has none).
    public var articles: [Discipline: String]
    public var confidence: String

    /// A party and the date the agreement entered into force for it.
    public struct PartyDate: Sendable, Hashable {
        public var party: String
        public var date: CivilDate
    }
}

/// A localisation, transfer-ban or source-code rule of the origin against an agreement discipline.
public struct Conflict: Sendable, Hashable {
    /// Whether the partner state could challenge the measure under the agreement.
    public enum Assessment: String, Sendable, Hashable {
        case challengeable
        /// Challengeable in principle, subject to the exceptions named in `reasons`.
        case caveated
        /// A carve-out or missing discipline means the agreement does not reach the measure.
        case notChallengeable = "not_challengeable"
    }

    public var ruleID: String
    public var jurisdiction: String
    public var agreementID: String
    public var discipline: Discipline
    public var article: String
    public var assessment: Assessment
    public var reasons: [String]
}

/// A mapped rule that is not yet in force on the date.
public struct UpcomingRule: Sendable, Hashable {
    public var id: String
    public var jurisdiction: String
    public var from: CivilDate
}

/// The full answer: outcome, the rules behind it, the steps still required, the agreements and
/// conflicts, and the data version it was decided on.
public struct TransferDecision: Sendable, Hashable {
    public var outcome: TransferOutcome
    public var category: String
    public var from: String
    public var to: String
    /// The jurisdictions whose rules were read (`EU` for EU/EEA states).
    public var fromJurisdiction: String
    public var toJurisdiction: String
    public var date: CivilDate
    /// Whether `date` was given; false when today's date (UTC) was used.
    public var dateGiven: Bool
    public var mechanisms: [String]
    public var certifications: [String]
    public var facts: [String: Bool]
    /// Why the outcome is what it is, most severe first.
    public var reasons: [String]
    public var rules: [AppliedRule]
    public var steps: [RequiredStep]
    public var agreements: [AgreementInForce]
    public var conflicts: [Conflict]
    public var upcoming: [UpcomingRule]
    public var notes: [String]
    public var dataVersion: String
}
