import DataFormats

/// A licence as the policy weighs it: what it covers, for whom, the days it is valid, what is left of it.
///
/// A value, not a store record: whoever keeps licences maps them to this (Operations does, from the store),
/// so the policy decides from what it is given and nothing else.
public struct License: Sendable, Hashable {
    /// What kind of authorisation it is, which decides the findings it can overcome.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A BIS licence (Part 750).
        case bisLicense = "bis-license"
        /// A licence exception the company relies on (Part 740).
        case licenseException = "license-exception"
        /// An OFAC general licence.
        case ofacGeneral = "ofac-general"
        /// An OFAC specific licence.
        case ofacSpecific = "ofac-specific"
        /// An internal approval: not a government authorisation.
        case internalApproval = "internal"
    }

    /// The licence number, e.g. `D1234567`.
    public var id: String
    public var kind: Kind
    /// ECCNs with their paragraphs (`3A001.b` covers `3A001.b.3`), or `EAR99`.
    public var eccns: [String]
    /// The destinations it covers (ISO 3166 alpha-2, or `UA-43` …).
    public var destinations: [String]
    /// The consignee and end user it names (nil: it names none).
    public var consignee: String?
    public var endUser: String?
    /// The end uses it allows (empty: no end-use limit).
    public var endUses: [String]
    /// The first and last day it is valid.
    public var validFrom: CivilDate
    public var validTo: CivilDate
    /// The value and quantity left to draw (nil: no limit).
    public var valueLeft: Double?
    public var quantityLeft: Int?
    /// Whether it was revoked (a revoked licence covers nothing).
    public var revoked: Bool

    public init(
        id: String, kind: Kind, eccns: [String], destinations: [String], consignee: String? = nil, endUser: String? = nil,
        endUses: [String] = [], validFrom: CivilDate, validTo: CivilDate, valueLeft: Double? = nil, quantityLeft: Int? = nil,
        revoked: Bool = false
    ) {
        self.id = id
        self.kind = kind
        self.eccns = eccns
        self.destinations = destinations
        self.consignee = consignee
        self.endUser = endUser
        self.endUses = endUses
        self.validFrom = validFrom
        self.validTo = validTo
        self.valueLeft = valueLeft
        self.quantityLeft = quantityLeft
        self.revoked = revoked
    }
}
