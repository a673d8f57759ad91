/// What to screen: a name and, optionally, facts that sharpen the match.
public struct ScreeningQuery: Sendable, Hashable, Codable {
    public var name: String
    /// When given, entries of another type score lower and entries of this type slightly higher.
    public var type: EntityType?
    /// ISO 3166 alpha-2 country tied to the party (nationality or address).
    public var country: String?
    /// Year, year and month, or full date of birth.
    public var dateOfBirth: DateOfBirth?
    /// Only these list sources (`ofac-sdn`, `un`, ...); nil means every loaded list.
    public var sources: Set<String>?

    public init(
        name: String, type: EntityType? = nil, country: String? = nil, dateOfBirth: DateOfBirth? = nil,
        sources: Set<String>? = nil
    ) {
        self.name = name
        self.type = type
        self.country = country
        self.dateOfBirth = dateOfBirth
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey {
        case name, type, country, sources
        case dateOfBirth = "dob"
    }
}

/// How many matches to return and from what score on.
public struct ScreeningOptions: Sendable, Hashable {
    /// The score at and above which a match is reported by default.
    ///
    /// Chosen on the calibration half of the evaluation set (eval/REPORT.md): the highest threshold
    /// that keeps recall at or above 0.985, so that a listed party is missed as rarely as possible
    /// while random names alert about one time in a hundred. Missing a listed party is the worse error.
    public static let defaultThreshold = 0.87

    /// Report matches scoring at least this, in [0, 1].
    public var threshold: Double
    /// Report at most this many matches (the best ones).
    public var limit: Int

    public init(threshold: Double = Self.defaultThreshold, limit: Int = 10) {
        self.threshold = threshold
        self.limit = limit
    }
}
