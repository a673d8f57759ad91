import Foundation

/// Appends values to a compact little-endian byte buffer: the format of index snapshots.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ value: Int) {
        var remaining = UInt64(bitPattern: Int64(value))
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func write(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            write(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func write(_ value: String?) {
        write(value != nil)
        if let value { write(value) }
    }

    mutating func write(_ value: Int?) {
        write(value != nil)
        if let value { write(value) }
    }

    mutating func write(_ values: [String]) {
        write(values.count)
        for value in values { write(value) }
    }

    mutating func write(_ values: [UInt8]) {
        write(values.count)
        bytes.append(contentsOf: values)
    }

    /// Fixed-width values copied as they lie in memory (this machine's byte order).
    mutating func writeRaw<T: BitwiseCopyable>(_ values: [T]) {
        write(values.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func write<T: BinaryCodable>(_ values: [T]) {
        write(values.count)
        for value in values { value.write(to: &self) }
    }
}

/// Reads what `BinaryWriter` wrote; every read checks bounds and throws on a damaged buffer.
struct BinaryReader {
    private let bytes: [UInt8]
    private var offset: Int
    /// Where the bytes read end: `bytes.count`, or the end of the part of `bytes` given.
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.init(bytes, range: 0..<bytes.count)
    }

    /// A reader of `bytes[range]` that shares `bytes` rather than copying the part read.
    init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        offset = max(0, min(range.lowerBound, bytes.count))
        end = max(offset, min(range.upperBound, bytes.count))
    }

    var isAtEnd: Bool { offset == end }

    mutating func readInt() throws(SnapshotError) -> Int {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard offset < end, shift < 64 else { throw .damaged("a number runs past the end") }
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: result))
    }

    mutating func readBool() throws(SnapshotError) -> Bool {
        guard offset < end else { throw .damaged("a flag runs past the end") }
        offset += 1
        return bytes[offset - 1] != 0
    }

    mutating func readCount() throws(SnapshotError) -> Int {
        let count = try readInt()
        guard count >= 0, count <= end - offset else { throw .damaged("an implausible count \(count)") }
        return count
    }

    mutating func readString() throws(SnapshotError) -> String {
        let count = try readCount()
        guard count <= end - offset else { throw .damaged("a string runs past the end") }
        let string = bytes.withUnsafeBufferPointer { String(decoding: $0[offset..<(offset + count)], as: UTF8.self) }
        offset += count
        return string
    }

    mutating func readOptionalString() throws(SnapshotError) -> String? {
        try readBool() ? try readString() : nil
    }

    mutating func readOptionalInt() throws(SnapshotError) -> Int? {
        try readBool() ? try readInt() : nil
    }

    mutating func readStrings() throws(SnapshotError) -> [String] {
        let count = try readCount()
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readString()) }
        return values
    }

    /// Where the next bytes written by `write(_: [UInt8])` lie, skipped over without copying them.
    mutating func readByteRange() throws(SnapshotError) -> Range<Int> {
        let count = try readCount()
        guard count <= end - offset else { throw .damaged("bytes run past the end") }
        defer { offset += count }
        return offset..<(offset + count)
    }

    mutating func readBytes() throws(SnapshotError) -> [UInt8] {
        let count = try readCount()
        guard count <= end - offset else { throw .damaged("bytes run past the end") }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func readRaw<T: BitwiseCopyable>(_: T.Type) throws(SnapshotError) -> [T] {
        let count = try readCount()
        let size = count * MemoryLayout<T>.stride
        guard size <= end - offset else { throw .damaged("an array runs past the end") }
        let start = offset
        offset += size
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + size)]))
            }
            initialized = count
        }
    }

    mutating func read<T: BinaryCodable>(_: [T].Type) throws(SnapshotError) -> [T] {
        let count = try readCount()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try T(from: &self)) }
        return values
    }
}

/// A value that writes itself to, and reads itself from, an index snapshot.
protocol BinaryCodable {
    func write(to writer: inout BinaryWriter)
    init(from reader: inout BinaryReader) throws(SnapshotError)
}

/// A snapshot that cannot be used; the index is then built from the lists instead.
public enum SnapshotError: Error, Sendable, CustomStringConvertible {
    case damaged(String)
    case otherVersion(found: Int, expected: Int)

    public var description: String {
        switch self {
        case .damaged(let detail): "the index snapshot is damaged (\(detail)); it will be rebuilt from the lists"
        case .otherVersion(let found, let expected):
            "the index snapshot has format \(found), this build reads \(expected); it will be rebuilt from the lists"
        }
    }
}
