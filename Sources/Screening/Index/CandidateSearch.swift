/// Finds the listed names worth scoring for one query, with reusable scratch memory.
///
/// Each query word's neighbours lead through the postings to the names containing them; a name
/// collects the rarity-weighted similarity of every query word it contains. Only names that
/// collect enough, and at most `limit` of them (those whose words the query covers best), are
/// scored in full. One `CandidateSearch` serves
/// one thread at a time; make one per worker.
struct CandidateSearch {
    private var collected: [Float]
    private var lastWord: [Int32]
    /// The listed word that last credited each name, so one listed word cannot credit two query words.
    private var lastToken: [Int32]
    private var touched: [Int32] = []

    /// A name must collect this share of the query's weight to be scored.
    static let minimumShare: Float = 0.3
    static let limit = 64

    init(nameCount: Int) {
        collected = [Float](repeating: 0, count: nameCount)
        lastWord = [Int32](repeating: -1, count: nameCount)
        lastToken = [Int32](repeating: -1, count: nameCount)
    }

    mutating func candidates(for plan: QueryPlan, in index: ScreeningIndex) -> [Int32] {
        var word: Int32 = 0
        for (neighbors, weight) in zip(plan.neighbors, plan.weights) {
            collect(neighbors, weight: weight, word: word, postings: index.postings)
            word += 1
        }
        for (offset, neighbors) in plan.joinedNeighbors.enumerated() {
            let weight = plan.weights[offset] + plan.weights[offset + 1]
            collect(neighbors, weight: weight, word: word, postings: index.postings)
            word += 1
        }
        let total = plan.totalWeight
        let floor = total * Self.minimumShare
        var found: [(Float, Int32)] = []
        for name in touched {
            let weight = collected[Int(name)]
            if weight >= floor {
                // An estimate of the final score: how much of the query and of the name is covered.
                let priority = weight / total + min(1, weight / max(index.nameWeights[Int(name)], .leastNonzeroMagnitude))
                found.append((priority, name))
            }
            collected[Int(name)] = 0
            lastWord[Int(name)] = -1
            lastToken[Int(name)] = -1
        }
        touched.removeAll(keepingCapacity: true)
        if found.count > Self.limit {
            found.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
            found.removeLast(found.count - Self.limit)
        }
        return found.map(\.1)
    }

    private mutating func collect(_ neighbors: [Int32: Neighbor], weight: Float, word: Int32, postings: Postings) {
        let ordered = neighbors.sorted { $0.value.similarity > $1.value.similarity }
        for (token, neighbor) in ordered {
            let gain = weight * neighbor.similarity
            postings.forEach(token) { name in
                let slot = Int(name)
                guard lastWord[slot] != word, lastToken[slot] != token else { return }
                if lastWord[slot] == -1 { touched.append(name) }
                lastWord[slot] = word
                lastToken[slot] = token
                collected[slot] += gain
            }
        }
    }
}
