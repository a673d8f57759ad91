/// Scores one listed name against a query name by aligning their words.
///
/// Words are paired one-to-one, best similarity first, so word order does not matter; two words
/// written together on one side may pair with one word on the other. The score averages how much
/// of the query is covered and how much of the listed name is covered, each weighted by word
/// rarity, so generic words ("trading", "bank") cannot make a strong match on their own. In
/// people's names, words missing between matched words (a middle name) cost half.
enum NameScorer {
    /// A pair in the alignment: query words `query` matched listed words `listed`.
    struct Pair: Sendable {
        var query: Range<Int>
        var listed: Range<Int>
        var similarity: Float
        var method: MatchMethod
    }

    struct Result: Sendable {
        /// Weighted coverage of both names, before word-order and legal-form effects.
        var coverage: Double
        var score: Double
        var pairs: [Pair]
        var reordered: Bool
        var legalFormEffect: Double
    }

    /// Similarities below this do not pair words at all.
    static let pairFloor: Float = 0.8

    /// `personLike`: whether words missing between matched words may be middle names.
    static func score(_ plan: QueryPlan, _ name: IndexedName, personLike: Bool, vocabulary: Vocabulary) -> Result {
        var candidates: [Pair] = []
        for i in plan.tokens.indices {
            let near = plan.neighbors[i]
            guard !near.isEmpty else { continue }
            for (j, token) in name.tokens.enumerated() {
                if let n = near[token], n.similarity >= pairFloor {
                    candidates.append(Pair(query: i..<(i + 1), listed: j..<(j + 1), similarity: n.similarity, method: n.method))
                }
            }
            for (j, token) in name.joined.enumerated() {
                if let n = near[token], n.similarity >= pairFloor {
                    candidates.append(Pair(query: i..<(i + 1), listed: j..<(j + 2), similarity: n.similarity, method: .joined))
                }
            }
        }
        for (i, near) in plan.joinedNeighbors.enumerated() where !near.isEmpty {
            for (j, token) in name.tokens.enumerated() {
                if let n = near[token], n.similarity >= pairFloor {
                    candidates.append(Pair(query: i..<(i + 2), listed: j..<(j + 1), similarity: n.similarity, method: .joined))
                }
            }
        }
        guard !candidates.isEmpty else { return Result(coverage: 0, score: 0, pairs: [], reordered: false, legalFormEffect: 0) }
        candidates.sort {
            $0.similarity != $1.similarity
                ? $0.similarity > $1.similarity : $0.query.count + $0.listed.count < $1.query.count + $1.listed.count
        }
        var usedQuery = [Bool](repeating: false, count: plan.tokens.count)
        var usedListed = [Bool](repeating: false, count: name.tokens.count)
        var pairs: [Pair] = []
        for pair in candidates where pair.query.allSatisfy({ !usedQuery[$0] }) && pair.listed.allSatisfy({ !usedListed[$0] }) {
            pairs.append(pair)
            for i in pair.query { usedQuery[i] = true }
            for j in pair.listed { usedListed[j] = true }
        }

        let listedWeights = name.tokens.map { vocabulary.isNumber[Int($0)] ? vocabulary.unseenWeight : vocabulary.weights[Int($0)] }
        var queryMatched: Float = 0, listedMatched: Float = 0
        for pair in pairs {
            queryMatched += pair.similarity * pair.query.reduce(0) { $0 + plan.weights[$1] }
            listedMatched += pair.similarity * pair.listed.reduce(0) { $0 + listedWeights[$1] }
        }
        let queryTotal = coveredTotal(weights: plan.weights, used: usedQuery, middleGaps: personLike)
        let listedTotal = coveredTotal(weights: listedWeights, used: usedListed, middleGaps: personLike)
        let coverage = min(1, 0.5 * Double(queryMatched / queryTotal) + 0.5 * Double(listedMatched / listedTotal))
        var score = coverage

        let ordered = pairs.sorted { $0.query.lowerBound < $1.query.lowerBound }
        let reordered = zip(ordered, ordered.dropFirst()).contains { $0.listed.lowerBound > $1.listed.lowerBound }
        if reordered { score -= wordOrderPenalty }
        let legal = legalFormEffect(query: plan.legalForms, listed: name.legalForms)
        score += legal
        return Result(coverage: coverage, score: min(1, max(0, score)), pairs: pairs, reordered: reordered, legalFormEffect: legal)
    }

    /// Taken off when the same words come in another order, so exact order ranks first.
    static let wordOrderPenalty = 0.02

    /// Sum of weights, where unmatched words lying between matched words (middle names) may count half.
    private static func coveredTotal(weights: [Float], used: [Bool], middleGaps: Bool) -> Float {
        guard middleGaps, let first = used.firstIndex(of: true), let last = used.lastIndex(of: true) else {
            return max(weights.reduce(0, +), .leastNonzeroMagnitude)
        }
        var total: Float = 0
        for (index, weight) in weights.enumerated() {
            total += (!used[index] && index > first && index < last) ? weight * 0.5 : weight
        }
        return max(total, .leastNonzeroMagnitude)
    }

    /// Different legal forms lower the score a little; one side without one, less.
    static func legalFormEffect(query: [String], listed: [String]) -> Double {
        if query.isEmpty && listed.isEmpty { return 0 }
        if query.isEmpty || listed.isEmpty { return -0.01 }
        return Set(query).isDisjoint(with: listed) ? -0.03 : 0
    }
}
