/// The query's neighbours laid out for constant-time look-up while many names are scored.
///
/// A session fills it once per query from `QueryPlan`'s per-word maps; scoring a name then asks
/// "how close is listed word v to query word i" with two array reads instead of hashing.
struct NeighborTable: Sendable {
    private var stamp: [UInt32]
    private var slot: [Int32]
    private var generation: UInt32 = 0
    private var similarities: [Float] = []
    private var methods: [MatchMethod] = []
    private var width = 0

    init(vocabularySize: Int) {
        stamp = [UInt32](repeating: 0, count: vocabularySize)
        slot = [Int32](repeating: 0, count: vocabularySize)
    }

    /// Fills the table with the plan's words (columns 0..<n) and joined pairs (columns n...).
    mutating func fill(from plan: QueryPlan) {
        generation &+= 1
        if generation == 0 {
            for index in stamp.indices { stamp[index] = 0 }
            generation = 1
        }
        width = plan.neighbors.count + plan.joinedNeighbors.count
        similarities.removeAll(keepingCapacity: true)
        methods.removeAll(keepingCapacity: true)
        for (column, near) in (plan.neighbors + plan.joinedNeighbors).enumerated() {
            for (token, neighbor) in near { set(token, column: column, neighbor) }
        }
    }

    private mutating func set(_ token: Int32, column: Int, _ neighbor: Neighbor) {
        let id = Int(token)
        if stamp[id] != generation {
            stamp[id] = generation
            slot[id] = Int32(similarities.count / width)
            similarities.append(contentsOf: repeatElement(0, count: width))
            methods.append(contentsOf: repeatElement(.exact, count: width))
        }
        let cell = Int(slot[id]) * width + column
        similarities[cell] = neighbor.similarity
        methods[cell] = neighbor.method
    }

    /// How close listed word `token` is to query column `column`; similarity 0 when not a neighbour.
    func lookup(_ token: Int32, column: Int) -> (similarity: Float, method: MatchMethod) {
        let id = Int(token)
        guard stamp[id] == generation else { return (0, .exact) }
        let cell = Int(slot[id]) * width + column
        return (similarities[cell], methods[cell])
    }
}
