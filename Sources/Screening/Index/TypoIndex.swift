/// The listed words within one or two slips of a query word, found without scanning the vocabulary.
///
/// A symmetric deletion neighbourhood of distance 2 (as in SymSpell): every listed word is filed under
/// each string left when up to two letters of its first `prefixLength` letters are deleted (one letter
/// for words of three or four letters), and a query word looks up the same deletions of its own. Two
/// words within two edits always share such a string, so every one is found; each word found is then
/// checked with the true edit distance. Only the first seven letters are used: that bounds the strings
/// per word at 29 (a long word would otherwise file 60 or more) while slips further on still meet
/// under the untouched prefix and are caught by the check.
///
/// Chosen over a BK-tree (a distance-2 query there visits a large share of the tree), n-gram
/// postings with a count filter (for words of five or six letters two edits leave almost no shared
/// n-gram, so the filter passes thousands of words) and a Levenshtein automaton over a trie (tens
/// of microseconds per word walking the tree): a look-up here is a few dozen hash probes.
struct TypoIndex: Sendable {
    let map: HashMultimap
    /// Per value of `map`, at the same position: the length and letters of the word filed there (see
    /// `shape(of:)`). The words under a key are sifted by reading on from the key's values, not by
    /// fetching each word from wherever it lies in memory.
    let shapes: [UInt32]
    /// Every word's letters end to end, word `id` at `wordStarts[id]..<wordStarts[id + 1]`: a word
    /// checked is one read away, not two (an array of arrays points to each word from elsewhere).
    private let letters: [UInt8]
    /// 32 bits each: half the memory of `Int`, so more of it stays in cache while words are checked.
    private let wordStarts: [UInt32]

    /// The index over `map`, whose values are ids of `texts`.
    init(map: HashMultimap, texts: [[UInt8]]) {
        self.map = map
        let wordShapes = texts.map { Self.shape(of: $0) }
        shapes = map.values.map { wordShapes[Int($0)] }
        var letters: [UInt8] = [], wordStarts: [UInt32] = [0]
        letters.reserveCapacity(texts.reduce(0) { $0 + $1.count })
        wordStarts.reserveCapacity(texts.count + 1)
        for text in texts {
            letters.append(contentsOf: text)
            wordStarts.append(UInt32(letters.count))
        }
        self.letters = letters
        self.wordStarts = wordStarts
    }

    /// Letters of a word that are filed: slips beyond them are found through the untouched prefix.
    static let prefixLength = 7
    /// The most keys a word is filed or looked up under: itself, 7 one-letter and 21 two-letter deletions.
    static let maxKeys = 29

    /// How many slips a word of `length` letters may carry and still be the same word.
    static func maxEdits(length: Int) -> Int {
        length >= 5 ? 2 : length >= 3 ? 1 : 0
    }

    /// How many slips may part two words of these lengths: two when the shorter has four letters and
    /// the longer six ("alla" typed "allaee"), else as many as the shorter allows. (Four and five
    /// letters two slips apart are too often two names: Young / Wong.) The filed deletions cover
    /// this: a four-letter word two slips from a longer one is one deletion from it, since one of the
    /// slips is a letter the longer word has and it lacks.
    static func allowedEdits(_ first: Int, _ second: Int) -> Int {
        let shorter = min(first, second), longer = max(first, second)
        return shorter >= 4 && longer >= 6 ? maxEdits(length: longer) : maxEdits(length: shorter)
    }

    /// The keys `bytes` is filed or looked up under, with up to `depth` deletions from its prefix.
    static func keys(_ bytes: [UInt8], depth: Int) -> [UInt64] {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: maxKeys) { keys in
            Array(keys[0..<Self.keys(bytes, depth: depth, into: keys)])
        }
    }

    /// Writes the keys of `keys(_:depth:)` to `keys` (room for `maxKeys`) and returns how many there are.
    static func keys(_ bytes: [UInt8], depth: Int, into keys: UnsafeMutableBufferPointer<UInt64>) -> Int {
        let length = min(bytes.count, prefixLength)
        keys[0] = hash(bytes, length, skipping: -1, and: -1)
        guard depth >= 1, length >= 3 else { return 1 }
        var count = 1
        for first in 0..<length {
            keys[count] = hash(bytes, length, skipping: first, and: -1)
            count += 1
            guard depth >= 2, length >= 5 else { continue }
            for second in (first + 1)..<length {
                keys[count] = hash(bytes, length, skipping: first, and: second)
                count += 1
            }
        }
        return count
    }

    /// `HashMultimap.hash` of the first `length` bytes without the two positions skipped.
    private static func hash(_ bytes: [UInt8], _ length: Int, skipping first: Int, and second: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in 0..<length where index != first && index != second {
            hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3
        }
        return HashMultimap.mix(hash)
    }

    /// A word's length (capped at `longShape`) in the top five bits and the set of its letters below:
    /// letter `b` sets bit `b % 27` (the 26 letters each their own bit; other bytes share them).
    static func shape(of text: some Collection<UInt8>) -> UInt32 {
        var letters: UInt32 = 0
        for byte in text { letters |= 1 << (UInt32(byte) % 27) }
        return UInt32(min(text.count, longShape)) << 27 | letters
    }

    /// The length a shape records for every word this long or longer.
    private static let longShape = 31
    private static let letterBits: UInt32 = (1 << 27) - 1

    /// Calls `body` once with the id of every word within the edits both lengths allow of `word` (and
    /// at most `limit`), and the distance.
    ///
    /// A word's shape rules most words out before the word itself is read: each edit changes the
    /// length by at most one, and adds at most one letter the other word lacks and removes at most one.
    func forEachNeighbor(of word: [UInt8], limit: Int = 2, _ body: (Int32, Int) -> Void) {
        let depth = min(limit, Self.maxEdits(length: word.count))
        guard depth > 0 else { return }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.maxKeys) { keys in
            let keyCount = Self.keys(word, depth: depth, into: keys)
            withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: Self.maxKeys) { ranges in
                map.ranges(of: UnsafeBufferPointer(rebasing: keys[0..<keyCount]), into: ranges)
                // Deleting either of two equal letters ("anna") leaves the same key: its words are read once.
                for k in 1..<max(1, keyCount) where !ranges[k].isEmpty && ranges[0..<k].contains(ranges[k]) {
                    ranges[k] = 0..<0
                }
                word.withUnsafeBufferPointer { word in
                    letters.withUnsafeBufferPointer { letters in
                        sift(UnsafeBufferPointer(rebasing: ranges[0..<keyCount]), word, letters, limit, body)
                    }
                }
            }
        }
    }

    /// The words at the positions in `ranges` (of `map.values`) within the edits allowed of `word`,
    /// each once (while the table of words seen has room), given to `body`.
    private func sift(
        _ ranges: UnsafeBufferPointer<Range<Int>>, _ word: UnsafeBufferPointer<UInt8>, _ letters: UnsafeBufferPointer<UInt8>,
        _ limit: Int, _ body: (Int32, Int) -> Void
    ) {
        let queryLetters = Self.shape(of: word) & Self.letterBits
        withUnsafeTemporaryAllocation(of: Int16.self, capacity: 256) { counts in
            counts.initialize(repeating: 0)
            for byte in word { counts[Int(byte)] += 1 }
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.seenSlots) { seen in
                seen.initialize(repeating: -1)
                var filled = 0
                for range in ranges {
                    for position in range {
                        let shape = shapes[position], length = Int(shape >> 27)
                        var allowed = limit
                        if length < Self.longShape {
                            allowed = min(limit, Self.allowedEdits(word.count, length))
                            guard abs(length - word.count) <= allowed else { continue }
                        }
                        guard (shape & ~queryLetters & Self.letterBits).nonzeroBitCount <= allowed,
                            (queryLetters & ~shape).nonzeroBitCount <= allowed
                        else { continue }
                        let id = map.values[position]
                        // A word filed under several of the keys is checked once (while the table has room).
                        if filled < Self.seenSlots / 2 {
                            var slot = Int(UInt32(bitPattern: id) &* 0x9E37_79B1) & (Self.seenSlots - 1)
                            var known = false
                            while seen[slot] >= 0 && !known {
                                known = seen[slot] == id
                                slot = (slot + 1) & (Self.seenSlots - 1)
                            }
                            if known { continue }
                            seen[slot] = id
                            filled += 1
                        }
                        let text = UnsafeBufferPointer(rebasing: letters[Int(wordStarts[Int(id)])..<Int(wordStarts[Int(id) + 1])])
                        if length >= Self.longShape {
                            allowed = min(limit, Self.allowedEdits(word.count, text.count))
                            guard abs(text.count - word.count) <= allowed else { continue }
                        }
                        guard Self.lettersAllow(text, counts, word.count, allowed) else { continue }
                        if let distance = EditDistance.distance(word, text, limit: allowed), distance > 0 { body(id, distance) }
                    }
                }
            }
        }
    }

    /// Room to remember the words already checked for one query word; past half of it, words are
    /// checked again rather than remembered (only the time grows, never the result).
    private static let seenSlots = 1024

    /// Whether `text` has few enough letters the query lacks, and lacks few enough of the query's,
    /// for `allowed` edits: each edit adds at most one letter and removes at most one. A cheap
    /// test that spares most full distance computations. `counts` (the query's letters) is
    /// borrowed and left as it was found.
    private static func lettersAllow(_ text: UnsafeBufferPointer<UInt8>, _ counts: UnsafeMutableBufferPointer<Int16>, _ length: Int, _ allowed: Int) -> Bool {
        var shared = 0
        for byte in text {
            if counts[Int(byte)] > 0 { shared += 1 }
            counts[Int(byte)] -= 1
        }
        for byte in text { counts[Int(byte)] += 1 }
        return text.count - shared <= allowed && length - shared <= allowed
    }

    /// How alike a slip leaves two words: one slip in a long word barely matters, two in a short word a lot.
    static func similarity(edits: Int, length: Int) -> Float {
        switch (edits, length) {
        case (1, 8...): 0.95
        case (1, 6...): 0.94
        case (1, 5): 0.92
        case (1, 4): 0.85
        case (1, _): 0.82
        case (2, 10...): 0.92
        case (2, 8...): 0.9
        case (2, 6...): 0.87
        default: 0.82
        }
    }
}
