import Foundation

/// Checks that a list file's bytes are text before any parser sees them.
///
/// Every list format Clearance reads is UTF-8. A byte sequence that is not UTF-8 is refused rather
/// than decoded with replacement characters (which would store names that are not what the
/// publisher wrote), and so is a control byte other than tab, line feed and carriage return (a
/// NUL cuts a name short in SQLite).
enum TextCheck {
    /// OFAC's end-of-file byte (Ctrl-Z), accepted only in the run of bytes that ends a file.
    static let controlZ: UInt8 = 0x1A

    /// Where `data` first fails to be UTF-8 text, or nil when all of it is.
    ///
    /// 0x1A is accepted where only 0x1A, line feeds and carriage returns follow it (OFAC ends its
    /// files with it); tab, line feed and carriage return are the only other control bytes accepted.
    static func fault(in data: Data) -> TextFault? {
        data.withUnsafeBytes { raw in fault(in: raw.bindMemory(to: UInt8.self)) }
    }

    /// Throws `invalidText` naming the byte offset, line and column of the first fault in `file`.
    static func validate(_ file: ListFile) throws(ListLoadError) {
        if let fault = fault(in: file.data) {
            throw .invalidText(file: file.path, line: fault.line, column: fault.column, offset: fault.offset, detail: fault.detail)
        }
    }

    private static func fault(in bytes: UnsafeBufferPointer<UInt8>) -> TextFault? {
        var index = 0
        var line = 1
        var lineStart = 0
        let count = bytes.count
        func fault(_ detail: String) -> TextFault {
            TextFault(offset: index, line: line, column: index - lineStart + 1, detail: detail)
        }
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return nil }
        while index < count {
            // Eight printable ASCII bytes at a time: none with the high bit, none below 0x20, no 0x7F.
            if index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let highBits: UInt64 = 0x8080_8080_8080_8080
                let belowSpace = (word &- ones &* 0x20) & ~word & highBits
                let delete = word ^ (ones &* 0x7F)
                let isDelete = (delete &- ones) & ~delete & highBits
                if (word & highBits) | belowSpace | isDelete == 0 {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if byte >= 0x20, byte < 0x7F {
                index += 1
                continue
            }
            if byte < 0x80 {
                switch byte {
                case 0x0A:
                    line += 1
                    lineStart = index + 1
                case 0x09, 0x0D:
                    break
                case controlZ where bytes[index...].allSatisfy({ $0 == controlZ || $0 == 0x0A || $0 == 0x0D }):
                    return nil
                default:
                    return fault(byte == 0 ? "a NUL byte" : "the control byte \(hex(byte))")
                }
                index += 1
                continue
            }
            let length = sequenceLength(bytes, at: index)
            guard length > 0 else {
                let shown = bytes[index..<min(index + 4, count)].map(hex).joined(separator: " ")
                return fault("bytes \(shown) are not UTF-8")
            }
            index += length
        }
        return nil
    }

    /// The length of the well-formed UTF-8 sequence starting at `index` (a lead byte of 0x80 or
    /// above), or 0 when it is not one: overlong forms, surrogates and values above U+10FFFF fail.
    private static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; second = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; second = 0x80...0x9F
        case 0xF0: length = 4; second = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; second = 0x80...0x8F
        default: return 0
        }
        guard index + length <= bytes.count, second.contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) {
            return 0
        }
        return length
    }

    static func hex(_ byte: UInt8) -> String {
        "0x" + Hex.string([byte]).uppercased()
    }
}

/// Where a file stops being text: the 0-based byte offset, the 1-based line and column (in bytes).
struct TextFault: Error, Sendable, Hashable {
    var offset: Int
    var line: Int
    var column: Int
    var detail: String
}
