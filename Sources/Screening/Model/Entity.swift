import DataFormats

/// A party on a restricted-party list: a person, organisation, vessel or aircraft.
///
/// Every list format is parsed into this one model, so matching and reporting never care where an
/// entry came from. Fields a list does not publish stay empty.
public struct Entity: Sendable, Hashable, Codable {
    /// Stable id `<source>:<native id>`, e.g. `ofac-sdn:306` or `un:QDi.001`.
    public var id: String
    /// The list this entry is on, e.g. `ofac-sdn`.
    public var source: String
    /// The sanctions programmes or sub-lists, e.g. `["CUBA"]` or `["Entity List (EL)"]`.
    public var programs: [String]
    public var type: EntityType
    /// The primary name as the list writes it.
    public var name: String
    public var aliases: [Alias]
    public var datesOfBirth: [DateOfBirth]
    /// Nationalities and citizenships, as ISO 3166 alpha-2 codes where the list's name is known.
    public var nationalities: [String]
    public var addresses: [Address]
    public var identifiers: [Identifier]
    /// Free-text remarks as published (OFAC Remarks, UN comments), for the analyst.
    public var remarks: String?
    /// The terms an export-control listing sets (Entity List, MEU List, denial orders), when the list publishes them.
    public var listing: ListingTerms?

    public init(
        id: String, source: String, programs: [String] = [], type: EntityType, name: String,
        aliases: [Alias] = [], datesOfBirth: [DateOfBirth] = [], nationalities: [String] = [],
        addresses: [Address] = [], identifiers: [Identifier] = [], remarks: String? = nil,
        listing: ListingTerms? = nil
    ) {
        self.id = id
        self.source = source
        self.programs = programs
        self.type = type
        self.name = name
        self.aliases = aliases
        self.datesOfBirth = datesOfBirth
        self.nationalities = nationalities
        self.addresses = addresses
        self.identifiers = identifiers
        self.remarks = remarks
        self.listing = listing
    }

    /// Every country the entry is tied to: nationalities first, then address countries.
    public var countries: [String] {
        var seen = Set<String>()
        return (nationalities + addresses.compactMap(\.country)).filter { seen.insert($0).inserted }
    }

    enum CodingKeys: String, CodingKey {
        case id, source, programs, type, name, aliases, nationalities, addresses, identifiers, remarks, listing
        case datesOfBirth = "dates_of_birth"
    }
}

/// What an export-control listing requires: the license requirement, review policy and notice, as published.
///
/// BIS lists carry these per entry (Supp. No. 4 and 7 to Part 744, denial orders); a determination
/// cites them when a party matches.
public struct ListingTerms: Sendable, Hashable, Codable {
    /// e.g. `For all items subject to the EAR. (See §744.11 of the EAR).`
    public var licenseRequirement: String?
    /// e.g. `Presumption of denial.`
    public var licensePolicy: String?
    /// e.g. `76 FR 71867`.
    public var federalRegisterNotice: String?
    /// The day the listing took effect, as published.
    public var startDate: String?

    public init(
        licenseRequirement: String? = nil, licensePolicy: String? = nil, federalRegisterNotice: String? = nil,
        startDate: String? = nil
    ) {
        self.licenseRequirement = licenseRequirement
        self.licensePolicy = licensePolicy
        self.federalRegisterNotice = federalRegisterNotice
        self.startDate = startDate
    }

    /// Nil when every term is empty.
    var nonEmpty: ListingTerms? {
        [licenseRequirement, licensePolicy, federalRegisterNotice, startDate].allSatisfy { $0 == nil } ? nil : self
    }

    enum CodingKeys: String, CodingKey {
        case licenseRequirement = "license_requirement"
        case licensePolicy = "license_policy"
        case federalRegisterNotice = "federal_register_notice"
        case startDate = "start_date"
    }
}

/// What kind of party an entry is.
public enum EntityType: String, Sendable, Hashable, Codable, CaseIterable {
    case person, organization, vessel, aircraft
    /// The list does not say (BIS and State rows of the Consolidated Screening List).
    case unknown
}

/// Another name of an entry, with how much a match on it is worth.
public struct Alias: Sendable, Hashable, Codable {
    public var name: String
    public var strength: Strength
    /// The list's own label: `aka`, `fka`, `nka`, `original-script`, `Good`, `Low`, ...
    public var kind: String

    public init(name: String, strength: Strength, kind: String) {
        self.name = name
        self.strength = strength
        self.kind = kind
    }

    /// OFAC and the UN tell aliases apart by quality: a weak alias is too broad to alert on by itself.
    public enum Strength: String, Sendable, Hashable, Codable {
        case strong, weak
    }
}

/// A date of birth as lists publish it: a full date, a month, a year, or a range of years.
public struct DateOfBirth: Sendable, Hashable, Codable {
    public var year: Int
    public var month: Int?
    public var day: Int?
    /// Last year of a range (`DOB 1960 to 1962`, UN `BETWEEN`); nil for a single date.
    public var toYear: Int?
    /// `circa` / `APPROXIMATELY`.
    public var approximate: Bool

    public init(year: Int, month: Int? = nil, day: Int? = nil, toYear: Int? = nil, approximate: Bool = false) {
        self.year = year
        self.month = month
        self.day = day
        self.toYear = toYear
        self.approximate = approximate
    }

    enum CodingKeys: String, CodingKey {
        case year, month, day, approximate
        case toYear = "to_year"
    }
}

/// A postal address; any part may be missing.
public struct Address: Sendable, Hashable, Codable {
    public var street: String?
    public var city: String?
    public var region: String?
    public var postalCode: String?
    /// ISO 3166 alpha-2 where the list's country name is known, else the name as written.
    public var country: String?

    public init(street: String? = nil, city: String? = nil, region: String? = nil, postalCode: String? = nil, country: String? = nil) {
        self.street = street
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.country = country
    }

    enum CodingKeys: String, CodingKey {
        case street, city, region, country
        case postalCode = "postal_code"
    }
}

/// An identifying document or number: passport, national id, IMO number, registration number, ...
public struct Identifier: Sendable, Hashable, Codable {
    /// The list's label, e.g. `Passport`, `Vessel Registration Identification`, `National ID No.`.
    public var kind: String
    public var value: String
    /// ISO 3166 alpha-2 of the issuing country, when known.
    public var country: String?

    public init(kind: String, value: String, country: String? = nil) {
        self.kind = kind
        self.value = value
        self.country = country
    }
}

extension DateOfBirth {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; nil when the text is none of these or not a real date.
    public init?(iso text: String) {
        // Four digits, then optionally "-" and two digits, twice: read from the bytes, no allocation.
        var year = 0, month = 0, day = 0, field = 0, digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") {
                guard digits == (field == 0 ? 4 : 2), field < 2 else { return nil }
                field += 1
                digits = 0
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), digits < (field == 0 ? 4 : 2) else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            switch field {
            case 0: year = year * 10 + digit
            case 1: month = month * 10 + digit
            default: day = day * 10 + digit
            }
            digits += 1
        }
        guard digits == (field == 0 ? 4 : 2), year > 1800 else { return nil }
        if field >= 1 && !(1...12).contains(month) { return nil }
        if field == 2 && !CivilDate.isDay(year: year, month: month, day: day) { return nil }
        self.init(year: year, month: field >= 1 ? month : nil, day: field == 2 ? day : nil)
    }
}

extension String {
    /// The string, or nil when it is empty.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
