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

        init(index: ScreeningIndex) {
            self.index = index
            search = CandidateSearch(nameCount: index.nameCount)
            table = NeighborTable(vocabularySize: index.vocabulary.count)
        }

        /// Matches for one query, best first, at most `options.limit`, each at or above `options.threshold`.
        public mutating func screen(_ query: ScreeningQuery, options: ScreeningOptions = .init()) -> [Match] {
            let plan = QueryPlan(name: NameAnalyzer.analyze(query.name), vocabulary: index.vocabulary)
            guard !plan.tokens.isEmpty else { return [] }
            table.fill(from: plan)
            var best: [Int32: (score: Double, name: Int32, result: NameScorer.Result)] = [:]
            let lists = query.sources.map { sources in Set(index.lists.indices.filter { sources.contains(index.lists[$0].source) }.map(Int16.init)) }
            for nameID in search.candidates(for: plan, in: index, lists: lists) {
                let slot = Int(nameID)
                let result = NameScorer.score(plan, index.names, slot, table: table, vocabulary: index.vocabulary)
                let score = index.names[slot].kind == .weakAlias ? result.score * SecondaryFeatures.weakAliasFactor : result.score
                let entity = index.names[slot].entity
                if let current = best[entity], current.score >= score { continue }
                best[entity] = (score, nameID, result)
            }
            var matches: [Match] = []
            for (entityID, candidate) in best where candidate.score + SecondaryFeatures.largestRaise >= options.threshold {
                let adjustments = SecondaryFeatures.adjustments(
                    for: query, entity: index.entities[Int(entityID)], nameScore: candidate.score)
                let score = min(1, max(0, candidate.score + adjustments.reduce(0) { $0 + $1.effect }))
                guard score >= options.threshold else { continue }
                matches.append(makeMatch(
                    entity: index.entities[Int(entityID)], name: index.names[Int(candidate.name)], plan: plan,
                    result: candidate.result, score: score, adjustments: adjustments))
            }
            matches.sort { $0.score != $1.score ? $0.score > $1.score : $0.entityID < $1.entityID }
            return Array(matches.prefix(max(0, options.limit)))
        }

        private func makeMatch(
            entity: Entity, name: IndexedName, plan: QueryPlan, result: NameScorer.Result, score: Double,
            adjustments: [Adjustment]
        ) -> Match {
            let vocabulary = index.vocabulary
            let totalWeight = Double(plan.totalWeight)
            func listedText(_ range: Range<Int>) -> String {
                range.map { String(decoding: vocabulary.texts[Int(name.tokens[$0])], as: UTF8.self) }.joined(separator: " ")
            }
            let pairs = result.pairs.map { pair in
                TokenPair(
                    query: pair.query.map { plan.tokens[$0].text }.joined(separator: " "),
                    listed: listedText(pair.listed), similarity: Double(pair.similarity).roundedToScore, method: pair.method,
                    weight: (pair.query.reduce(0) { $0 + Double(plan.weights[$1]) } / totalWeight).roundedToScore)
            }
            let usedQuery = Set(result.pairs.flatMap { Array($0.query) })
            let usedListed = Set(result.pairs.flatMap { Array($0.listed) })
            var nameAdjustments = result.effects.adjustments(queryForms: plan.legalForms, listedForms: name.legalForms)
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
                    ignoredQueryTokens: plan.name.tokens.filter { $0.role == .legalForm || $0.role == .stopword }.map(\.text),
                    adjustments: nameAdjustments + adjustments))
        }
    }
}
