import Foundation
import DataFormats

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

/// The list-file rules over `CSVReader` (lenient), for files published by others that may arrive damaged.
///
/// A record whose quoting is broken carries a `fault`, and a file that ends inside a quoted field or
/// without a line break after its last record is reported as cut off, since a file cut at any byte
/// looks like one of the two. The bytes must already be valid UTF-8 (`TextCheck`), so decoding is exact.
enum ListCSV {
    /// The records of a file and, when it looks cut off, where and why.
    struct Contents: Sendable {
        var records: [ListRecord]
        /// Set when the file ends inside a quoted field or without a line break after the last
        /// record; that last record is not in `records`.
        var cutOff: (line: Int, detail: String)?
    }

    /// Every record of `data`, in file order.
    static func read(_ data: Data, delimiter: UInt8 = UInt8(ascii: ",")) -> Contents {
        var records = CSVReader.records(in: data, delimiter: delimiter)
        var cutOff: (line: Int, detail: String)?
        if let last = records.last, !last.complete || !last.terminated {
            records.removeLast()
            let inQuotes = last.complete ? nil : last.fault
            cutOff = (last.line, inQuotes.map(\.description) ?? "no line break after the last row")
        }
        return Contents(records: records.map { ListRecord(fields: $0.fields, line: $0.line, fault: $0.fault?.description) }, cutOff: cutOff)
    }
}
