/// An immutable multimap from 64-bit keys to vocabulary ids: an open-addressing table over
/// ranges of one flat value array.
///
/// Hundreds of thousands of small arrays would cost more to build and hold than the data; one
/// probe into a power-of-two table finds a key's range with a cache miss or two.
struct HashMultimap: Sendable {
    private let keys: [UInt64]
    /// `starts[i]..<starts[i + 1]` are the positions in `values` of `keys[i]`'s values.
    private let starts: [Int32]
    /// Every key's values, key after key (see `ranges(of:into:)`).
    let values: [Int32]
    /// Slot → position in `keys`, or -1; its size is a power of two at least twice the key count.
    private let table: [Int32]

    init(pairs: [(UInt64, Int32)]) {
        let sorted = pairs.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        var keys: [UInt64] = [], starts: [Int32] = [], values: [Int32] = []
        values.reserveCapacity(sorted.count)
        for (key, value) in sorted {
            if keys.last != key {
                keys.append(key)
                starts.append(Int32(values.count))
                values.append(value)
            } else if values.last != value {
                values.append(value)
            }
        }
        starts.append(Int32(values.count))
        self.keys = keys
        self.starts = starts
        self.values = values
        table = Self.table(for: keys)
    }

    private static func table(for keys: [UInt64]) -> [Int32] {
        var size = 16
        while size < keys.count * 2 { size <<= 1 }
        var table = [Int32](repeating: -1, count: size)
        let mask = size - 1
        for (position, key) in keys.enumerated() {
            var slot = Int(truncatingIfNeeded: key) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(position)
        }
        return table
    }

    /// Calls `body` with every value stored under `key`.
    func forEach(_ key: UInt64, _ body: (Int32) -> Void) {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let position = Int(table[slot])
            if position < 0 { return }
            if keys[position] == key {
                for index in Int(starts[position])..<Int(starts[position + 1]) { body(values[index]) }
                return
            }
            slot = (slot + 1) & mask
        }
    }

    /// Writes to `ranges[k]` the positions in `values` of the values stored under `keys[k]` (empty when
    /// there are none), for every key at once.
    ///
    /// Each look-up is a chain of cache misses (table slot, key, range); looking the keys up stage by
    /// stage, all slots first, then all keys, then all ranges, lets the misses of different keys
    /// overlap instead of waiting for one another. `ranges` must hold `keys.count` elements.
    func ranges(of keys: UnsafeBufferPointer<UInt64>, into ranges: UnsafeMutableBufferPointer<Range<Int>>) {
        let mask = table.count - 1
        for k in keys.indices {
            let position = Int(table[Int(truncatingIfNeeded: keys[k]) & mask])
            ranges[k] = position..<position
        }
        for k in keys.indices {
            var position = ranges[k].lowerBound
            var slot = Int(truncatingIfNeeded: keys[k]) & mask
            while position >= 0 && self.keys[position] != keys[k] {
                slot = (slot + 1) & mask
                position = Int(table[slot])
            }
            ranges[k] = position..<position
        }
        for k in keys.indices {
            let position = ranges[k].lowerBound
            ranges[k] = position < 0 ? 0..<0 : Int(starts[position])..<Int(starts[position + 1])
        }
    }

    /// FNV-1a over `bytes`, skipping the byte at `skipping` (for one-deletion variants), then mixed
    /// so that the low bits spread over the table.
    static func hash(_ bytes: [UInt8], skipping: Int = -1) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in bytes.indices where index != skipping {
            hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3
        }
        return mix(hash)
    }

    /// Spreads an FNV-1a hash's bits so that its low bits index the table well.
    static func mix(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        return hash ^ (hash >> 33)
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

}

extension HashMultimap {
    /// Whether every value is a valid id of a vocabulary of `vocabularySize` words.
    func fits(vocabularySize: Int) -> Bool {
        values.allSatisfy { $0 >= 0 && Int($0) < vocabularySize }
    }
}

extension Postings {
    /// Whether the postings have one list per word and point only at existing names.
    func fits(vocabularySize: Int, nameCount: Int) -> Bool {
        offsets.count == vocabularySize + 1 && zip(offsets, offsets.dropFirst()).allSatisfy { $0 <= $1 }
            && names.allSatisfy { $0 >= 0 && Int($0) < nameCount }
    }
}

extension HashMultimap: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.writeRaw(keys)
        writer.writeRaw(starts)
        writer.writeRaw(values)
        writer.writeRaw(table)
    }

    init(from reader: inout BinaryReader) throws(SnapshotError) {
        keys = try reader.readRaw(UInt64.self)
        starts = try reader.readRaw(Int32.self)
        values = try reader.readRaw(Int32.self)
        table = try reader.readRaw(Int32.self)
        guard starts.count == keys.count + 1, starts.first == 0, starts.last.map({ Int($0) == values.count }) == true,
            zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }), table.count >= 16, table.count & (table.count - 1) == 0,
            table.count >= keys.count * 2, table.allSatisfy({ $0 < keys.count })
        else { throw .damaged("a hash table does not fit its keys") }
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
