import DataFormats

/// One entry line to assess: what, from where, worth how much, entered on which day, and the facts the
/// importer knows that some layers depend on.
public struct DutyRequest: Sendable, Hashable {
    /// The HTS number the goods are classified under.
    public var hts: HTSCode
    /// The country of origin, ISO 3166 alpha-2 (e.g. `CN`, `DE`).
    public var origin: String
    /// The customs (entered) value.
    public var value: USD
    /// The date of entry for consumption; every layer is evaluated at this date.
    public var date: CivilDate
    /// Facts that decide layers the classification alone does not.
    public var facts: DutyFacts

    /// Creates a request.
    public init(hts: HTSCode, origin: String, value: USD, date: CivilDate, facts: DutyFacts = DutyFacts()) {
        self.hts = hts
        self.origin = origin
        self.value = value
        self.date = date
        self.facts = facts
    }
}

/// What the importer states about the goods; `nil` means "not stated", never "no".
public struct DutyFacts: Sendable, Hashable {
    /// The goods qualify for USMCA preference (and the preference is claimed).
    public var usmcaQualifying: Bool
    /// The goods are parts of passenger vehicles or light trucks under the Section 232 auto-parts annex.
    public var automobilePart: Bool?
    /// The value of the steel content, for duties charged on steel content only.
    public var steelContent: USD?
    /// The value of the aluminium content, for duties charged on aluminium content only.
    public var aluminumContent: USD?
    /// The value of the copper content, for duties charged on copper content only.
    public var copperContent: USD?
    /// CBP has determined the goods were transshipped to evade the reciprocal duties (9903.02.01).
    public var transshipped: Bool

    /// Creates facts; by default nothing is stated and the goods are not USMCA-qualifying.
    public init(
        usmcaQualifying: Bool = false, automobilePart: Bool? = nil, steelContent: USD? = nil,
        aluminumContent: USD? = nil, copperContent: USD? = nil, transshipped: Bool = false
    ) {
        self.usmcaQualifying = usmcaQualifying
        self.automobilePart = automobilePart
        self.steelContent = steelContent
        self.aluminumContent = aluminumContent
        self.copperContent = copperContent
        self.transshipped = transshipped
    }
}
