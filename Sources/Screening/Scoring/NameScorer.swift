/// Scores one listed name against a query name by aligning their words.
///
/// Words are paired one-to-one, best similarity first, so word order does not matter; two words
/// written together on one side may pair with one word on the other. The score averages how much
/// of the query is covered and how much of the listed name is covered, each weighted by word
/// rarity, so generic words ("trading", "bank") cannot make a strong match on their own.
enum NameScorer {
    /// A pair in the alignment: query words `query` matched listed words `listed`.
    struct Pair: Sendable {
        var query: Range<Int>
        var listed: Range<Int>
        var similarity: Float
        var method: MatchMethod
    }

    struct Result: Sendable {
        /// Weighted coverage of both names, before `effects`.
        var coverage: Double
        var score: Double
        var pairs: [Pair]
        /// Word order, legal forms, numbers, one-word names.
        var effects: Effects
    }

    /// Scratch memory for `score`, reused from one name to the next so that scoring a name allocates
    /// little more than its result.
    struct Scratch: Sendable {
        fileprivate var candidates: [Pair] = []
        fileprivate var usedQuery: [Bool] = []
        fileprivate var usedListed: [Bool] = []
        fileprivate var listedWeights: [Float] = []
        fileprivate var queryWeights: [Float] = []
    }

    /// Similarities below this do not pair words at all.
    static let pairFloor: Float = 0.8

    /// Scores `names[slot]`; taking the array, not the element, spares a copy of the name per candidate.
    static func score(
        _ plan: QueryPlan, _ names: [IndexedName], _ slot: Int, table: NeighborTable, vocabulary: Vocabulary, scratch: inout Scratch
    ) -> Result {
        let tokens = names[slot].tokens, joined = names[slot].joined
        let distinctiveWeight = vocabulary.weight(forFrequency: distinctiveFrequency)
        var candidates: [Pair] = [], usedQuery: [Bool] = [], usedListed: [Bool] = [], listedWeights: [Float] = [], queryWeights: [Float] = []
        swap(&candidates, &scratch.candidates)
        swap(&usedQuery, &scratch.usedQuery)
        swap(&usedListed, &scratch.usedListed)
        swap(&listedWeights, &scratch.listedWeights)
        swap(&queryWeights, &scratch.queryWeights)
        defer {
            swap(&candidates, &scratch.candidates)
            swap(&usedQuery, &scratch.usedQuery)
            swap(&usedListed, &scratch.usedListed)
            swap(&listedWeights, &scratch.listedWeights)
            swap(&queryWeights, &scratch.queryWeights)
        }
        candidates.removeAll(keepingCapacity: true)
        let words = plan.tokens.count
        for i in 0..<words where !plan.neighbors[i].isEmpty {
            for (j, token) in tokens.enumerated() {
                let n = table.lookup(token, column: i)
                if n.similarity >= pairFloor {
                    candidates.append(Pair(query: i..<(i + 1), listed: j..<(j + 1), similarity: n.similarity, method: n.method))
                }
            }
            for (j, token) in joined.enumerated() {
                let n = table.lookup(token, column: i)
                if n.similarity >= pairFloor {
                    candidates.append(Pair(query: i..<(i + 1), listed: j..<(j + 2), similarity: n.similarity, method: .joined))
                }
            }
        }
        for i in plan.joinedNeighbors.indices where !plan.joinedNeighbors[i].isEmpty {
            for (j, token) in tokens.enumerated() {
                let n = table.lookup(token, column: words + i)
                if n.similarity >= pairFloor {
                    candidates.append(Pair(query: i..<(i + 2), listed: j..<(j + 1), similarity: n.similarity, method: .joined))
                }
            }
        }
        guard !candidates.isEmpty else { return Result(coverage: 0, score: 0, pairs: [], effects: Effects()) }
        candidates.sort {
            $0.similarity != $1.similarity
                ? $0.similarity > $1.similarity : $0.query.count + $0.listed.count < $1.query.count + $1.listed.count
        }
        usedQuery.removeAll(keepingCapacity: true)
        usedQuery.append(contentsOf: repeatElement(false, count: plan.tokens.count))
        usedListed.removeAll(keepingCapacity: true)
        usedListed.append(contentsOf: repeatElement(false, count: tokens.count))
        var pairs: [Pair] = []
        for pair in candidates where pair.query.allSatisfy({ !usedQuery[$0] }) && pair.listed.allSatisfy({ !usedListed[$0] }) {
            pairs.append(pair)
            for i in pair.query { usedQuery[i] = true }
            for j in pair.listed { usedListed[j] = true }
        }

        // A number on one side only ("DONG FENG" / "DONG FENG 6") may be a detail left out; numbers on
        // both sides that differ are another party (handled below).
        let queryHasNumber = plan.tokens.contains { $0.role == .number }
        let listedHasNumber = tokens.contains { vocabulary.isNumber[Int($0)] }
        listedWeights.removeAll(keepingCapacity: true)
        for token in tokens {
            listedWeights.append(vocabulary.isNumber[Int(token)] && !queryHasNumber ? Vocabulary.initialWeight : vocabulary.tokenWeight(Int(token)))
        }
        queryWeights.removeAll(keepingCapacity: true)
        queryWeights.append(contentsOf: plan.weights)
        if !listedHasNumber {
            for index in plan.tokens.indices where plan.tokens[index].role == .number { queryWeights[index] = Vocabulary.initialWeight }
        }
        var queryMatched: Float = 0, listedMatched: Float = 0
        var distinctive = false
        for pair in pairs {
            queryMatched += pair.similarity * pair.query.reduce(0) { $0 + queryWeights[$1] }
            listedMatched += pair.similarity * pair.listed.reduce(0) { $0 + listedWeights[$1] }
            if pair.similarity >= 0.95 && pair.listed.contains(where: { listedWeights[$0] >= distinctiveWeight }) { distinctive = true }
        }
        // People's names lose and gain middle names and patronymics; any name whose matched word is
        // nearly unique on the lists is identified by it. Either way an unmatched word costs half.
        let lenient = (names[slot].personLike && pairs.count >= 2) || distinctive
        let unmatchedShare: Float = lenient ? 0.5 : 1
        // A person's query every word of which pairs is a short form of the listed name (given name and
        // surname of "DUPLAN, Joseph Pierre Richard"): the listed name's other words cost a quarter.
        // Every pair must be the same word, and a rare one among them: generic words ("International
        // Trading") or near-alike ones (King / Koang) name no one in particular.
        let rareWeight = vocabulary.weight(forFrequency: shortFormFrequency)
        let shortForm = names[slot].personLike && pairs.count >= 2 && !usedQuery.contains(false)
            && pairs.allSatisfy { $0.similarity >= 0.95 }
            && pairs.contains { $0.listed.contains { listedWeights[$0] >= rareWeight && vocabulary.texts[Int(tokens[$0])].count >= 5 } }
        let queryTotal = total(queryWeights, used: usedQuery, unmatchedShare: unmatchedShare)
        let listedTotal = total(listedWeights, used: usedListed, unmatchedShare: shortForm ? shortFormShare : unmatchedShare)
        let coverage = min(1, 0.5 * Double(queryMatched / queryTotal) + 0.5 * Double(listedMatched / listedTotal))

        var effects = Effects()
        // Lists disagree on the order of people's names (surname first or last, with or without a
        // comma), so order only counts in the names of organisations, vessels and aircraft.
        if !names[slot].personLike {
            let ordered = pairs.sorted { $0.query.lowerBound < $1.query.lowerBound }
            effects.reordered = zip(ordered, ordered.dropFirst()).contains { $0.listed.lowerBound > $1.listed.lowerBound }
        }
        effects.legalForm = legalFormEffect(query: plan.legalForms, listed: names[slot].legalForms)
        effects.numberConflict = queryHasNumber && listedHasNumber
            && !plan.tokens.indices.contains { plan.tokens[$0].role == .number && usedQuery[$0] }
        effects.commonSingleWord = names[slot].personLike && tokens.count == 1
            && listedWeights[0] < vocabulary.weight(forFrequency: commonFrequency)
        // Several words that each only resemble the listed ones, none the same word, are weak evidence
        // (Sarah Scott / AL-SALAH SOCIETY); another romanisation of a name is not a resemblance.
        effects.unanchored = pairs.count >= 2
            && !pairs.contains { $0.similarity >= 0.95 || $0.method == .romanisation || $0.method == .variant }
        // A short word (four letters or fewer) that only resembles the listed one says little: Song / Dong,
        // Wen / Wei, Qu / Qiu are as often two names as one name spelt two ways.
        // Another romanisation of a name is not a resemblance, unless the query is written in pinyin,
        // the standard spelling: then a listed word spelt otherwise is only alike (Xu / Choo).
        effects.shortResemblances = min(2, pairs.count(where: { pair in
            pair.similarity < 0.95 && pair.method != .joined && pair.query.count == 1 && pair.listed.count == 1
                && (pair.method != .romanisation || plan.writtenInPinyin)
                && min(plan.tokens[pair.query.lowerBound].text.utf8.count, vocabulary.texts[Int(tokens[pair.listed.lowerBound])].count) <= 4
        }))
        // A query word that pairs with nothing while the listed name keeps a word of its own that paired
        // with nothing is a word replaced: another given name, another unit of the same firm (HIGUITA
        // PERALTA, Jose Tamara / Jose Efer; Gulf Castro Contracting / Gulf Eagle Contracting).
        let unpairedQuery = plan.tokens.indices.count(where: {
            !usedQuery[$0] && plan.tokens[$0].role == .word && plan.tokens[$0].text.utf8.count >= 2
        })
        let unpairedListed = tokens.indices.count(where: {
            !usedListed[$0] && !vocabulary.isNumber[Int(tokens[$0])] && vocabulary.texts[Int(tokens[$0])].count >= 2
        })
        effects.replacedWords = min(2, min(unpairedQuery, unpairedListed))
        // A number in the query that the listed name lacks names a unit of it, or another vessel: Bureau 14, AMBER 13.
        effects.numberOnlyInQuery = queryHasNumber && !listedHasNumber
        effects.slips = pairs.reduce(0) { total, pair in
            guard pair.method == .typo, pair.query.count == 1, pair.listed.count == 1 else { return total }
            let query = Array(plan.tokens[pair.query.lowerBound].text.utf8), listed = vocabulary.texts[Int(tokens[pair.listed.lowerBound])]
            return total + (EditDistance.distance(query, listed, limit: 2) ?? 2)
        }
        // One word against one word: a slip in a long word is still the word (HUMANUTY), whether the
        // letters also read alike in another romanisation or not (TBANHK); a slip in a short one, or any
        // other resemblance, is a weak sign (Pascal / PASKAL, Mendes / BANDES).
        if plan.tokens.count == 1, tokens.count == 1, let pair = pairs.first, pair.similarity < 1 {
            let listed = vocabulary.texts[Int(tokens[0])], length = listed.count
            let mark = !names[slot].personLike && NameAnalyzer.registrationMark(names[slot].text) != nil
            let edits: Int? = switch pair.method {
            case .typo: effects.slips
            case .romanisation: EditDistance.distance(Array(plan.tokens[0].text.utf8), listed, limit: 2)
            default: nil
            }
            let forgiven = edits.map { $0 <= (length >= 8 ? 2 : length >= 5 || mark ? 1 : 0) } ?? false
            if !forgiven { effects.oneWordSimilarity = Double(pair.similarity) }
        }
        return Result(coverage: coverage, score: min(1, max(0, coverage + effects.total)), pairs: pairs, effects: effects)
    }

    /// What, besides word coverage, changed a name's score; turned into `Adjustment`s only for reported matches.
    struct Effects: Sendable {
        var reordered = false
        var legalForm = 0.0
        var numberConflict = false
        var commonSingleWord = false
        /// Set when one word met one word with this similarity below 1.
        var oneWordSimilarity: Double?
        /// Slips of typing over all pairs.
        var slips = 0
        /// Two pairs or more, none of them the same word.
        var unanchored = false
        /// Pairs of short words that only resemble each other (at most two are counted).
        var shortResemblances = 0
        /// Query words that pair with nothing while the listed name has words that pair with nothing (at most two).
        var replacedWords = 0
        /// The query carries a number and the listed name none.
        var numberOnlyInQuery = false

        var slipEffect: Double { -Double(max(0, slips - freeSlips)) * extraSlipPenalty }

        var oneWordEffect: Double { oneWordSimilarity.map { -4 * (1 - $0) } ?? 0 }

        var total: Double {
            (reordered ? -wordOrderPenalty : 0) + legalForm + (numberConflict ? -numberConflictPenalty : 0)
                + (commonSingleWord ? -commonSingleWordPenalty : 0) + oneWordEffect + slipEffect
                + (unanchored ? -unanchoredPenalty : 0) - Double(shortResemblances) * shortResemblancePenalty
                - Double(replacedWords) * replacedWordPenalty + (numberOnlyInQuery ? -queryNumberPenalty : 0)
        }

        func adjustments(queryForms: [String], listedForms: [String]) -> [Adjustment] {
            var result: [Adjustment] = []
            if reordered {
                result.append(Adjustment(feature: "word-order", effect: -wordOrderPenalty, detail: "the same words in another order"))
            }
            if legalForm != 0 {
                result.append(Adjustment(
                    feature: "legal-form", effect: legalForm,
                    detail: "legal forms differ: query [\(queryForms.joined(separator: ", "))], listed [\(listedForms.joined(separator: ", "))]"))
            }
            if numberConflict {
                result.append(Adjustment(
                    feature: "number", effect: -numberConflictPenalty,
                    detail: "the numbers differ: a numbered vessel, unit or branch is another party"))
            }
            if commonSingleWord {
                result.append(Adjustment(
                    feature: "single-common-word", effect: -commonSingleWordPenalty,
                    detail: "the listed name is one common given or family name, which many unrelated people share"))
            }
            if shortResemblances > 0 {
                result.append(Adjustment(
                    feature: "short-resemblance", effect: -(Double(shortResemblances) * shortResemblancePenalty).roundedToScore,
                    detail: "\(shortResemblances) short word(s) only resemble the listed one: weak evidence"))
            }
            if replacedWords > 0 {
                result.append(Adjustment(
                    feature: "replaced-word", effect: -(Double(replacedWords) * replacedWordPenalty).roundedToScore,
                    detail: "\(replacedWords) query word(s) pair with nothing while the listed name keeps word(s) of its own: a word replaced names another party"))
            }
            if numberOnlyInQuery {
                result.append(Adjustment(
                    feature: "query-number", effect: -queryNumberPenalty,
                    detail: "the query carries a number the listed name lacks: a numbered unit or vessel may be another party"))
            }
            if unanchored {
                result.append(Adjustment(
                    feature: "no-same-word", effect: -unanchoredPenalty,
                    detail: "every word only resembles a listed word; none is the same word"))
            }
            if slips > freeSlips {
                result.append(Adjustment(
                    feature: "slips", effect: slipEffect.roundedToScore,
                    detail: "\(slips) slips of typing over the name: more than \(freeSlips) make another name likelier than a typo"))
            }
            if oneWordSimilarity != nil {
                result.append(Adjustment(
                    feature: "one-word-spelling", effect: oneWordEffect.roundedToScore,
                    detail: "one word against one word, spelt differently: a weak sign of the same party"))
            }
            return result
        }
    }

    static let wordOrderPenalty = 0.02
    /// What each replaced word costs (see `Effects.replacedWords`).
    static let replacedWordPenalty = 0.08
    /// What a number only the query carries costs.
    static let queryNumberPenalty = 0.06
    /// What an unmatched listed word of a person counts when every query word paired.
    static let shortFormShare: Float = 0.25
    /// A word in this many names or fewer is rare enough to anchor a short form.
    static let shortFormFrequency = 20
    /// Slips of typing a name may carry at no cost beyond its words' similarity.
    static let freeSlips = 2
    /// What each slip past `freeSlips` costs: three slips spread over a name are another name more often than a typo.
    static let extraSlipPenalty = 0.04
    /// What a name costs when none of its paired words is the same word.
    static let unanchoredPenalty = 0.04
    /// What each short word that only resembles its listed word costs.
    static let shortResemblancePenalty = 0.04
    static let numberConflictPenalty = 0.2
    static let commonSingleWordPenalty = 0.1
    /// Words in this many names or fewer identify a party by themselves.
    static let distinctiveFrequency = 5
    /// A person listed under one word found in more names than this (an alias "Martin") is weak evidence.
    static let commonFrequency = 15

    /// Sum of weights, unmatched words counted at `unmatchedShare`.
    private static func total(_ weights: [Float], used: [Bool], unmatchedShare: Float) -> Float {
        var total: Float = 0
        for (index, weight) in weights.enumerated() { total += used[index] ? weight : weight * unmatchedShare }
        return max(total, .leastNonzeroMagnitude)
    }

    /// Different legal forms lower the score a little; one side without one, less.
    static func legalFormEffect(query: [String], listed: [String]) -> Double {
        if query.isEmpty && listed.isEmpty { return 0 }
        if query.isEmpty || listed.isEmpty { return -0.01 }
        return Set(query).isDisjoint(with: listed) ? -0.03 : 0
    }
}

extension Double {
    /// Four decimals, as every score is reported.
    var roundedToScore: Double { (self * 10_000).rounded() / 10_000 }
}
