import Foundation

/// How a query word met a word of a listed name.
public enum MatchMethod: String, Sendable, Codable {
    /// The same word after folding.
    case exact
    /// Spellings of one name in different romanisations (Mohammed / Muhammad, -off / -ov, Wong / Wang).
    case variant
    /// The same consonant skeleton (Arabic written without vowels, Hasan / Hassan).
    case phonetic
    /// Close in spelling by Jaro-Winkler. No longer produced (typos are `typo`); kept so that stored explanations still read.
    case fuzzy
    /// The same sounds spelt by another romanisation system (Hsiao / Xiao, Zhukov / Joukov, Vang / Wang).
    case romanisation
    /// An identifier the lists publish (IMO number, MMSI, call sign, tail number), equal on both sides.
    case identifier
    /// One or two slips of typing: a letter replaced, missing, extra, or two letters swapped (the pair lists the edits).
    case typo
    /// Words written together on one side and apart on the other (Gazprom Bank / GAZPROMBANK).
    case joined
    /// A query word that no list contains and that begins a listed word ("Elec." / Electronics).
    case abbreviation
}

/// A word of the index that a query word is close to.
struct Neighbor: Sendable {
    var similarity: Float
    var method: MatchMethod
}

/// Every distinct word of every listed name, with how rare it is and how to find it fuzzily.
struct Vocabulary: Sendable {
    let texts: [[UInt8]]
    /// Inverse document frequency over names: rare words weigh more than "bank" or "trading".
    let weights: [Float]
    let isNumber: [Bool]
    let ids: [String: Int32]
    /// Listed words spelled differently from their transliteration key, by key.
    let variantGroups: [String: [Int32]]
    let skeletons: HashMultimap
    /// Words by `RomanisationKey`.
    let romanisations: HashMultimap
    let typos: TypoIndex
    /// The weight of a word no listed name contains.
    let unseenWeight: Float
    /// Word ids in byte order of their texts, for prefix look-ups.
    let sortedIDs: [Int32]
    /// Common words by first letter, for contractions.
    let commonByInitial: [UInt8: [Int32]]

    var count: Int { texts.count }

    /// The listed words close to `token`, each with its similarity and how it was found.
    ///
    /// `written` adds the ways a whole word is written differently (transliteration variant, same
    /// sound, abbreviation); it is off for two query words written together, which meet listed
    /// words by spelling only. `abbreviation` asks for listed words the token begins even when
    /// the token is itself listed (the query wrote it with a dot, "Elec.").
    func neighbors(of token: AnalyzedName.Token, abbreviation: Bool = false, written: Bool = true) -> [Int32: Neighbor] {
        var result: [Int32: Neighbor] = [:]
        func offer(_ id: Int32, _ similarity: Float, _ method: MatchMethod) {
            if let current = result[id], current.similarity >= similarity { return }
            result[id] = Neighbor(similarity: similarity, method: method)
        }
        let own = ids[token.text]
        if let own { offer(own, 1, .exact) }
        if token.role == .number, token.canonical != token.text, let id = ids[token.canonical] {
            offer(id, 1, .exact)  // a Roman numeral read as a number still meets the same letters listed as a word
        }
        guard token.role == .word else { return result }
        let bytes = Array(token.text.utf8)
        if written {
            if token.canonical != token.text, let id = ids[token.canonical] { offer(id, 0.95, .variant) }
            for id in variantGroups[token.canonical] ?? [] { offer(id, 0.95, .variant) }
            // A Chinese surname in its Hong Kong spelling and in pinyin: one character (Wong / Wang, Ng / Wu).
            for spelling in (CantoneseSurnames.pinyin[token.text] ?? []) + (CantoneseSurnames.cantonese[token.text] ?? []) {
                if let id = ids[spelling] { offer(id, 0.95, .variant) }
            }
        }
        // A word the lists contain is most likely meant as written: other listed words one slip away are
        // worth a look, two slips away not (and looking costs time). Two query words written together
        // are already a guess: one slip in them at most.
        let slips = written && own == nil ? 2 : 1
        typos.forEachNeighbor(of: bytes, limit: slips) { id, edits in
            guard !isNumber[Int(id)] else { return }
            let text = texts[Int(id)]
            let similarity = TypoIndex.similarity(edits: edits, length: max(bytes.count, text.count))
            // A letter doubled or undoubled is the same word however short (Adaam / Adam), not a resemblance;
            // not so where two words written together are already a guess (Leroy / LEE ROY).
            let doubling = written && edits == 1 && EditDistance.isDoubling(bytes, text) && isWritten(id)
            offer(id, doubling ? max(similarity, Self.doublingSimilarity) : similarity, .typo)
        }
        // A word a slip or two away is explained by those slips, however alike the two sound (Hasan /
        // Hassan, Nasralah / Nasrallah); only another romanisation, the same sounds in another system's
        // letters, explains a short word better than a slip that costs it much (Chao / Zhao, Ting / Ding:
        // one letter, but no typing error).
        func offerSound(_ id: Int32, _ similarity: Float, _ method: MatchMethod) {
            if result[id]?.method == .typo { return }
            offer(id, similarity, method)
        }
        for key in RomanisationKey.keys(bytes) {
            romanisations.forEach(HashMultimap.hash(key)) { id in
                // 64-bit keys: a collision is too rare to check for. Two query words written together meet
                // only a long listed word this loosely (Hsueh Chin / XUEQIN, not Hou Yong / KHUN).
                guard !isNumber[Int(id)], written || texts[Int(id)].count >= Self.joinedRomanisationLength else { return }
                if let slip = result[id], slip.method == .typo, slip.similarity >= Float(Self.romanisationSimilarity) { return }
                offer(id, Float(max(JaroWinkler.similarity(bytes, texts[Int(id)]), Self.romanisationSimilarity)), .romanisation)
            }
        }
        guard written else { return result }
        let skeleton = PhoneticKey.skeleton(bytes)
        if bytes.count >= 3 && skeleton.count >= 3 {
            skeletons.forEach(HashMultimap.hash(skeleton)) { id in
                let text = texts[Int(id)]
                guard !isNumber[Int(id)], Self.sameOnset(bytes, text), PhoneticKey.skeleton(text) == skeleton else { return }
                offerSound(id, Float(max(JaroWinkler.similarity(bytes, text), 0.88)), .phonetic)
            }
        }
        articleNeighbors(of: token.text, offer: offer)
        if abbreviation || own == nil, (3...6).contains(bytes.count) {
            for id in words(startingWith: bytes, longerBy: 3, limit: Self.abbreviationLimit) {
                offer(id, abbreviation ? Self.dottedAbbreviationSimilarity : Self.abbreviationSimilarity, .abbreviation)
            }
        }
        // Contractions of the words companies are named with ("Intnl", "Servs.", "Gp", "Shipg", "Rsch"); a
        // short word the lists hold only in a name or two ("GP" of the vessel "GP-21") may be one too.
        let rareShortWord = own.map { bytes.count <= 4 && weights[Int($0)] >= weight(forFrequency: Self.rareShortWordFrequency) } ?? false
        if abbreviation || own == nil || rareShortWord, (2...8).contains(bytes.count), let initial = bytes.first,
            let common = commonByInitial[initial]
        {
            for id in common where texts[Int(id)].count >= bytes.count + 2 && Lexicon.abbreviates(bytes, texts[Int(id)]) {
                offer(id, abbreviation ? Self.dottedAbbreviationSimilarity : Self.abbreviationSimilarity, .abbreviation)
            }
        }
        return result
    }

    /// Arabic names are listed with the article "al" glued on or apart ("ALNASSER", "AL NASSER"):
    /// "alnasser" meets "nasser", and "nasser" meets "alnasser".
    private func articleNeighbors(of word: String, offer: (Int32, Float, MatchMethod) -> Void) {
        for article in ["al", "el"] {
            if word.hasPrefix(article), word.utf8.count >= article.utf8.count + 3,
                let id = ids[String(word.dropFirst(article.utf8.count))]
            {
                offer(id, Self.articleSimilarity, .variant)
            }
            if let id = ids[article + word] { offer(id, Self.articleSimilarity, .variant) }
        }
    }

    static let articleSimilarity: Float = 0.95
    /// A word with one letter doubled or undoubled (see `EditDistance.isDoubling`).
    static let doublingSimilarity: Float = 0.95
    /// The shortest listed word two query words written together meet by `RomanisationKey`.
    static let joinedRomanisationLength = 5
    static let romanisationSimilarity = 0.9

    /// Words that sound alike begin alike: the same first letter, or both a vowel.
    private static func sameOnset(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard let x = a.first, let y = b.first else { return false }
        return x == y || (isVowel(x) && isVowel(y))
    }

    private static func isVowel(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "y"): true
        default: false
        }
    }

    static let abbreviationSimilarity: Float = 0.88
    /// A listed word of four letters or fewer found in this many names or fewer may still be a query's contraction.
    static let rareShortWordFrequency = 10
    /// A word the query wrote with a closing dot says itself that it is shortened.
    static let dottedAbbreviationSimilarity: Float = 0.93
    /// Words in this many names or more are the common words of company names, which lists and
    /// queries shorten.
    static let commonFrequency = 20

    /// The common words (see `commonFrequency`) by their first letter.
    static func commonByInitial(texts: [[UInt8]], weights: [Float], isNumber: [Bool], unseenWeight: Float) -> [UInt8: [Int32]] {
        let ceiling = unseenWeight - log((Float(commonFrequency) + 0.5) / 0.5)
        var table: [UInt8: [Int32]] = [:]
        for id in texts.indices where weights[id] <= ceiling && !isNumber[id] && texts[id].count >= 4 {
            if let initial = texts[id].first { table[initial, default: []].append(Int32(id)) }
        }
        return table
    }
    static let abbreviationLimit = 32

    /// Whether `id` is a word some listed name writes, not only two listed words written together.
    private func isWritten(_ id: Int32) -> Bool {
        let text = texts[Int(id)]
        var low = 0, high = sortedIDs.count
        while low < high {
            let mid = (low + high) / 2
            if texts[Int(sortedIDs[mid])].lexicographicallyPrecedes(text) { low = mid + 1 } else { high = mid }
        }
        return low < sortedIDs.count && sortedIDs[low] == id
    }

    /// Up to `limit` listed words that begin with `prefix` and are at least `longerBy` letters longer.
    private func words(startingWith prefix: [UInt8], longerBy: Int, limit: Int) -> [Int32] {
        var low = 0, high = sortedIDs.count
        while low < high {
            let mid = (low + high) / 2
            if texts[Int(sortedIDs[mid])].lexicographicallyPrecedes(prefix) { low = mid + 1 } else { high = mid }
        }
        var found: [Int32] = []
        while low < sortedIDs.count && found.count < limit {
            let id = sortedIDs[low], text = texts[Int(id)]
            guard text.starts(with: prefix) else { break }
            if text.count >= prefix.count + longerBy && !isNumber[Int(id)] { found.append(id) }
            low += 1
        }
        return found
    }

    /// The rarity weight of a query word: its own if listed, else that of an unseen word.
    func weight(of token: AnalyzedName.Token) -> Float {
        if token.role == .number { return unseenWeight }
        if token.text.utf8.count == 1 { return Self.initialWeight }
        return ids[token.text].map { weights[Int($0)] } ?? unseenWeight
    }

    /// The rarity weight of a listed word; numbers weigh as much as the rarest word.
    func tokenWeight(_ id: Int) -> Float {
        if isNumber[id] { return unseenWeight }
        return texts[id].count == 1 ? Self.initialWeight : weights[id]
    }

    /// The weight of a word found in `frequency` names (the weights are log(names / frequency)).
    func weight(forFrequency frequency: Int) -> Float {
        unseenWeight - log((Float(frequency) + 0.5) / 0.5)
    }

    /// An initial ("J.") says little about who someone is.
    static let initialWeight: Float = 1.5

    /// Ids of the words that are not two words written together, in byte order of their texts.
    static func sortedIDs(texts: [[UInt8]], joined: [Bool]) -> [Int32] {
        texts.indices.filter { !joined[$0] }.map(Int32.init).sorted { texts[Int($0)].lexicographicallyPrecedes(texts[Int($1)]) }
    }

    /// Two words written together this long or shorter are found with one slip; longer ones only exactly.
    static let joinedTypoLength = 8

    /// Collects words while the index is built.
    struct Builder {
        private var texts: [[UInt8]] = []
        private var canonicals: [String?] = []
        private var numbers: [Bool] = []
        private var joined: [Bool] = []
        private var ids: [String: Int32] = [:]

        mutating func add(_ token: AnalyzedName.Token) -> Int32 {
            if let id = ids[token.text] {
                // First seen as two words written together, now seen as a word of its own.
                if joined[Int(id)] {
                    joined[Int(id)] = false
                    canonicals[Int(id)] = token.canonical
                    numbers[Int(id)] = token.role == .number
                }
                return id
            }
            return append(token.text, canonical: token.canonical, number: token.role == .number, joined: false)
        }

        mutating func addJoined(_ text: String) -> Int32 {
            if let id = ids[text] { return id }
            return append(text, canonical: nil, number: false, joined: true)
        }

        private mutating func append(_ text: String, canonical: String?, number: Bool, joined isJoined: Bool) -> Int32 {
            let id = Int32(texts.count)
            ids[text] = id
            texts.append(Array(text.utf8))
            canonicals.append(canonical)
            numbers.append(number)
            joined.append(isJoined)
            return id
        }

        func build(documentFrequency entries: [(Int32, Int32)], nameCount: Int) -> Vocabulary {
            var frequency = [Int32](repeating: 0, count: texts.count)
            for (token, _) in entries { frequency[Int(token)] += 1 }
            let total = Float(nameCount + 1)
            let weights = frequency.map { log(total / (Float($0) + 0.5)) }

            var groups: [String: [Int32]] = [:]
            var skeletonPairs: [(UInt64, Int32)] = []
            var romanisationPairs: [(UInt64, Int32)] = []
            var typoPairs: [(UInt64, Int32)] = []
            typoPairs.reserveCapacity(texts.count * 16)
            for id in texts.indices where !numbers[id] {
                let bytes = texts[id]
                let tokenID = Int32(id)
                if joined[id] {
                    // Two words written together: short ones (registration marks, "EP MMW") may carry a slip.
                    let depth = bytes.count <= Vocabulary.joinedTypoLength ? 1 : 0
                    for key in TypoIndex.keys(bytes, depth: depth) { typoPairs.append((key, tokenID)) }
                    continue
                }
                if let canonical = canonicals[id], canonical != String(decoding: bytes, as: UTF8.self) {
                    groups[canonical, default: []].append(tokenID)
                }
                if bytes.count >= 3 {
                    let skeleton = PhoneticKey.skeleton(bytes)
                    if skeleton.count >= 3 { skeletonPairs.append((HashMultimap.hash(skeleton), tokenID)) }
                }
                // Two-letter words too: Chinese syllables (Hu, Wu, Li) meet their other spellings (Khu, U, Lee).
                for key in RomanisationKey.keys(bytes) { romanisationPairs.append((HashMultimap.hash(key), tokenID)) }
                if bytes.count >= 3 {
                    for key in TypoIndex.keys(bytes, depth: TypoIndex.maxEdits(length: bytes.count)) { typoPairs.append((key, tokenID)) }
                }
            }
            return Vocabulary(
                texts: texts, weights: weights, isNumber: numbers, ids: ids, variantGroups: groups,
                skeletons: HashMultimap(pairs: skeletonPairs), romanisations: HashMultimap(pairs: romanisationPairs), typos: TypoIndex(map: HashMultimap(pairs: typoPairs), texts: texts),
                unseenWeight: log(total / 0.5), sortedIDs: Vocabulary.sortedIDs(texts: texts, joined: joined),
                commonByInitial: Vocabulary.commonByInitial(texts: texts, weights: weights, isNumber: numbers, unseenWeight: log(total / 0.5)))
        }
    }
}

extension Vocabulary: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(texts.count)
        for text in texts { writer.write(text) }
        writer.writeRaw(weights)
        writer.writeRaw(isNumber.map { $0 ? UInt8(1) : 0 })
        let groups = variantGroups.sorted { $0.key < $1.key }
        writer.write(groups.map(\.key))
        for group in groups { writer.writeRaw(group.value) }
        skeletons.write(to: &writer)
        romanisations.write(to: &writer)
        typos.map.write(to: &writer)
        writer.writeRaw([unseenWeight])
        writer.writeRaw(sortedIDs)
    }

    init(from reader: inout BinaryReader) throws(SnapshotError) {
        let count = try reader.readCount()
        var texts: [[UInt8]] = []
        texts.reserveCapacity(count)
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(count)
        for id in 0..<count {
            let text = try reader.readBytes()
            ids[String(decoding: text, as: UTF8.self)] = Int32(id)
            texts.append(text)
        }
        let weights = try reader.readRaw(Float.self)
        let numbers = try reader.readRaw(UInt8.self).map { $0 != 0 }
        guard weights.count == count, numbers.count == count else { throw .damaged("vocabulary columns differ in length") }
        var groups: [String: [Int32]] = [:]
        for key in try reader.readStrings() {
            let members = try reader.readRaw(Int32.self)
            guard members.allSatisfy({ $0 >= 0 && Int($0) < count }) else { throw .damaged("a variant group points outside the vocabulary") }
            groups[key] = members
        }
        let skeletons = try HashMultimap(from: &reader)
        let romanisations = try HashMultimap(from: &reader)
        let typoMap = try HashMultimap(from: &reader)
        guard typoMap.fits(vocabularySize: count) else { throw .damaged("the typo index points outside the vocabulary") }
        let typos = TypoIndex(map: typoMap, texts: texts)
        guard let unseen = try reader.readRaw(Float.self).first else { throw .damaged("no unseen-word weight") }
        let sorted = try reader.readRaw(Int32.self)
        guard sorted.count <= count, sorted.allSatisfy({ $0 >= 0 && Int($0) < count }) else {
            throw .damaged("the sorted word list points outside the vocabulary")
        }
        self.init(
            texts: texts, weights: weights, isNumber: numbers, ids: ids, variantGroups: groups, skeletons: skeletons,
            romanisations: romanisations, typos: typos, unseenWeight: unseen, sortedIDs: sorted,
            commonByInitial: Self.commonByInitial(texts: texts, weights: weights, isNumber: numbers, unseenWeight: unseen))
    }
}
