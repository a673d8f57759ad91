/// A query name prepared once for comparing with many listed names.
///
/// Preparing looks the query's words up in the vocabulary: a word no list contains is split
/// where two listed words were written together ("ofchina", "leasingojsc"), dropped when it is
/// a misspelt legal-form word ("liabiqlity"), or read as an abbreviation of listed words ("elec").
struct QueryPlan: Sendable {
    let name: AnalyzedName
    let tokens: [AnalyzedName.Token]
    /// The query's legal forms, including those found glued to or misspelt in a word.
    let legalForms: [String]
    let weights: [Float]
    /// Whether every word of the query is a run of pinyin syllables (see `PinyinSyllables`).
    let writtenInPinyin: Bool
    /// Per query word: the listed words it is close to.
    let neighbors: [[Int32: Neighbor]]
    /// `neighbors` without the listed words that are exactly another query word, for retrieval:
    /// there "Naser Neser" must not count the listed "naser" twice. Scoring pairs words one to
    /// one and so uses every neighbour (a name may hold "ahmad" twice).
    let retrievalNeighbors: [[Int32: Neighbor]]
    /// Per adjacent pair of query words written together: the listed words it is close to.
    let joinedNeighbors: [[Int32: Neighbor]]

    /// The plan for `name`; `memo` remembers each word's neighbours for the next queries of a session.
    init(name: AnalyzedName, vocabulary: Vocabulary, memo: inout NeighborMemo) {
        self.name = name
        var analyzed = name.tokens
        if analyzed.contains(where: { Self.isUnlisted($0, vocabulary) }) {
            let prefix = analyzed.prefix { $0.role == .vesselPrefix }
            let words = analyzed.dropFirst(prefix.count).flatMap {
                Self.isUnlisted($0, vocabulary) ? Self.split($0.text, vocabulary, &memo) : [$0.text]
            }
            analyzed = prefix + NameAnalyzer.classify(words)
        }
        analyzed = Self.correctingLegalForms(analyzed, vocabulary)
        var legalForms = analyzed.filter { $0.role == .legalForm }.map(\.text)
        var tokens: [AnalyzedName.Token] = []
        for token in analyzed where token.role == .word || token.role == .number {
            if Self.isMisspeltLegalFormWord(token, vocabulary) {
                legalForms.append(token.text)
            } else {
                tokens.append(token)
            }
        }
        self.tokens = tokens
        self.legalForms = legalForms
        weights = tokens.map { vocabulary.weight(of: $0) }
        writtenInPinyin = tokens.contains { $0.role == .word }
            && tokens.allSatisfy { $0.role != .word || PinyinSyllables.isPinyin(Array($0.text.utf8)) }

        let exact = Set(tokens.compactMap { vocabulary.ids[$0.text] })
        let abbreviated = NameAnalyzer.abbreviatedWords(in: name.original)
        let pinyin = writtenInPinyin
        neighbors = tokens.map { memo.neighbors(of: $0, abbreviation: abbreviated.contains($0.text), pinyin: pinyin, in: vocabulary) }
        retrievalNeighbors = zip(tokens, neighbors).map { token, near in
            let own = vocabulary.ids[token.text]
            // Most query words have no other query word among their neighbours: then nothing to leave out.
            guard exact.contains(where: { $0 != own && near[$0] != nil }) else { return near }
            return near.filter { $0.key == own || !exact.contains($0.key) }
        }
        var joined: [[Int32: Neighbor]] = []
        for index in 0..<max(0, tokens.count - 1) {
            let text = tokens[index].text + tokens[index + 1].text
            let token = AnalyzedName.Token(text: text, role: .word, canonical: text)
            joined.append(memo.neighbors(of: token, written: false, pinyin: pinyin, in: vocabulary))
        }
        joinedNeighbors = joined
    }

    /// `near` without the listed pinyin words the pinyin query word `word` only resembles: in pinyin, the
    /// standard spelling, a word spelt differently is another syllable and so another name, however alike
    /// (Zheng / Zhang, Liang / Jiang, Xiaohang / Xiaohong), unless the two read alike as Wade-Giles and
    /// Palladius blur them (Chang / Zhang, Minfu / Mingfu: `PinyinSyllables.blurred`), or q read as k (Kuan / Quan).
    /// A word that is the Hong Kong spelling of a surname and the pinyin of none (Chan, Hui) keeps the pinyin
    /// of that surname (Chen, Xu); one that is also a surname's pinyin (Wu, Tang) is read as pinyin.
    static func samePinyin(_ near: [Int32: Neighbor], _ word: String, _ vocabulary: Vocabulary) -> [Int32: Neighbor] {
        let bytes = Array(word.utf8)
        let blurred = PinyinSyllables.blurred(bytes), blurredK = PinyinSyllables.blurred(bytes, qAsK: true)
        let surnames = CantoneseSurnames.cantonese[word] == nil ? CantoneseSurnames.pinyin[word] ?? [] : []
        return near.filter {
            let listed = vocabulary.texts[Int($0.key)]
            return $0.value.similarity >= 1 || !PinyinSyllables.isPinyin(listed) || PinyinSyllables.blurred(listed) == blurred
                || PinyinSyllables.blurred(listed, qAsK: true) == blurredK
                || (!surnames.isEmpty && surnames.contains(String(decoding: listed, as: UTF8.self)))
        }
    }

    var totalWeight: Float { weights.reduce(0, +) }

    private static func isUnlisted(_ token: AnalyzedName.Token, _ vocabulary: Vocabulary) -> Bool {
        token.role == .word && token.text.utf8.count >= 5 && vocabulary.ids[token.text] == nil
    }

    /// The two known words `word` is made of (listed words of three letters or more, legal forms,
    /// stopwords), longest first part first; `[word]` when there are none or when the word is
    /// close to a listed word (then it is a typo or a spelling variant, not two words).
    private static func split(_ word: String, _ vocabulary: Vocabulary, _ memo: inout NeighborMemo) -> [String] {
        func listed(_ part: String) -> Bool { part.utf8.count >= 3 && vocabulary.ids[part] != nil }
        func filler(_ part: String) -> Bool { Lexicon.legalForms[part] != nil || Lexicon.stopwords.contains(part) }
        let characters = Array(word)
        for cut in stride(from: characters.count - 2, through: 2, by: -1) {
            let left = String(characters[..<cut]), right = String(characters[cut...])
            guard (listed(left) && (listed(right) || filler(right))) || (filler(left) && listed(right)) else { continue }
            let token = AnalyzedName.Token(text: word, role: .word, canonical: Transliteration.canonical(word))
            if memo.neighbors(of: token, in: vocabulary).values.contains(where: { $0.similarity >= 0.9 }) { return [word] }
            return [left, right]
        }
        return [word]
    }

    /// The tokens with each unlisted word that is a slip or two from a legal-form word ("lmiitead",
    /// "cojmzany", "xublic joint stock") written correctly, when that makes it part of a legal form.
    private static func correctingLegalForms(_ tokens: [AnalyzedName.Token], _ vocabulary: Vocabulary) -> [AnalyzedName.Token] {
        for index in tokens.indices where isUnlisted(tokens[index], vocabulary) {
            let bytes = Array(tokens[index].text.utf8)
            let depth = TypoIndex.maxEdits(length: bytes.count)
            guard let word = Lexicon.legalFormWords.first(where: {
                EditDistance.distance(bytes, $0, limit: min(depth, TypoIndex.maxEdits(length: $0.count))) != nil
            }) else { continue }
            let prefix = tokens.prefix { $0.role == .vesselPrefix }
            var words = tokens.map(\.text)
            words[index] = String(decoding: word, as: UTF8.self)
            let corrected = Array(prefix) + NameAnalyzer.classify(Array(words.dropFirst(prefix.count)))
            let before = tokens.filter { $0.role == .word }.count, after = corrected.filter { $0.role == .word }.count
            // Only a correction that joins a legal form is kept; the tokens then no longer line up, so stop.
            if after < before { return corrected }
        }
        return tokens
    }

    /// An unlisted word within a typo of a legal-form word ("liabiqlity" for "liability").
    private static func isMisspeltLegalFormWord(_ token: AnalyzedName.Token, _ vocabulary: Vocabulary) -> Bool {
        guard isUnlisted(token, vocabulary) else { return false }
        let bytes = Array(token.text.utf8)
        return Lexicon.legalFormWords.contains {
            JaroWinkler.bound(bytes.count, $0.count) >= 0.92 && JaroWinkler.similarity(bytes, $0) >= 0.92
        }
    }
}
