/// A listed entity the query may be, with its score and why.
public struct Match: Sendable, Hashable, Codable {
    /// `<source>:<native id>`, e.g. `ofac-sdn:306`.
    public var entityID: String
    /// In [0, 1]; 1 is an exact match on the primary name.
    public var score: Double
    /// The entity's primary name.
    public var name: String
    /// The name of the entity that matched (primary or alias).
    public var matchedName: String
    public var source: String
    public var programs: [String]
    public var type: EntityType
    /// The list version the entity was read from.
    public var list: ListVersion
    public var explanation: Explanation

    enum CodingKeys: String, CodingKey {
        case score, name, source, programs, type, list, explanation
        case entityID = "entity_id"
        case matchedName = "matched_name"
    }
}

/// Which version of which list a decision used.
public struct ListVersion: Sendable, Hashable, Codable {
    public var source: String
    public var published: String?
    public var sha256: String
}

/// Why a match scored what it did: the name compared, word by word, and each other feature's effect.
public struct Explanation: Sendable, Hashable, Codable {
    public var matchedName: String
    public var nameKind: NameKind
    /// The list's alias label (`aka`, `fka`, `original-script`, `Low`), when an alias matched.
    public var aliasLabel: String?
    /// The rarity-weighted coverage of the two names' words; `score` is this plus every adjustment.
    public var nameScore: Double
    /// The query and listed words paired up, best first.
    public var tokens: [TokenPair]
    public var unmatchedQueryTokens: [String]
    public var unmatchedListedTokens: [String]
    /// Query words not compared as identity: legal forms and stopwords.
    public var ignoredQueryTokens: [String]
    /// Every change to the score after name similarity, in the order applied.
    public var adjustments: [Adjustment]

    enum CodingKeys: String, CodingKey {
        case tokens, adjustments
        case matchedName = "matched_name"
        case nameKind = "name_kind"
        case aliasLabel = "alias_label"
        case nameScore = "name_score"
        case unmatchedQueryTokens = "unmatched_query_tokens"
        case unmatchedListedTokens = "unmatched_listed_tokens"
        case ignoredQueryTokens = "ignored_query_tokens"
    }
}

/// One query word (or two written together) paired with one listed word (or two).
public struct TokenPair: Sendable, Hashable, Codable {
    public var query: String
    public var listed: String
    public var similarity: Double
    public var method: MatchMethod
    /// How much this pair counts, from the rarity of its words (0–1 share of the query's weight).
    public var weight: Double
    /// For a `typo` pair, the edits that turn the query word into the listed one (`'u' for 'i'`,
    /// `missing 'l'`, `extra 'h'`, `'ar' swapped`); absent otherwise.
    public var edits: [String]? = nil
}

/// A change to the score and the reason for it.
public struct Adjustment: Sendable, Hashable, Codable {
    /// `word-order`, `legal-form`, `number`, `single-common-word`, `one-word-spelling`, `slips`, `no-same-word`, `short-resemblance`, `common-words-name`, `weak-alias`,
    /// `vessel-prefix`, `identifier`, `type`, `country` or `date-of-birth`.
    public var feature: String
    /// Added to the score (negative lowers it).
    public var effect: Double
    public var detail: String
}
