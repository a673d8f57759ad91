import Foundation

/// The bundled index's file format (`boundaries.index`): little-endian, fixed layout, checked on read.
///
/// `CLRMONIX`, version (UInt32 = 1), max depth (UInt8); areas (UInt32 count; per area: provable UInt8,
/// code length UInt8, code UTF-8); sets (UInt32 count; per set: UInt16 count, UInt16 area numbers
/// ascending); labels (UInt32 count; per label: touching set UInt32, inside set UInt32); cells in preorder,
/// 10 degree roots row by row from the south-west, children SW, SE, NW, NE (UInt32 count; per cell an
/// unsigned LEB128 varint of label * 2 + 1 when split, label * 2 when not).
extension BoundaryIndex {
    static let magic = Array("CLRMONIX".utf8)

    /// The index as bytes.
    public func encoded() -> Data {
        var out: [UInt8] = Self.magic
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        u32(1)
        out.append(UInt8(maxDepth))
        u32(UInt32(codes.count))
        for (code, provable) in zip(codes, provable) {
            out.append(provable ? 1 : 0)
            out.append(UInt8(code.utf8.count))
            out.append(contentsOf: code.utf8)
        }
        u32(UInt32(sets.count))
        for set in sets {
            u16(UInt16(set.count))
            for area in set { u16(area) }
        }
        var labels: [UInt64: UInt32] = [:]
        var labelList: [(UInt32, UInt32)] = []
        var cells: [UInt32] = []
        cells.reserveCapacity(touch.count)
        for index in touch.indices {
            let key = UInt64(touch[index]) << 32 | UInt64(inside[index])
            let label = labels[key] ?? {
                let next = UInt32(labelList.count)
                labels[key] = next
                labelList.append((touch[index], inside[index]))
                return next
            }()
            cells.append(label * 2 + (hasChildren[index] ? 1 : 0))
        }
        u32(UInt32(labelList.count))
        for (t, i) in labelList {
            u32(t)
            u32(i)
        }
        u32(UInt32(cells.count))
        for var value in cells {
            while value >= 0x80 {
                out.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            out.append(UInt8(value))
        }
        return Data(out)
    }

    /// Reads an index written by `encoded()`; anything malformed is an error naming the byte offset.
    public init(encoded data: Data, file: String) throws(BoundaryDataError) {
        let bytes = [UInt8](data)
        var offset = 0
        func fail(_ problem: String) -> BoundaryDataError { BoundaryDataError(file: file, problem: "byte \(offset): \(problem)") }
        func take(_ count: Int) throws(BoundaryDataError) -> ArraySlice<UInt8> {
            guard count >= 0, offset + count <= bytes.count else { throw fail("the file ends early") }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }
        func u8() throws(BoundaryDataError) -> UInt8 { try take(1).first ?? 0 }
        func u16() throws(BoundaryDataError) -> UInt16 {
            let s = try take(2)
            return UInt16(s[s.startIndex]) | UInt16(s[s.startIndex + 1]) << 8
        }
        func u32() throws(BoundaryDataError) -> UInt32 {
            let s = try take(4)
            return s.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        }
        guard Array(try take(Self.magic.count)) == Self.magic else { throw fail("not a Clearance boundary index") }
        guard try u32() == 1 else { throw fail("unknown version") }
        let depth = Int(try u8())
        guard depth <= 12 else { throw fail("depth \(depth) is above 12") }
        let areaCount = Int(try u32())
        guard areaCount <= Int(UInt16.max) else { throw fail("too many areas") }
        var codes: [String] = [], provable: [Bool] = []
        for _ in 0..<areaCount {
            provable.append(try u8() == 1)
            let length = Int(try u8())
            guard let code = String(validating: Array(try take(length)), as: UTF8.self), !code.isEmpty else {
                throw fail("an area code is not UTF-8 text")
            }
            codes.append(code)
        }
        let setCount = Int(try u32())
        guard setCount <= bytes.count else { throw fail("set count \(setCount) is larger than the file") }
        var sets: [[UInt16]] = []
        for _ in 0..<setCount {
            let count = Int(try u16())
            var set: [UInt16] = []
            for _ in 0..<count {
                let area = try u16()
                guard Int(area) < areaCount, set.last.map({ $0 < area }) ?? true else { throw fail("a set is not ascending area numbers") }
                set.append(area)
            }
            sets.append(set)
        }
        let labelCount = Int(try u32())
        guard labelCount <= bytes.count else { throw fail("label count \(labelCount) is larger than the file") }
        var labels: [(UInt32, UInt32)] = []
        for _ in 0..<labelCount {
            let t = try u32(), i = try u32()
            guard Int(t) < setCount, Int(i) < setCount else { throw fail("a label names a set that does not exist") }
            labels.append((t, i))
        }
        let cellCount = Int(try u32())
        guard cellCount <= bytes.count - offset else { throw fail("cell count \(cellCount) is larger than the file") }
        var touch: [UInt32] = [], inside: [UInt32] = [], split: [Bool] = []
        touch.reserveCapacity(cellCount)
        inside.reserveCapacity(cellCount)
        split.reserveCapacity(cellCount)
        for _ in 0..<cellCount {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                let byte = try u8()
                guard shift < 35 else { throw fail("a cell's varint is too long") }
                value |= UInt64(byte & 0x7F) << shift
                shift += 7
                if byte < 0x80 { break }
            }
            let label = Int(value >> 1)
            guard label < labelCount else { throw fail("a cell names a label that does not exist") }
            touch.append(labels[label].0)
            inside.append(labels[label].1)
            split.append(value & 1 == 1)
        }
        guard offset == bytes.count else { throw fail("\(bytes.count - offset) bytes after the last cell") }
        let expected = Self.cellsInTree(split: split, maxDepth: depth)
        guard expected == cellCount else { throw fail("the cell tree is not complete (\(expected) of \(cellCount) cells)") }
        self.init(codes: codes, provable: provable, sets: sets, touch: touch, inside: inside, hasChildren: split, maxDepth: depth)
    }

    /// How many cells a well-formed preorder tree of the root grid spans, or -1 when it is malformed.
    static func cellsInTree(split: [Bool], maxDepth: Int) -> Int {
        var index = 0
        func walk(_ depth: Int) -> Bool {
            guard index < split.count else { return false }
            let node = index
            index += 1
            guard split[node] else { return true }
            guard depth < maxDepth else { return false }
            for _ in 0..<4 where !walk(depth + 1) { return false }
            return true
        }
        let roots = Int(180 / BoundaryIndexBuilder.rootDegrees) * Int(360 / BoundaryIndexBuilder.rootDegrees)
        for _ in 0..<roots where !walk(0) { return -1 }
        return index
    }
}
