/// Screens names against the loaded restricted-party lists.
///
/// `Screener` is a value over an immutable index: share it freely across tasks. For many queries
/// on one thread, `Screener.Session` reuses its scratch memory.
public struct Screener: Sendable {
    public let index: ScreeningIndex

    /// A screener over an index already built (or read from a snapshot).
    public init(index: ScreeningIndex) {
        self.index = index
    }

    /// Builds the index over `lists` and screens against it.
    public init(lists: [ParsedList]) {
        self.init(index: ScreeningIndex(lists: lists))
    }

    /// Matches for one query, best first.
    public func screen(_ query: ScreeningQuery, options: ScreeningOptions = .init()) -> [Match] {
        var session = makeSession()
        return session.screen(query, options: options)
    }

    /// A session for many queries on one thread, reusing scratch memory between them.
    public func makeSession() -> Session {
        Session(index: index)
    }

    /// A screener with its own scratch memory, for one thread's stream of queries.
    ///
    /// A session is a value: move it to another task freely, but give each concurrent worker its own.
    public struct Session: Sendable {
        let index: ScreeningIndex
        private var search: CandidateSearch
        private var table: NeighborTable
        private var scratch = NameScorer.Scratch()
        private var memo = NeighborMemo()

        init(index: ScreeningIndex) {
            self.index = index
            search = CandidateSearch(nameCount: index.nameCount)
            table = NeighborTable(vocabularySize: index.vocabulary.count)
        }

        /// Matches for one query, best first, at most `options.limit`, each at or above `options.threshold`.
        public mutating func screen(_ query: ScreeningQuery, options: ScreeningOptions = .init()) -> [Match] {
            var name = NameAnalyzer.analyze(query.name, type: query.type)
            let lists = query.sources.map { sources in Set(index.lists.indices.filter { sources.contains(index.lists[$0].source) }.map(Int16.init)) }
            let hits = index.identifiers.hits(in: name.tokens.map(\.text)).filter {
                query.sources?.contains(index.entities[Int($0.entity)].source) ?? true
            }
            var identified: [Int32: (hit: IdentifierKeys.Hit, query: String)] = [:]
            if !hits.isEmpty {
                for hit in hits { identified[hit.entity] = (hit, hit.words.map { name.tokens[$0].text }.joined(separator: " ")) }
                let consumed = Set(hits.flatMap { Array($0.words) })
                name.tokens = name.tokens.indices.filter { !consumed.contains($0) }.map { name.tokens[$0] }
            }
            let plan = QueryPlan(name: name, vocabulary: index.vocabulary, memo: &memo)
            var best: [Int32: (score: Double, name: Int32, result: NameScorer.Result)] = [:]
            var writtenWords: [String]?
            if !plan.tokens.isEmpty {
                table.fill(from: plan)
                for nameID in search.candidates(for: plan, in: index, lists: lists) {
                    if let required = index.commonWordNames.requiredWords(nameID) {
                        if writtenWords == nil { writtenWords = NameAnalyzer.writtenWords(query.name, type: query.type) }
                        guard CommonWordNames.writesTheSameWords(writtenWords ?? [], as: required) else { continue }
                    }
                    let slot = Int(nameID)
                    let result = NameScorer.score(plan, index.names, slot, table: table, vocabulary: index.vocabulary, scratch: &scratch)
                    let score = index.names[slot].kind == .weakAlias ? result.score * SecondaryFeatures.weakAliasFactor : result.score
                    let entity = index.names[slot].entity
                    if let current = best[entity], current.score >= score { continue }
                    best[entity] = (score, nameID, result)
                }
            }
            for entity in identified.keys where best[entity] == nil {
                guard let slot = index.names.firstIndex(where: { $0.entity == entity }) else { continue }
                best[entity] = (0, Int32(slot), NameScorer.Result(coverage: 0, score: 0, pairs: [], effects: .init()))
            }
            var matches: [Match] = []
            for (entityID, candidate) in best
            where identified[entityID] != nil || candidate.score + SecondaryFeatures.largestRaise >= options.threshold {
                var adjustments = SecondaryFeatures.adjustments(
                    for: query, entity: index.entities[Int(entityID)], nameScore: candidate.score)
                var score = min(1, max(0, candidate.score + adjustments.reduce(0) { $0 + $1.effect }))
                var identifierPair: TokenPair?
                if let (hit, words) = identified[entityID] {
                    let raise = max(0, IdentifierKeys.score - score)
                    adjustments.append(Adjustment(
                        feature: "identifier", effect: raise.roundedToScore,
                        detail: "the query carries \(hit.listed), which this entry lists: the same vessel or aircraft whatever its name"))
                    score += raise
                    identifierPair = TokenPair(query: words, listed: hit.listed, similarity: 1, method: .identifier, weight: 0)
                }
                guard score >= options.threshold else { continue }
                var match = makeMatch(
                    entity: index.entities[Int(entityID)], slot: candidate.name, plan: plan,
                    result: candidate.result, score: score, adjustments: adjustments)
                if let identifierPair { match.explanation.tokens.insert(identifierPair, at: 0) }
                matches.append(match)
            }
            matches.sort { $0.score != $1.score ? $0.score > $1.score : $0.entityID < $1.entityID }
            return Array(matches.prefix(max(0, options.limit)))
        }

        private func makeMatch(
            entity: Entity, slot: Int32, plan: QueryPlan, result: NameScorer.Result, score: Double,
            adjustments: [Adjustment]
        ) -> Match {
            let name = index.names[Int(slot)]
            let vocabulary = index.vocabulary
            let totalWeight = Double(plan.totalWeight)
            func listedText(_ range: Range<Int>) -> String {
                range.map { String(decoding: vocabulary.texts[Int(name.tokens[$0])], as: UTF8.self) }.joined(separator: " ")
            }
            let pairs = result.pairs.map { pair in
                let query = pair.query.map { plan.tokens[$0].text }.joined(separator: " "), listed = listedText(pair.listed)
                return TokenPair(
                    query: query, listed: listed, similarity: Double(pair.similarity).roundedToScore, method: pair.method,
                    weight: (pair.query.reduce(0) { $0 + Double(plan.weights[$1]) } / totalWeight).roundedToScore,
                    edits: pair.method == .typo ? EditDistance.edits(from: Array(query.utf8), to: Array(listed.utf8)) : nil)
            }
            let usedQuery = Set(result.pairs.flatMap { Array($0.query) })
            let usedListed = Set(result.pairs.flatMap { Array($0.listed) })
            var nameAdjustments = result.effects.adjustments(queryForms: plan.legalForms, listedForms: name.legalForms)
            let prefix = plan.name.tokens.filter { $0.role == .vesselPrefix }.map(\.text)
            if !prefix.isEmpty {
                nameAdjustments.append(Adjustment(
                    feature: "vessel-prefix", effect: 0,
                    detail: "set aside the vessel prefix '\(prefix.joined(separator: " "))', which says what kind of vessel follows"))
            }
            if let required = index.commonWordNames.requiredWords(slot) {
                nameAdjustments.append(Adjustment(
                    feature: "common-words-name", effect: 0,
                    detail: "the listed name is made only of common words ('\(required.joined(separator: " "))'), so only a query that writes the same words matches it"))
            }
            if name.kind == .weakAlias {
                nameAdjustments.append(Adjustment(
                    feature: "weak-alias", effect: (-(1 - SecondaryFeatures.weakAliasFactor) * result.score).roundedToScore,
                    detail: "matched a weak alias, which the list itself calls too broad to rely on"))
            }
            let metadata = index.lists[Int(name.list)]
            return Match(
                entityID: entity.id, score: score.roundedToScore, name: entity.name, matchedName: name.text,
                source: entity.source, programs: entity.programs, type: entity.type,
                list: ListVersion(source: metadata.source, published: metadata.published, sha256: metadata.sha256),
                explanation: Explanation(
                    matchedName: name.text, nameKind: name.kind, aliasLabel: name.label,
                    nameScore: result.coverage.roundedToScore,
                    tokens: pairs,
                    unmatchedQueryTokens: plan.tokens.indices.filter { !usedQuery.contains($0) }.map { plan.tokens[$0].text },
                    unmatchedListedTokens: name.tokens.indices.filter { !usedListed.contains($0) }.map { listedText($0..<($0 + 1)) },
                    ignoredQueryTokens: plan.name.tokens.filter { $0.role == .legalForm || $0.role == .stopword || $0.role == .vesselPrefix }
                        .map(\.text),
                    adjustments: nameAdjustments + adjustments))
        }
    }
}
