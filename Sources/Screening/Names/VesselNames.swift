/// How vessel and aircraft names are written: a type prefix before the name (M/V, MT, SS), a number
/// in Roman or Arabic figures (HORMUZ II = HORMUZ 2), an aircraft registration mark (EP-MMW).
extension NameAnalyzer {
    /// Prefixes that say what kind of vessel follows (motor vessel, motor tanker, steamship, fishing
    /// vessel, motor/sailing yacht, research vessel), as folding leaves them: "M.V." is "mv", "M/V" is "m v".
    static let vesselPrefixes: Set<[String]> = [
        ["mv"], ["mt"], ["ms"], ["my"], ["ss"], ["fv"], ["sv"], ["rv"], ["mts"], ["mfv"],
        ["m", "v"], ["m", "t"], ["m", "s"], ["m", "y"], ["s", "s"], ["f", "v"], ["s", "v"], ["r", "v"],
    ]

    /// How many leading words of `words` are a vessel prefix followed by at least one more word.
    static func vesselPrefixLength(_ words: [String]) -> Int {
        for length in [2, 1] where words.count > length && vesselPrefixes.contains(Array(words.prefix(length))) {
            return length
        }
        return 0
    }

    /// Roman numerals up to twenty, as vessels are numbered.
    static let romanNumerals: [String: String] = {
        let numerals = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
                        "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"]
        var table: [String: String] = [:]
        for (value, numeral) in numerals.enumerated() { table[numeral] = String(value + 1) }
        return table
    }()

    /// Writes Roman numerals after the first word as numbers, keeping the numeral as the token's
    /// canonical form. A single letter (I, V, X) is most often an initial, so it counts only as the
    /// last word of a vessel's or aircraft's name (ARGO I), or of a query of no stated type.
    static func numberRomanNumerals(_ tokens: inout [AnalyzedName.Token], type: EntityType?) {
        guard tokens.count >= 2 else { return }
        let craft = type == .vessel || type == .aircraft || type == nil
        for index in tokens.indices.dropFirst() where tokens[index].role == .word {
            let text = tokens[index].text
            guard let number = romanNumerals[text] else { continue }
            if text.utf8.count == 1 && !(craft && index == tokens.count - 1) { continue }
            tokens[index] = .init(text: number, role: .number, canonical: text)
        }
    }

    /// "EP-MMW", "UP-I7645": one or two letters or digits, a hyphen, three to six more; written as one word.
    static func registrationMark(_ name: String) -> String? {
        let trimmed = name.trimmedText
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), (3...6).contains(parts[1].count),
            trimmed.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "-") }),
            !Lexicon.stopwords.contains(parts[0].lowercased())
        else { return nil }
        return parts.joined()
    }
}
