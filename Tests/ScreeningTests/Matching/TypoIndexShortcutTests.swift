import BundledData
import Testing

@testable import Screening

/// The bundled lists' index, built once for the tests here.
private let bundledIndex: ScreeningIndex = {
    do {
        return ScreeningIndex(lists: try ListLoader.load(directory: BundledData.listsDirectory))
    } catch {
        fatalError("the bundled lists must load: \(error)")
    }
}()

/// The shortcuts the typo search takes for speed (word shapes beside the postings, letters in one
/// buffer, keys looked up stage by stage) must not change which words it finds: each test here
/// compares the fast path with the plain definition it replaced.
@Suite("Typo index shortcuts: the same words as the plain definition, only sooner")
struct TypoIndexShortcutTests {
    @Test("looking keys up together gives every key the same values as looking it up alone, present or absent (seeded)")
    func batchedLookupMatchesSingleLookups() {
        var random = SplitMix64(state: 77)
        var pairs: [(UInt64, Int32)] = []
        for _ in 0..<5_000 { pairs.append((UInt64.random(in: 0..<2_000, using: &random), Int32.random(in: 0..<300, using: &random))) }
        let map = HashMultimap(pairs: pairs)
        let keys = (0..<29).map { _ in UInt64.random(in: 0..<3_000, using: &random) }
        var ranges = [Range<Int>](repeating: 0..<0, count: keys.count)
        keys.withUnsafeBufferPointer { keys in ranges.withUnsafeMutableBufferPointer { map.ranges(of: keys, into: $0) } }
        for (key, range) in zip(keys, ranges) {
            var single: [Int32] = []
            map.forEach(key) { single.append($0) }
            #expect(Array(map.values[range]) == single, "key \(key)")
        }
    }

    @Test("the typo search finds exactly the words that share a deletion key with the query and pass the full check (seeded)")
    func typoSearchMatchesItsDefinition() {
        let vocabulary = bundledIndex.vocabulary
        let listed = Set(vocabulary.sortedIDs)
        var filed: [UInt64: [Int32]] = [:]
        for (id, text) in vocabulary.texts.enumerated() where !vocabulary.isNumber[id] {
            // As `Vocabulary.Builder` files them: words written together with at most one slip, others as their length allows.
            let joined = !listed.contains(Int32(id))
            guard joined || text.count >= 3 else { continue }
            let depth = joined ? (text.count <= Vocabulary.joinedTypoLength ? 1 : 0) : TypoIndex.maxEdits(length: text.count)
            for key in Set(TypoIndex.keys(text, depth: depth)) { filed[key, default: []].append(Int32(id)) }
        }
        var random = SplitMix64(state: 31)
        let words = vocabulary.texts.indices.filter { !vocabulary.isNumber[$0] && vocabulary.texts[$0].count >= 3 }
        for round in 0..<300 {
            guard let id = words.randomElement(using: &random) else { return }
            let query = slipped(vocabulary.texts[id], count: round % 3, using: &random)
            let limit = 1 + round % 2
            var found: [Int32: Int] = [:]
            vocabulary.typos.forEachNeighbor(of: query, limit: limit) { id, distance in
                // A word may come twice once the table of words seen is full, but always with one distance.
                #expect(found.updateValue(distance, forKey: id).map { $0 == distance } ?? true)
            }
            var expected: [Int32: Int] = [:]
            let depth = min(limit, TypoIndex.maxEdits(length: query.count))
            if depth > 0 {
                for key in TypoIndex.keys(query, depth: depth) {
                    for other in filed[key] ?? [] {
                        let text = vocabulary.texts[Int(other)]
                        let allowed = min(limit, TypoIndex.allowedEdits(query.count, text.count))
                        if let distance = EditDistance.distance(query, text, limit: allowed), distance > 0 { expected[other] = distance }
                    }
                }
            }
            #expect(found == expected, "\(String(decoding: query, as: UTF8.self)) with \(limit) slip(s)")
        }
    }

    @Test("a word's shape keeps its length and every letter it contains")
    func shapeRecordsLengthAndLetters() {
        let shape = TypoIndex.shape(of: Array("nasrallah".utf8))
        #expect(shape >> 27 == 9)
        for letter in "nasrlh".utf8 { #expect(shape & (1 << (UInt32(letter) % 27)) != 0) }
        #expect(shape & (1 << (UInt32(UInt8(ascii: "z")) % 27)) == 0)
        #expect(TypoIndex.shape(of: [UInt8](repeating: 0x61, count: 40)) >> 27 == 31, "long words share the longest length")
    }
}
