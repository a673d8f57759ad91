import Foundation

/// One record of a delimited list file as `ListCSV` reads it.
struct ListRecord: Sendable, Hashable {
    /// The record's fields, unquoted, in column order.
    var fields: [String]
    /// 1-based line on which the record starts (a quoted field may span several lines).
    var line: Int
    /// What is wrong with the record's quoting (a quote inside an unquoted field, text after a
    /// closing quote), or nil when it is well-formed. A faulty record is skipped and reported.
    var fault: String?
}

/// A strict RFC 4180 reader for list files, which are published by others and may arrive damaged.
///
/// Reads what `Tabular.CSVReader` reads (quoted fields holding delimiters, newlines and doubled
/// quotes; CRLF and LF; any one-byte delimiter; a leading byte-order mark; OFAC's trailing Ctrl-Z;
/// blank lines skipped) but says what it had to guess: a record whose quoting is broken carries a
/// `fault`, and a file that ends inside a quoted field or without a line break after its last
/// record is reported as cut off, since a file cut at any byte looks like one of the two.
/// The bytes must already be valid UTF-8 (`TextCheck`), so decoding is exact.
enum ListCSV {
    /// The records of a file and, when it looks cut off, where and why.
    struct Contents: Sendable {
        var records: [ListRecord]
        /// Set when the file ends inside a quoted field or without a line break after the last
        /// record; that last record is not in `records`.
        var cutOff: (line: Int, detail: String)?
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Every record of `data`, in file order.
    static func read(_ data: Data, delimiter: UInt8 = UInt8(ascii: ",")) -> Contents {
        data.withUnsafeBytes { raw in read(raw.bindMemory(to: UInt8.self), delimiter: delimiter) }
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> Contents {
        var end = bytes.count
        while end > 0, bytes[end - 1] == TextCheck.controlZ {
            end -= 1
        }
        var index = 0
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
        }

        var records: [ListRecord] = []
        var fields: [String] = []
        var fault: String?
        var scratch: [UInt8] = []
        var line = 1
        var recordLine = 1

        func finishRecord() {
            let blank = fields.count == 1 && fields[0].isEmpty && fault == nil
            if !blank {
                records.append(ListRecord(fields: fields, line: recordLine, fault: fault))
            }
            fields.removeAll(keepingCapacity: true)
            fault = nil
        }
        func isFieldEnd(_ byte: UInt8) -> Bool {
            byte == delimiter || byte == lineFeed || byte == carriageReturn
        }

        while index < end {
            if bytes[index] == quote {
                scratch.removeAll(keepingCapacity: true)
                let openedOnLine = line
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
                guard closed else {
                    return Contents(records: records, cutOff: (recordLine, "the file ends inside the quoted field opened on line \(openedOnLine)"))
                }
                let tailStart = index
                while index < end, !isFieldEnd(bytes[index]) {
                    index += 1
                }
                if index > tailStart, fault == nil {
                    fault = "text after the closing quote of field \(fields.count + 1)"
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tailStart..<index]))
                fields.append(String(decoding: scratch, as: UTF8.self))
            } else {
                let fieldStart = index
                while index < end, !isFieldEnd(bytes[index]) {
                    if bytes[index] == quote, fault == nil {
                        fault = "a quote inside unquoted field \(fields.count + 1)"
                    }
                    index += 1
                }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]), as: UTF8.self))
            }

            guard index < end else {
                return Contents(records: records, cutOff: (recordLine, "no line break after the last row"))
            }
            switch bytes[index] {
            case delimiter:
                index += 1
                if index == end {
                    fields.append("")
                    return Contents(records: records, cutOff: (recordLine, "no line break after the last row"))
                }
            case carriageReturn:
                index += 1
                if index < end, bytes[index] == lineFeed { index += 1 }
                line += 1
                finishRecord()
                recordLine = line
            default:
                index += 1
                line += 1
                finishRecord()
                recordLine = line
            }
        }
        return Contents(records: records, cutOff: nil)
    }
}
