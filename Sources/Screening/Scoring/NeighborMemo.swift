/// The neighbours of the query words a session has already looked up, so that a word recurring over
/// a batch ("trading", "mohammed", "international") is looked up in the vocabulary once.
///
/// `Vocabulary.neighbors` depends only on the word (its text, role and canonical form) and the two
/// flags, and the index a session screens against never changes: what the memo returns is exactly
/// what looking the word up again would return. It keeps two generations: when the young one is
/// full, it becomes the old one and the old one is forgotten; a word found in the old generation is
/// carried into the young one. Words that recur all through a batch so stay while the rare words of
/// each stretch of it come and go, and the memory stays bounded (some 15 MB per session).
struct NeighborMemo: Sendable {
    private struct Key: Hashable, Sendable {
        var token: AnalyzedName.Token
        var abbreviation: Bool
        var written: Bool
        var pinyin: Bool
    }

    private var young: [Key: [Int32: Neighbor]] = [:]
    private var old: [Key: [Int32: Neighbor]] = [:]

    /// The most words a generation remembers.
    static let capacity = 16384

    /// `vocabulary.neighbors(of: token, abbreviation: abbreviation, written: written)`, looked up once per
    /// session; with `pinyin`, only those a pinyin query word may mean (`QueryPlan.samePinyin`). A token
    /// that is two query words written together (`written` false) meets its neighbours `.joined`.
    mutating func neighbors(
        of token: AnalyzedName.Token, abbreviation: Bool = false, written: Bool = true, pinyin: Bool = false,
        in vocabulary: Vocabulary
    ) -> [Int32: Neighbor] {
        let key = Key(token: token, abbreviation: abbreviation, written: written, pinyin: pinyin)
        if let found = young[key] { return found }
        let found = old[key] ?? Self.lookUp(key, in: vocabulary)
        if young.count >= Self.capacity {
            old = young
            young = Dictionary(minimumCapacity: Self.capacity)
        }
        young[key] = found
        return found
    }

    private static func lookUp(_ key: Key, in vocabulary: Vocabulary) -> [Int32: Neighbor] {
        var found = vocabulary.neighbors(of: key.token, abbreviation: key.abbreviation, written: key.written)
        if !key.written { found = found.mapValues { Neighbor(similarity: $0.similarity, method: .joined) } }
        return key.pinyin ? QueryPlan.samePinyin(found, key.token.text, vocabulary) : found
    }
}
