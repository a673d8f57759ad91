import DataFormats

/// The kind of duty a layer is.
public enum LayerKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Column 1 General (MFN) or, when claimed and qualifying, column 1 Special.
    case mfn
    /// Column 2 (Cuba, North Korea, and since 2022 Russia and Belarus).
    case column2
    /// Section 301 (China).
    case section301
    /// Section 232 (steel, aluminium, copper, autos and parts, timber, trucks, semiconductors).
    case section232
    /// IEEPA duties (fentanyl, reciprocal, country orders).
    case ieepa
    /// Trade Act section 122 balance-of-payments surcharge.
    case section122

    /// The order layers are listed in: base rate first, then the Chapter 99 layers by statute.
    public static func < (lhs: LayerKind, rhs: LayerKind) -> Bool {
        let order = allCases
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// A fact the input lacks that a layer depends on, and what it changes.
public struct Need: Sendable, Hashable {
    /// How the missing fact bears on the layer.
    public enum Effect: String, Sendable, Hashable {
        /// The layer applies only if the fact holds; it is left out of the total.
        case appliesIf = "applies_if"
        /// The layer applies unless the fact holds; it is in the total.
        case exemptIf = "exempt_if"
        /// The layer applies but its base (e.g. the metal content value) is unknown; no amount.
        case baseUnknown = "base_unknown"
        /// The rate also charges per unit; the amount covers the ad valorem part only.
        case specificPart = "specific_part"
        /// The duty differs between the numbers below this one; the highest is shown.
        case classification
    }

    /// The fact, as an input name (`automobile_part`, `steel_content`, `hts10`, …).
    public var fact: String
    /// The question to answer, in words.
    public var question: String
    /// The Chapter 99 heading the fact decides.
    public var heading: String
    /// How the answer changes the duty.
    public var effect: Effect
}

/// One duty layer that applies to the entry.
public struct DutyLayer: Sendable, Hashable {
    /// Which duty.
    public var kind: LayerKind
    /// The Chapter 99 heading, or for the base rate the HTS number.
    public var heading: String
    /// The rate (ad valorem part only when the rate also has a specific part).
    public var rate: Percent
    /// The value the rate is charged on (the entered value, or a metal content value).
    public var base: USD?
    /// The duty, or nil when the base is unknown.
    public var amount: USD?
    /// The legal basis and the row of data it comes from.
    public var basis: String
    /// The first day the rate applies, when the data says.
    public var effectiveFrom: CivilDate?
    /// The last day the rate applies, when the data says (nil: open).
    public var effectiveTo: CivilDate?
    /// Whether the amount counts towards the total.
    public var inTotal: Bool
    /// Facts this layer depends on.
    public var needs: [Need]
}

/// A layer considered and not applied, and why.
public struct ExcludedLayer: Sendable, Hashable {
    /// Which duty.
    public var kind: LayerKind
    /// The heading of the duty that does not apply, or of the exemption that removes it.
    public var heading: String
    /// Why it does not apply (the rule and the heading or note that says so).
    public var why: String
}

/// The duty owed on one entry, layer by layer, with everything left out and why.
public struct DutyAssessment: Sendable, Hashable {
    /// The request assessed.
    public var request: DutyRequest
    /// The description of the HTS number in the schedule.
    public var description: String
    /// Every layer that applies, in `LayerKind` order.
    public var layers: [DutyLayer]
    /// Every layer considered and not applied.
    public var excluded: [ExcludedLayer]
    /// Points the data cannot settle, to be checked by a person (with the source that says so).
    public var review: [String]
    /// The sum of the rates of the layers in the total, on the entered value.
    public var totalRate: Percent
    /// The sum of the amounts of the layers in the total.
    public var totalAmount: USD
    /// The data the answer was computed from.
    public var dataVersion: String
    /// The day the tariff tables were compiled.
    public var dataCompiled: CivilDate
    /// Days from `dataCompiled` to the entry date (0 when the entry is on or before it).
    public var dataAgeDays: Int
    /// The tables past their age limit on the entry date; any makes the answer conditional (with a `review` point).
    public var staleTables: [String]

    /// Every fact some layer needs, in layer order.
    public var needs: [Need] { layers.flatMap(\.needs) + unplacedNeeds }
    /// Facts that bear on no single applied layer (e.g. a 10-digit number that changes the layers).
    public var unplacedNeeds: [Need]

    /// Whether the total depends on facts the input lacks or on points to review.
    public var isConditional: Bool { !needs.isEmpty || !review.isEmpty }
}
