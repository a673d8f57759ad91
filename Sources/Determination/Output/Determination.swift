/// The answer to one determination: whether a license is needed, why, and which exceptions could apply.
public struct Determination: Sendable, Hashable {
    /// The most restrictive finding's outcome.
    public var outcome: Outcome
    /// Every step that found something, in the order of EAR Part 732.
    public var findings: [Finding]
    /// The license exceptions that could overcome the license-required findings, with their unmet conditions.
    public var licenseExceptions: [LicenseExceptionCandidate]
    /// The item as evaluated, e.g. `3A001.b.3`.
    public var item: String
    /// The destination as evaluated (Hong Kong reads as China; the note says so).
    public var destination: String
    /// Things the reader should know that are not findings (assumptions, data notes, LR notes).
    public var notes: [String]
    /// The data vintage, e.g. `EAR tables: CCL ≤ 2026-06-25; chart 2026-09-24; …`.
    public var dataVersion: String
    /// The policy toggles in force, by name (e.g. `ai_diffusion_enforced`).
    public var toggles: [Toggle]
}

/// A named policy setting and its state, reported with every determination.
public struct Toggle: Sendable, Hashable {
    public var name: String
    public var enabled: Bool

    public init(name: String, enabled: Bool) {
        self.name = name
        self.enabled = enabled
    }
}

/// What a finding, or a whole determination, concludes.
///
/// Ordered from least to most restrictive for findings; `notSubject` and `outOfScopeITAR` end a
/// determination before any prohibition is evaluated.
public enum Outcome: String, Sendable, Hashable, CaseIterable, Comparable {
    case nlr = "NLR"
    case needsReview = "NEEDS_REVIEW"
    case licenseRequired = "LICENSE_REQUIRED"
    case prohibited = "PROHIBITED"
    case notSubject = "NOT_SUBJECT"
    case outOfScopeITAR = "OUT_OF_SCOPE_ITAR"

    private var rank: Int {
        switch self {
        case .nlr: 0
        case .needsReview: 1
        case .licenseRequired: 2
        case .prohibited: 3
        case .notSubject: 4
        case .outOfScopeITAR: 5
        }
    }

    public static func < (lhs: Outcome, rhs: Outcome) -> Bool { lhs.rank < rhs.rank }
}

/// The export-control regime a control comes from, and whether it is multilateral.
public struct Regime: Sendable, Hashable {
    /// e.g. `Wassenaar Arrangement`, `US unilateral`.
    public var name: String
    public var isMultilateral: Bool
    /// The mapping row that decided it (`rules/regimes.csv:N`).
    public var source: RowLocation
}

/// One step's conclusion, with the rule, citation and data row behind it.
public struct Finding: Sendable, Hashable {
    /// The General Prohibition, e.g. `GP1`; nil for jurisdiction findings (ITAR, not subject).
    public var prohibition: String?
    /// The reason for control or the section, e.g. `NS2`, `RS1`, `746.7`, `744.2`.
    public var reason: String
    public var outcome: Outcome
    /// The EAR citation, e.g. `742.4; Supp. No. 1 to Part 738`.
    public var citation: String
    /// What was found and why, in words a compliance officer can check.
    public var explanation: String
    /// The regime of the control.
    public var regime: Regime?
    /// The data rows the finding rests on (`file:line`).
    public var sources: [RowLocation]
    /// A fact that, if stated, would settle a NEEDS_REVIEW finding (e.g. `civil-telecommunications`).
    public var missingFact: String?
    /// Data-quality flags that apply (corrections, conflicts, gaps).
    public var flags: [String]
    /// The license exceptions this finding's rule allows (nil: the Part 740 defaults).
    var allowedExceptions: [String]?
    /// The party list entry behind a GP4/GP5 party finding.
    public var listEntry: ListEntryReference?
}

/// The list entry a party finding cites.
public struct ListEntryReference: Sendable, Hashable, Codable {
    /// The entry id, e.g. `us-csl:…`.
    public var id: String
    /// The listed name that matched.
    public var name: String
    /// The list or sub-list, e.g. `Entity List (EL)`.
    public var list: String
    /// The screening score.
    public var score: Double

    public init(id: String, name: String, list: String, score: Double) {
        self.id = id
        self.name = name
        self.list = list
        self.score = score
    }
}

/// A license exception that might overcome the license requirements found, and what it still needs.
public struct LicenseExceptionCandidate: Sendable, Hashable, Codable {
    /// e.g. `LVS`.
    public var code: String
    /// e.g. `740.3`.
    public var citation: String
    /// False when a given fact rules it out; true when it may apply once `unmet` is settled.
    public var available: Bool
    /// The conditions not met or not settled by the given facts, in words.
    public var unmet: [String]
    /// The findings' reasons it would cover, e.g. `["NS2"]`.
    public var covers: [String]
}
