/// Finds the listed names worth scoring for one query, with reusable scratch memory.
///
/// Each query word's neighbours lead through the postings to the names containing them; a name
/// collects the rarity-weighted similarity of every query word it contains. Only names that
/// collect enough, and at most `limit` of them (those whose words the query covers best), are
/// scored in full. One `CandidateSearch` serves
/// one thread at a time; make one per worker.
struct CandidateSearch: Sendable {
    /// What one name has collected so far for the current query; the three fields side by side, so
    /// crediting a name touches one place in memory, not three.
    private struct Tally: Sendable {
        var collected: Float = 0
        /// The query word that last credited the name, -1 when none has.
        var lastWord: Int32 = -1
        /// The listed word that last credited the name, so one listed word cannot credit two query words.
        var lastToken: Int32 = -1
    }

    private var tallies: [Tally]
    private var touched: [Int32] = []

    /// A name must collect this share of the query's weight to be scored.
    static let minimumShare: Float = 0.3
    static let limit = 64

    init(nameCount: Int) {
        tallies = [Tally](repeating: Tally(), count: nameCount)
    }

    /// The names to score for `plan`; with `lists`, only names from those positions of `index.lists`.
    mutating func candidates(for plan: QueryPlan, in index: ScreeningIndex, lists: Set<Int16>? = nil) -> [Int32] {
        var word: Int32 = 0
        for (neighbors, weight) in zip(plan.retrievalNeighbors, plan.weights) {
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
            let weight = tallies[Int(name)].collected
            if weight >= floor, lists?.contains(index.names[Int(name)].list) ?? true {
                // An estimate of the final score: how much of the query and of the name is covered.
                let priority = weight / total + min(1, weight / max(index.nameWeights[Int(name)], .leastNonzeroMagnitude))
                found.append((priority, name))
            }
            tallies[Int(name)] = Tally()
        }
        touched.removeAll(keepingCapacity: true)
        return Self.best(found, count: Self.limit)
    }

    /// The `count` names of highest priority (ties to the lower name id), in no particular order,
    /// kept in a min-heap so the thousands of names a common word touches are never fully sorted.
    static func best(_ found: [(Float, Int32)], count: Int) -> [Int32] {
        guard found.count > count else { return found.map(\.1) }
        func below(_ a: (Float, Int32), _ b: (Float, Int32)) -> Bool { a.0 != b.0 ? a.0 < b.0 : a.1 > b.1 }
        var heap = Array(found.prefix(count))
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count && below(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count && below(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { return }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
        for candidate in found.dropFirst(count) where below(heap[0], candidate) {
            heap[0] = candidate
            siftDown(0)
        }
        return heap.map(\.1)
    }

    private mutating func collect(_ neighbors: [Int32: Neighbor], weight: Float, word: Int32, postings: Postings) {
        let ordered = neighbors.sorted {
            $0.value.similarity != $1.value.similarity ? $0.value.similarity > $1.value.similarity : $0.key < $1.key
        }
        for (token, neighbor) in ordered {
            let gain = weight * neighbor.similarity
            postings.forEach(token) { name in
                let slot = Int(name)
                let tally = tallies[slot]
                guard tally.lastWord != word, tally.lastToken != token else { return }
                if tally.lastWord == -1 { touched.append(name) }
                tallies[slot] = Tally(collected: tally.collected + gain, lastWord: word, lastToken: token)
            }
        }
    }
}
