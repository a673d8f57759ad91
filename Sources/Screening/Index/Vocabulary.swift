import Foundation

/// How a query word met a word of a listed name.
public enum MatchMethod: String, Sendable, Codable {
    /// The same word after folding.
    case exact
    /// Spellings of one name in different romanisations (Mohammed / Muhammad, -off / -ov).
    case variant
    /// The same consonant skeleton (Arabic written without vowels, Hasan / Hassan).
    case phonetic
    /// Close in spelling (Jaro-Winkler), e.g. a typo.
    case fuzzy
    /// Words written together on one side and apart on the other (Gazprom Bank / GAZPROMBANK).
    case joined
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
    let deletions: HashMultimap
    /// The weight of a word no listed name contains.
    let unseenWeight: Float

    var count: Int { texts.count }

    /// Smallest Jaro-Winkler similarity a spelling neighbour needs.
    static let fuzzyFloor: Double = 0.84

    /// The listed words close to `token`, each with its similarity and how it was found.
    func neighbors(of token: AnalyzedName.Token) -> [Int32: Neighbor] {
        var result: [Int32: Neighbor] = [:]
        func offer(_ id: Int32, _ similarity: Float, _ method: MatchMethod) {
            if let current = result[id], current.similarity >= similarity { return }
            result[id] = Neighbor(similarity: similarity, method: method)
        }
        if let id = ids[token.text] { offer(id, 1, .exact) }
        guard token.role == .word else { return result }
        if token.canonical != token.text, let id = ids[token.canonical] { offer(id, 0.95, .variant) }
        for id in variantGroups[token.canonical] ?? [] { offer(id, 0.95, .variant) }
        let bytes = Array(token.text.utf8)
        if bytes.count >= 3 {
            let skeleton = PhoneticKey.skeleton(bytes)
            if skeleton.count >= 3 {
                skeletons.forEach(HashMultimap.hash(skeleton)) { id in
                    guard !isNumber[Int(id)], PhoneticKey.skeleton(texts[Int(id)]) == skeleton else { return }
                    let similarity = JaroWinkler.similarity(bytes, texts[Int(id)])
                    offer(id, Float(max(similarity, 0.88)), .phonetic)
                }
            }
        }
        if bytes.count >= 4 {
            var keys = [HashMultimap.hash(bytes)]
            for skip in bytes.indices { keys.append(HashMultimap.hash(bytes, skipping: skip)) }
            for key in keys {
                deletions.forEach(key) { id in
                    let similarity = JaroWinkler.similarity(bytes, texts[Int(id)])
                    if similarity >= Self.fuzzyFloor { offer(id, Float(similarity), .fuzzy) }
                }
            }
        }
        return result
    }

    /// The rarity weight of a query word: its own if listed, else that of an unseen word.
    func weight(of token: AnalyzedName.Token) -> Float {
        if token.role == .number { return unseenWeight }
        return ids[token.text].map { weights[Int($0)] } ?? unseenWeight
    }

    /// Collects words while the index is built.
    struct Builder {
        private var texts: [[UInt8]] = []
        private var canonicals: [String?] = []
        private var numbers: [Bool] = []
        private var joined: [Bool] = []
        private var ids: [String: Int32] = [:]

        mutating func add(_ token: AnalyzedName.Token) -> Int32 {
            if let id = ids[token.text] { return id }
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
            var deletionPairs: [(UInt64, Int32)] = []
            deletionPairs.reserveCapacity(texts.count * 8)
            for id in texts.indices where !numbers[id] {
                let bytes = texts[id]
                let tokenID = Int32(id)
                if joined[id] {
                    deletionPairs.append((HashMultimap.hash(bytes), tokenID))
                    continue
                }
                if let canonical = canonicals[id], canonical != String(decoding: bytes, as: UTF8.self) {
                    groups[canonical, default: []].append(tokenID)
                }
                if bytes.count >= 3 {
                    let skeleton = PhoneticKey.skeleton(bytes)
                    if skeleton.count >= 3 { skeletonPairs.append((HashMultimap.hash(skeleton), tokenID)) }
                }
                if bytes.count >= 4 {
                    deletionPairs.append((HashMultimap.hash(bytes), tokenID))
                    for skip in bytes.indices { deletionPairs.append((HashMultimap.hash(bytes, skipping: skip), tokenID)) }
                }
            }
            return Vocabulary(
                texts: texts, weights: weights, isNumber: numbers, ids: ids, variantGroups: groups,
                skeletons: HashMultimap(pairs: skeletonPairs), deletions: HashMultimap(pairs: deletionPairs),
                unseenWeight: log(total / 0.5))
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
        deletions.write(to: &writer)
        writer.writeRaw([unseenWeight])
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
        let deletions = try HashMultimap(from: &reader)
        guard let unseen = try reader.readRaw(Float.self).first else { throw .damaged("no unseen-word weight") }
        self.init(
            texts: texts, weights: weights, isNumber: numbers, ids: ids, variantGroups: groups, skeletons: skeletons,
            deletions: deletions, unseenWeight: unseen)
    }
}
