/// An immutable multimap from 64-bit keys to vocabulary ids, stored as one sorted array.
///
/// Hundreds of thousands of small arrays would cost more to build and hold than the data; a sorted
/// flat array answers a lookup with a binary search and builds with one sort.
struct HashMultimap: Sendable {
    private let keys: [UInt64]
    private let values: [Int32]

    init(pairs: [(UInt64, Int32)]) {
        let sorted = pairs.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        keys = sorted.map(\.0)
        values = sorted.map(\.1)
    }

    /// Calls `body` with every value stored under `key`.
    func forEach(_ key: UInt64, _ body: (Int32) -> Void) {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        while low < keys.count && keys[low] == key {
            body(values[low])
            low += 1
        }
    }

    /// FNV-1a over `bytes`, skipping the byte at `skipping` (for one-deletion variants).
    static func hash(_ bytes: [UInt8], skipping: Int = -1) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in bytes.indices where index != skipping {
            hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3
        }
        return hash
    }
}

/// Lists of name ids per vocabulary id, in compressed-row form.
struct Postings: Sendable {
    private let offsets: [Int32]
    private let names: [Int32]

    /// `entries` are (vocabulary id, name id) pairs; `vocabularySize` bounds the ids.
    init(entries: [(Int32, Int32)], vocabularySize: Int) {
        var counts = [Int32](repeating: 0, count: vocabularySize + 1)
        for (token, _) in entries { counts[Int(token) + 1] += 1 }
        for index in 1..<counts.count { counts[index] += counts[index - 1] }
        var cursor = counts
        var flat = [Int32](repeating: 0, count: entries.count)
        for (token, name) in entries {
            flat[Int(cursor[Int(token)])] = name
            cursor[Int(token)] += 1
        }
        offsets = counts
        names = flat
    }

    func forEach(_ token: Int32, _ body: (Int32) -> Void) {
        let start = Int(offsets[Int(token)]), end = Int(offsets[Int(token) + 1])
        for index in start..<end { body(names[index]) }
    }

    func count(_ token: Int32) -> Int {
        Int(offsets[Int(token) + 1] - offsets[Int(token)])
    }
}

extension HashMultimap: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.writeRaw(keys)
        writer.writeRaw(values)
    }

    init(from reader: inout BinaryReader) throws(SnapshotError) {
        keys = try reader.readRaw(UInt64.self)
        values = try reader.readRaw(Int32.self)
        guard keys.count == values.count else { throw .damaged("multimap keys and values differ in count") }
    }
}

extension Postings: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.writeRaw(offsets)
        writer.writeRaw(names)
    }

    init(from reader: inout BinaryReader) throws(SnapshotError) {
        offsets = try reader.readRaw(Int32.self)
        names = try reader.readRaw(Int32.self)
        guard let last = offsets.last, Int(last) == names.count, offsets.first == 0 else {
            throw .damaged("postings offsets do not fit their names")
        }
    }
}
