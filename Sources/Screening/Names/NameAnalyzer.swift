/// A name split into the words matching compares, each with its role.
public struct AnalyzedName: Sendable, Hashable {
    /// One word of a name after folding.
    public struct Token: Sendable, Hashable {
        /// The folded word, abbreviations written out ("intl" → "international").
        public var text: String
        /// Whether the word identifies the party, is a number, a legal form or a stopword.
        public var role: TokenRole
        /// Transliteration-variant key ("mohammed" → "muhammad").
        public var canonical: String
    }

    /// The name as written.
    public var original: String
    /// Words in reading order (OFAC's "LAST, First" turned to "First LAST").
    public var tokens: [Token]

    /// Words that identify the party (not legal forms or stopwords).
    public var informative: [Token] { tokens.filter { $0.role == .word || $0.role == .number } }
    /// Canonical legal forms present, e.g. `["llc"]`.
    public var legalForms: [String] { tokens.filter { $0.role == .legalForm }.map(\.text) }
}

/// Splits names into classified words: the one place a raw name becomes matchable.
public enum NameAnalyzer {
    /// `name` folded, put in reading order and split into classified words.
    public static func analyze(_ name: String) -> AnalyzedName {
        let words = Folding.fold(naturalOrder(name)).split(separator: " ").map(String.init)
        return AnalyzedName(original: name, tokens: classify(words))
    }

    /// The folded words written with a closing dot ("Elec.", "Assoc."): likely abbreviations.
    public static func abbreviatedWords(in name: String) -> Set<String> {
        var words = Set<String>()
        for chunk in name.split(whereSeparator: { $0 == " " || $0 == "," }) where chunk.hasSuffix(".") {
            let letters = chunk.dropLast().filter(\.isLetter)
            if letters.count >= 3 && letters.count == chunk.count - 1 { words.insert(Folding.fold(String(letters))) }
        }
        return words
    }

    /// "NASRALLAH, Hasan" → "Hasan NASRALLAH"; "Acme, Inc." stays as it is.
    static func naturalOrder(_ name: String) -> String {
        let parts = name.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return name }
        let family = parts[0].trimmedText, given = parts[1].trimmedText
        guard !family.isEmpty, !given.isEmpty else { return name }
        let givenWords = Folding.fold(given).split(separator: " ").map(String.init)
        if givenWords.allSatisfy({ Lexicon.legalForms[$0] != nil || Lexicon.stopwords.contains($0) }) {
            return name
        }
        return "\(given) \(family)"
    }

    static func classify(_ rawWords: [String]) -> [AnalyzedName.Token] {
        let words = rawWords.map { Lexicon.abbreviations[$0] ?? $0 }
        var tokens: [AnalyzedName.Token] = []
        tokens.reserveCapacity(words.count)
        var index = 0
        while index < words.count {
            if let (form, length) = legalFormPhrase(words, at: index) {
                tokens.append(.init(text: form, role: .legalForm, canonical: form))
                index += length
                continue
            }
            let word = words[index]
            let role: TokenRole
            if word.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                role = .number
            } else if Lexicon.stopwords.contains(word) {
                role = .stopword
            } else {
                role = .word
            }
            tokens.append(.init(text: word, role: role, canonical: role == .word ? Transliteration.canonical(word) : word))
            index += 1
        }
        // A name made only of legal forms and stopwords ("The Company") keeps them as words.
        if !tokens.isEmpty && !tokens.contains(where: { $0.role == .word || $0.role == .number }) {
            tokens = tokens.map { .init(text: $0.text, role: .word, canonical: $0.canonical) }
        }
        return tokens
    }

    /// The longest legal-form phrase starting at `index` ("OOO", "Limited Liability Company").
    private static func legalFormPhrase(_ words: [String], at index: Int) -> (String, Int)? {
        guard Lexicon.legalFormFirstWords.contains(words[index]) else { return nil }
        var length = min(Lexicon.longestLegalForm, words.count - index)
        while length > 0 {
            let phrase = words[index..<(index + length)].joined(separator: " ")
            if let form = Lexicon.legalForms[phrase] { return (form, length) }
            length -= 1
        }
        return nil
    }
}
