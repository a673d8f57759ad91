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
    ///
    /// `type` is what the name is known to be, if anything: a vessel prefix ("M/V") is set aside
    /// unless the name is a person's or an organisation's, and Roman numerals become numbers unless it is a person's.
    public static func analyze(_ name: String, type: EntityType? = nil) -> AnalyzedName {
        if type != .person, let mark = registrationMark(name) {
            return AnalyzedName(original: name, tokens: classify([Folding.fold(mark)]))
        }
        let words = Folding.fold(naturalOrder(name)).split(separator: " ").map(String.init)
        let prefix = type == .person || type == .organization ? 0 : vesselPrefixLength(words)
        var tokens = words.prefix(prefix).map { AnalyzedName.Token(text: $0, role: .vesselPrefix, canonical: $0) }
            + classify(Array(words.dropFirst(prefix)))
        if type != .person { numberRomanNumerals(&tokens, type: type) }
        return AnalyzedName(original: name, tokens: tokens)
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

    /// The informative words of `name` as written: folded and in reading order as `analyze` reads them,
    /// legal forms and stopwords set aside, but abbreviations not written out ("BK CO." gives `["bk"]`
    /// where `analyze` reads "bank").
    static func writtenWords(_ name: String, type: EntityType? = nil) -> [String] {
        if type != .person, let mark = registrationMark(name) { return [Folding.fold(mark)] }
        let words = Folding.fold(naturalOrder(name)).split(separator: " ").map(String.init)
        let prefix = type == .person || type == .organization ? 0 : vesselPrefixLength(words)
        let rest = Array(words.dropFirst(prefix))
        var spans: [Range<Int>]? = []
        let tokens = classify(rest, spans: &spans)
        return zip(tokens, spans ?? []).compactMap { token, span in
            token.role == .word || token.role == .number ? rest[span].joined(separator: " ") : nil
        }
    }

    static func classify(_ rawWords: [String]) -> [AnalyzedName.Token] {
        var spans: [Range<Int>]?
        return classify(rawWords, spans: &spans)
    }

    /// Classifies `rawWords`; when `spans` is not nil, appends the raw words each token was read from.
    private static func classify(_ rawWords: [String], spans: inout [Range<Int>]?) -> [AnalyzedName.Token] {
        let words = rawWords.map { Lexicon.abbreviations[$0] ?? $0 }
        var tokens: [AnalyzedName.Token] = []
        tokens.reserveCapacity(words.count)
        var index = 0
        while index < words.count {
            if let (form, length) = legalFormPhrase(words, at: index) {
                tokens.append(.init(text: form, role: .legalForm, canonical: form))
                spans?.append(index..<(index + length))
                index += length
                continue
            }
            let word = words[index]
            let role: TokenRole
            if word.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                role = .number
            } else if Lexicon.stopwords.contains(word) && !(index > 0 && index == words.count - 1 && Lexicon.surnameParticles.contains(word)) {
                role = .stopword
            } else {
                role = .word
            }
            tokens.append(.init(text: word, role: role, canonical: role == .word ? Transliteration.canonical(word) : word))
            spans?.append(index..<(index + 1))
            index += 1
        }
        // A name made only of legal forms and stopwords ("The Company") keeps them as words.
        if !tokens.isEmpty && !tokens.contains(where: { $0.role == .word || $0.role == .number }) {
            tokens = tokens.map { .init(text: $0.text, role: .word, canonical: $0.canonical) }
        }
        return tokens
    }

    /// The longest legal-form phrase starting at `index` ("OOO", "Limited Liability Company"), written
    /// out or with its words abbreviated ("Ltd Liability Co", "Jt Stk Co").
    private static func legalFormPhrase(_ words: [String], at index: Int) -> (String, Int)? {
        var written: (String, Int)?
        if Lexicon.legalFormFirstWords.contains(words[index]) {
            var length = min(Lexicon.longestLegalForm, words.count - index)
            while length > 0 && written == nil {
                let phrase = words[index..<(index + length)].joined(separator: " ")
                if let form = Lexicon.legalForms[phrase] { written = (form, length) }
                length -= 1
            }
        }
        guard let abbreviated = Lexicon.abbreviatedLegalForm(words, at: index) else { return written }
        return abbreviated.1 > (written?.1 ?? 0) ? abbreviated : written
    }
}
