/// The listed names made only of common words, which match a query only as written.
///
/// A name whose one word of two letters or more is a word of many listed names ("bank", "trading"),
/// with at most single letters beside it, names no one in particular once abbreviations are written
/// out and legal forms set aside: the UK list's "BK CO." (an alias of KAVEH CUTTING TOOLS COMPANY) reads
/// as "bank", and "T-банк" (TBank) as "t bank". Such a name is still a name of its entity, so a query
/// that writes the same words ("BK Co", "T-Bank": spacing, case, legal forms and transliteration variants
/// aside) finds it; any other query that only reads as it ("Bank") does not.
struct CommonWordNames: Sendable {
    /// Name slot → the name's words as written (`NameAnalyzer.writtenWords`).
    private let written: [Int32: [String]]

    init(names: [IndexedName], entities: [Entity], vocabulary: Vocabulary) {
        let common = vocabulary.weight(forFrequency: Vocabulary.commonFrequency)
        var written: [Int32: [String]] = [:]
        for (slot, name) in names.enumerated() {
            guard let word = Self.onlyWord(of: name, vocabulary), vocabulary.weights[Int(word)] <= common else { continue }
            written[Int32(slot)] = NameAnalyzer.writtenWords(name.text, type: entities[Int(name.entity)].type)
        }
        self.written = written
    }

    /// The name's one word of two letters or more when it has exactly one and no number, else nil (read at
    /// every start over every name, so without building an array per name).
    private static func onlyWord(of name: IndexedName, _ vocabulary: Vocabulary) -> Int32? {
        var word: Int32?
        for token in name.tokens {
            if vocabulary.isNumber[Int(token)] { return nil }
            guard vocabulary.texts[Int(token)].count >= 2 else { continue }
            if word != nil { return nil }
            word = token
        }
        return word
    }

    /// How many names are held to their written words.
    var count: Int { written.count }

    /// The written words of the name in `slot` if it is made only of common words, else nil.
    func requiredWords(_ slot: Int32) -> [String]? {
        written.isEmpty ? nil : written[slot]
    }

    /// Whether a query whose words as written are `query` writes the same words as `listed`: letter for
    /// letter with spacing aside ("T-Bank" folds to "tbank", "T-банк" to "t bank"), or word for word as
    /// transliteration variants (Mohammed / MUHAMMAD).
    static func writesTheSameWords(_ query: [String], as listed: [String]) -> Bool {
        query.joined() == listed.joined()
            || (query.count == listed.count && zip(query, listed).allSatisfy { Transliteration.canonical($0) == Transliteration.canonical($1) })
    }
}
