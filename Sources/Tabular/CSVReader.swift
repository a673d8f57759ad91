import Foundation

/// One record of a delimited text file: its fields and where it starts.
public struct CSVRecord: Sendable, Hashable {
    /// The record's fields, unquoted, in column order.
    public var fields: [String]
    /// 1-based line on which the record starts (a quoted field may span several lines).
    public var line: Int
    /// False when the file ended inside a quoted field, i.e. the record was cut off.
    public var complete: Bool
}

/// A lenient RFC 4180 reader over raw bytes, for files published by others (government lists, user input).
///
/// Handles quoted fields holding delimiters, newlines and doubled quotes; CRLF and LF line ends;
/// any one-byte delimiter (tab for the BIS list); a leading UTF-8 byte-order mark; and the
/// 0x1A (Ctrl-Z) end-of-file byte that OFAC appends. Blank lines are skipped. Bytes are decoded
/// as UTF-8 (invalid sequences become U+FFFD) one field at a time, so reading stays linear.
public enum CSVReader {
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let controlZ: UInt8 = 0x1A

    /// Every record of `data`, in file order.
    public static func records(in data: Data, delimiter: UInt8 = UInt8(ascii: ",")) -> [CSVRecord] {
        data.withUnsafeBytes { raw in
            records(in: raw.bindMemory(to: UInt8.self), delimiter: delimiter)
        }
    }

    private static func records(in bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> [CSVRecord] {
        var end = bytes.count
        while end > 0, [controlZ, lineFeed, carriageReturn].contains(bytes[end - 1]) {
            end -= 1
        }
        var index = 0
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
        }

        var result: [CSVRecord] = []
        var fields: [String] = []
        var scratch: [UInt8] = []
        var line = 1
        var recordLine = 1

        func finishRecord(complete: Bool) {
            let blank = fields.count == 1 && fields[0].isEmpty
            if !blank {
                result.append(CSVRecord(fields: fields, line: recordLine, complete: complete))
            }
            fields.removeAll(keepingCapacity: true)
        }

        while index < end {
            if bytes[index] == quote {
                // Quoted field: copy byte runs between quotes, un-doubling `""`.
                scratch.removeAll(keepingCapacity: true)
                index += 1
                var closed = false
                while index < end {
                    let runStart = index
                    while index < end, bytes[index] != quote {
                        if bytes[index] == lineFeed { line += 1 }
                        index += 1
                    }
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    guard index < end else { break }
                    if index + 1 < end, bytes[index + 1] == quote {
                        scratch.append(quote)
                        index += 2
                    } else {
                        index += 1
                        closed = true
                        break
                    }
                }
                // Anything between the closing quote and the delimiter is kept, as lenient readers do.
                let tailStart = index
                while index < end, bytes[index] != delimiter, bytes[index] != lineFeed, bytes[index] != carriageReturn {
                    index += 1
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tailStart..<index]))
                fields.append(String(decoding: scratch, as: UTF8.self))
                if !closed {
                    finishRecord(complete: false)
                    return result
                }
            } else {
                let fieldStart = index
                while index < end, bytes[index] != delimiter, bytes[index] != lineFeed, bytes[index] != carriageReturn {
                    index += 1
                }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]), as: UTF8.self))
            }

            guard index < end else { break }
            switch bytes[index] {
            case delimiter:
                index += 1
                if index == end { fields.append("") }
            case carriageReturn:
                index += 1
                if index < end, bytes[index] == lineFeed { index += 1 }
                line += 1
                finishRecord(complete: true)
                recordLine = line
            default:
                index += 1
                line += 1
                finishRecord(complete: true)
                recordLine = line
            }
        }
        if !fields.isEmpty {
            finishRecord(complete: true)
        }
        return result
    }
}
