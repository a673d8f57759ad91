/// A query name prepared once for comparing with many listed names.
struct QueryPlan: Sendable {
    let name: AnalyzedName
    let tokens: [AnalyzedName.Token]
    /// The query's legal forms, including one found glued to a word ("JSCARGUMENT").
    let legalForms: [String]
    let weights: [Float]
    /// Per query word: the listed words it is close to.
    let neighbors: [[Int32: Neighbor]]
    /// Per adjacent pair of query words written together: the listed words it is close to.
    let joinedNeighbors: [[Int32: Neighbor]]

    init(name: AnalyzedName, vocabulary: Vocabulary) {
        self.name = name
        var legalForms = name.legalForms
        tokens = name.informative.map { token in
            guard let (form, rest) = Self.gluedLegalForm(token, vocabulary: vocabulary) else { return token }
            legalForms.append(Lexicon.legalForms[form] ?? form)
            return rest
        }
        self.legalForms = legalForms
        weights = tokens.map { vocabulary.weight(of: $0) }
        neighbors = tokens.map { vocabulary.neighbors(of: $0) }
        var joined: [[Int32: Neighbor]] = []
        for index in 0..<max(0, tokens.count - 1) {
            let text = tokens[index].text + tokens[index + 1].text
            let token = AnalyzedName.Token(text: text, role: .word, canonical: text)
            joined.append(vocabulary.neighbors(of: token).mapValues { Neighbor(similarity: $0.similarity, method: .joined) })
        }
        joinedNeighbors = joined
    }

    var totalWeight: Float { weights.reduce(0, +) }

    /// "jscargument" → ("jsc", "argument") when only the part after the legal form is a listed word.
    private static func gluedLegalForm(_ token: AnalyzedName.Token, vocabulary: Vocabulary) -> (String, AnalyzedName.Token)? {
        guard token.role == .word, vocabulary.ids[token.text] == nil else { return nil }
        for prefix in Lexicon.gluedLegalFormPrefixes where token.text.hasPrefix(prefix) {
            let rest = String(token.text.dropFirst(prefix.count))
            guard rest.utf8.count >= 3, vocabulary.ids[rest] != nil else { continue }
            return (prefix, AnalyzedName.Token(text: rest, role: .word, canonical: Transliteration.canonical(rest)))
        }
        return nil
    }
}
