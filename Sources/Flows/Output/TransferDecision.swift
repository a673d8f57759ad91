import DataFormats

/// The answer to a transfer check, most severe first: blocked > needs_review >
/// permitted_with_conditions > permitted (RULES.md does not state how rules combine; the most
/// severe one governs).
public enum TransferOutcome: String, Sendable, Hashable, Comparable, CaseIterable {
    /// Every rule that applies allows the transfer as it stands.
    case permitted
    /// Allowed once the listed steps are taken (a mechanism, an assessment, a filing).
    case permittedWithConditions = "permitted_with_conditions"
    /// No rule is recorded, or a rule depends on a fact not given: a person must decide.
    case needsReview = "needs_review"
    /// A localisation rule or a prohibition stops it (what it still allows is in the notes).
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
    /// The rule key (rules.csv `rule_id`).
    public var id: String
    /// The jurisdiction as the source names it.
    public var jurisdiction: String
    /// The origin code the rule binds (`EU` for the EU/EEA).
    public var iso2: String
    /// The source's rule type.
    public var ruleType: String
    /// What the rule requires, as the source states it.
    public var requirement: String
    /// The statute, regulation or decision.
    public var legalBasis: String
    /// The date the rule applies from, when recorded.
    public var effective: CivilDate?
    /// The source's effective text, unchanged.
    public var effectiveText: String
    /// The source's confidence mark.
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
    /// What to do.
    public var text: String
    /// The rule asking for it, or nil for a category-wide step.
    public var ruleID: String?
}

/// A trade agreement in force for both parties on the date, with its data disciplines at that date.
public struct AgreementInForce: Sendable, Hashable {
    /// The agreement key (e.g. `USMCA`).
    public var id: String
    /// The agreement's name.
    public var name: String
    /// Each party's entry-into-force date (party codes as the agreement lists them, `EU` for member states).
    public var inForceFor: [PartyDate]
    /// The article text per discipline at the date ("" when the data has none).
    public var articles: [Discipline: String]
    /// The source's confidence mark for the agreement's articles.
    public var confidence: String

    /// A party and the date the agreement entered into force for it.
    public struct PartyDate: Sendable, Hashable {
        /// The party's code.
        public var party: String
        /// The date the agreement entered into force for it.
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

    /// The origin rule (rules.csv `rule_id`).
    public var ruleID: String
    /// The rule's jurisdiction.
    public var jurisdiction: String
    /// The agreement key.
    public var agreementID: String
    /// The discipline the rule meets.
    public var discipline: Discipline
    /// The agreement's article on it at the date ("" when it has none).
    public var article: String
    /// Whether the measure is challengeable.
    public var assessment: Assessment
    /// The carve-outs and caveats behind the assessment.
    public var reasons: [String]
}

/// A mapped rule that is not yet in force on the date.
public struct UpcomingRule: Sendable, Hashable {
    /// The rule key.
    public var id: String
    /// The rule's jurisdiction.
    public var jurisdiction: String
    /// The first day it applies.
    public var from: CivilDate
}

/// The full answer: outcome, the rules behind it, the steps still required, the agreements and
/// conflicts, and the data version it was decided on.
public struct TransferDecision: Sendable, Hashable {
    /// The most severe outcome of the rules applied.
    public var outcome: TransferOutcome
    /// The category key.
    public var category: String
    /// The origin as requested.
    public var from: String
    /// The destination as requested.
    public var to: String
    /// The jurisdictions whose rules were read (`EU` for EU/EEA states).
    public var fromJurisdiction: String
    /// The destination's jurisdiction (`EU` for EU/EEA states).
    public var toJurisdiction: String
    /// The date the rules were evaluated at.
    public var date: CivilDate
    /// Whether `date` was given; false when today's date (UTC) was used.
    public var dateGiven: Bool
    /// The mechanisms given.
    public var mechanisms: [String]
    /// The recipient's certifications given.
    public var certifications: [String]
    /// The posture facts given.
    public var facts: [String: Bool]
    /// Why the outcome is what it is, most severe first.
    public var reasons: [String]
    /// The rules that apply or may apply, in table order.
    public var rules: [AppliedRule]
    /// The steps still required, in rule order, without repeats.
    public var steps: [RequiredStep]
    /// The agreements in force for both parties on the date.
    public var agreements: [AgreementInForce]
    /// Origin rules against agreement disciplines.
    public var conflicts: [Conflict]
    /// Mapped rules that start after the date.
    public var upcoming: [UpcomingRule]
    /// Context: what does not apply and why, what a rule still allows, dated notes.
    public var notes: [String]
    /// The tables' snapshot and corrections.
    public var dataVersion: String
    /// The day the tables were compiled.
    public var dataCompiled: CivilDate
    /// Days from `dataCompiled` to `date` (0 when the date is on or before it).
    public var dataAgeDays: Int
    /// The tables past their age limit on `date` (`tables.json` `stale_after_days`); any makes the outcome at least `needs_review`.
    public var staleTables: [String]
}
