/// The neighbours of the query words a session has already looked up, so that a word recurring over
/// a batch ("trading", "mohammed", "international") is looked up in the vocabulary once.
///
/// `Vocabulary.neighbors` depends only on the word (its text, role and canonical form) and the two
/// flags, and the index a session screens against never changes: what the memo returns is exactly
/// what looking the word up again would return. When full, it forgets everything and starts over,
/// which bounds its memory at a few megabytes per session.
struct NeighborMemo: Sendable {
    private struct Key: Hashable, Sendable {
        var token: AnalyzedName.Token
        var abbreviation: Bool
        var written: Bool
    }

    private var known: [Key: [Int32: Neighbor]] = [:]

    /// The most words remembered at once.
    static let capacity = 4096

    /// `vocabulary.neighbors(of: token, abbreviation: abbreviation, written: written)`, looked up once per session.
    mutating func neighbors(
        of token: AnalyzedName.Token, abbreviation: Bool = false, written: Bool = true, in vocabulary: Vocabulary
    ) -> [Int32: Neighbor] {
        let key = Key(token: token, abbreviation: abbreviation, written: written)
        if let found = known[key] { return found }
        let found = vocabulary.neighbors(of: token, abbreviation: abbreviation, written: written)
        if known.count >= Self.capacity { known.removeAll(keepingCapacity: true) }
        known[key] = found
        return found
    }
}
