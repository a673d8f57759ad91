import DataFormats
/// One transaction to determine: the item, where it goes, who gets it, what for, and any stated facts.
public struct DeterminationRequest: Sendable, Hashable {
    /// The item's classification.
    public var item: ItemClassification
    /// The destination code (ISO 3166 alpha-2, `HK`, or `UA-43`/`UA-14`/`UA-09`).
    public var destination: String
    /// End-use tags (`nuclear`, `missile`, `cbw`, `military`, `military-intelligence`, …): what the exporter knows.
    public var endUses: [String]
    /// The country where the end user is headquartered.
    public var endUserCountry: String?
    /// The country of the end user's ultimate parent.
    public var parentCountry: String?
    /// The shipment's value in U.S. dollars.
    public var valueUSD: Double?
    /// The day of the transaction (rules with effective dates are chosen by it); nil: the current rules.
    public var date: CivilDate?
    /// Stated facts by key (`rules/facts.csv`), e.g. `civil-telecommunications: false`.
    public var facts: [String: Bool]
    /// The parties screened, with their hits; empty when no party was screened.
    public var parties: [PartyScreening]
    /// Countries the shipment passes through.
    public var transit: [String]
    /// For a foreign-made item: the share of controlled U.S.-origin content, in percent (734.4).
    public var usContentPercent: Double?
    /// Red flags the exporter has not resolved (Supp. No. 3 to Part 732).
    public var redFlags: [String]

    /// A request for `item` to `destination` with nothing else known.
    public init(
        item: ItemClassification, destination: String, endUses: [String] = [], endUserCountry: String? = nil,
        parentCountry: String? = nil, valueUSD: Double? = nil, date: CivilDate? = nil, facts: [String: Bool] = [:],
        parties: [PartyScreening] = [], transit: [String] = [], usContentPercent: Double? = nil,
        redFlags: [String] = []
    ) {
        self.item = item
        self.destination = destination
        self.endUses = endUses
        self.endUserCountry = endUserCountry
        self.parentCountry = parentCountry
        self.valueUSD = valueUSD
        self.date = date
        self.facts = facts
        self.parties = parties
        self.transit = transit
        self.usContentPercent = usContentPercent
        self.redFlags = redFlags
    }
}

/// A party that was screened, and what the screening found.
public struct PartyScreening: Sendable, Hashable {
    /// The name as given.
    public var name: String
    /// The list entries it matched (empty: no hit).
    public var hits: [PartyHit]

    public init(name: String, hits: [PartyHit]) {
        self.name = name
        self.hits = hits
    }
}

/// One restricted-party list entry a party matched, with the terms the listing sets.
public struct PartyHit: Sendable, Hashable {
    /// Which kind of list the entry is on.
    public enum List: Sendable, Hashable {
        /// BIS Denied Persons List (GP4).
        case deniedPersons
        /// BIS Entity List (744.11).
        case entityList
        /// BIS Military End-User List (744.21).
        case militaryEndUser
        /// BIS Unverified List (744.15).
        case unverified
        /// Another sanctions list (OFAC, UN, UK, State), with its programmes.
        case sanctions(programs: [String])
    }

    public var list: List
    /// The entry.
    public var entry: ListEntryReference
    /// The listing's license requirement, as published (Entity List, MEU).
    public var licenseRequirement: String?
    /// The listing's license review policy, as published.
    public var licensePolicy: String?
    /// The Federal Register notice that listed the party.
    public var federalRegisterNotice: String?

    public init(
        list: List, entry: ListEntryReference, licenseRequirement: String? = nil, licensePolicy: String? = nil,
        federalRegisterNotice: String? = nil
    ) {
        self.list = list
        self.entry = entry
        self.licenseRequirement = licenseRequirement
        self.licensePolicy = licensePolicy
        self.federalRegisterNotice = federalRegisterNotice
    }
}

/// Policy settings that change how the engine reads contested rules; shown with every determination.
public struct DeterminationPolicy: Sendable, Hashable {
    /// Enforce the AI Diffusion rule's text (BIS said on 2025-05-13 it would not); default off.
    public var aiDiffusionEnforced: Bool

    public init(aiDiffusionEnforced: Bool = false) {
        self.aiDiffusionEnforced = aiDiffusionEnforced
    }
}
