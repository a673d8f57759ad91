/// A published criterion a decision is made against.
public struct ExclusionCriterion: Sendable, Hashable, Codable {
    /// Stable id, e.g. `availability_us`.
    public var id: String
    /// The criterion as published.
    public var text: String
    /// The ground a request cites when it says the criterion favours exclusion.
    public var ground: ExclusionGround
}

/// The criteria USTR publishes for Section 301 product exclusions, which Clearance applies to every
/// action: one finding per criterion in every decision.
///
/// Source: USTR, "Procedures To Consider Requests for Exclusion of Particular Products From the
/// Action Pursuant to Section 301", 83 FR 32181 (11 July 2018), and the like notices for Lists 2–4
/// (83 FR 47236, 84 FR 29576, 84 FR 57144): requests are evaluated on whether the product is
/// available only from China (from US sources, from third countries), whether the duty would cause
/// severe economic harm to the requester or other US interests, and whether the product is
/// strategically important or related to "Made in China 2025" or other Chinese industrial programmes.
public enum ExclusionCriteria {
    public static let all: [ExclusionCriterion] = [
        ExclusionCriterion(
            id: "availability_us",
            text: "Whether the particular product or a comparable product is available from sources in the United States.",
            ground: .notAvailableUS),
        ExclusionCriterion(
            id: "availability_third_countries",
            text: "Whether the particular product or a comparable product is available from sources in third countries.",
            ground: .notAvailableThirdCountries),
        ExclusionCriterion(
            id: "severe_economic_harm",
            text: "Whether the imposition of the additional duties on the particular product would cause severe economic harm to the requester or other U.S. interests.",
            ground: .severeEconomicHarm),
        ExclusionCriterion(
            id: "strategic_importance",
            text: "Whether the particular product is strategically important or related to \"Made in China 2025\" or other Chinese industrial programs.",
            ground: .strategicImportance),
    ]

    /// The criterion with `id`.
    public static func criterion(_ id: String) -> ExclusionCriterion? { all.first { $0.id == id } }
}
