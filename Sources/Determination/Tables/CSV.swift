import Foundation

/// One data row of a CSV file: its fields by column name and the line it starts on.
struct CSVRow {
    let file: String
    let line: Int
    let fields: [String]
    let columns: [String: Int]

    /// Where this row is, for errors and for findings that cite the data.
    var location: RowLocation { RowLocation(file: file, line: line) }

    /// The cell of `column` (a column the table checked it has), or "" when it has no such column.
    func text(_ column: String) -> String {
        columns[column].map { fields[$0] } ?? ""
    }

    /// The cell of `column`, or nil when it is empty ("not known", never "no").
    func optional(_ column: String) -> String? {
        let value = text(column)
        return value.isEmpty ? nil : value
    }

    /// The cell of `column`, which must not be empty.
    func required(_ column: String) throws(ReferenceDataError) -> String {
        let value = text(column)
        guard !value.isEmpty else { throw error(column, .invalidValue("the cell is empty but is required")) }
        return value
    }

    /// An error placed at this row and `column`.
    func error(_ column: String, _ problem: ReferenceDataError.Problem) -> ReferenceDataError {
        ReferenceDataError(file: file, line: line, column: column, problem: problem)
    }
}

/// A strict RFC 4180 reader for the curated EAR tables: a header row, then data rows.
///
/// Quoted fields may hold commas, line breaks and doubled quotes; lines end in CRLF or LF. Anything
/// else (a stray quote, an unterminated quote, a row with the wrong number of fields, bytes that are
/// not UTF-8) is an error naming the place, because a table read partly is worse than none.
enum CSV {
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    /// The data rows of `data`, checked to have exactly the header columns `expected` (in any order).
    static func rows(in data: Data, file: String, expected: [String]) throws(ReferenceDataError) -> [CSVRow] {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ReferenceDataError(file: file, line: nil, column: nil, problem: .notUTF8)
        }
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let records = try records(in: bytes, file: file)
        guard let header = records.first else {
            throw ReferenceDataError(file: file, line: 1, column: nil, problem: .missingHeader)
        }
        let columns = Dictionary(header.fields.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for name in expected where columns[name] == nil {
            throw ReferenceDataError(file: file, line: 1, column: name, problem: .missingColumn)
        }
        for (index, name) in header.fields.enumerated() where !expected.contains(name) || columns[name] != index {
            throw ReferenceDataError(file: file, line: 1, column: name, problem: .unexpectedColumn)
        }
        return try records.dropFirst().map { (record) throws(ReferenceDataError) -> CSVRow in
            guard record.fields.count == header.fields.count else {
                throw ReferenceDataError(
                    file: file, line: record.line, column: nil,
                    problem: .wrongFieldCount(expected: header.fields.count, found: record.fields.count))
            }
            return CSVRow(file: file, line: record.line, fields: record.fields, columns: columns)
        }
    }

    /// One record of the file, header included, and the line it starts on.
    private struct Record {
        var line: Int
        var fields: [String]
    }

    private static func records(in bytes: [UInt8], file: String) throws(ReferenceDataError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var line = 1
        var recordLine = 1
        var index = 0

        func fail(_ problem: ReferenceDataError.Problem, line: Int, field: Int) -> ReferenceDataError {
            ReferenceDataError(file: file, line: line, column: "field \(field)", problem: problem)
        }

        while index < bytes.count {
            var field: [UInt8] = []
            if bytes[index] == quote {
                let openedOn = line
                index += 1
                while true {
                    guard index < bytes.count else {
                        throw fail(.unterminatedQuote, line: openedOn, field: fields.count + 1)
                    }
                    let byte = bytes[index]
                    index += 1
                    if byte == quote {
                        guard index < bytes.count, bytes[index] == quote else { break }
                        index += 1
                    } else if byte == lineFeed {
                        line += 1
                    }
                    field.append(byte)
                }
            } else {
                while index < bytes.count, ![comma, carriageReturn, lineFeed, quote].contains(bytes[index]) {
                    field.append(bytes[index])
                    index += 1
                }
            }
            fields.append(String(decoding: field, as: UTF8.self))
            guard index < bytes.count else { break }
            switch bytes[index] {
            case comma:
                index += 1
                if index == bytes.count { fields.append("") }
                continue
            case lineFeed:
                index += 1
            case carriageReturn:
                guard index + 1 < bytes.count, bytes[index + 1] == lineFeed else {
                    throw fail(.bareCarriageReturn, line: line, field: fields.count)
                }
                index += 2
            default:
                throw fail(.strayQuote, line: line, field: fields.count)
            }
            records.append(Record(line: recordLine, fields: fields))
            fields.removeAll()
            line += 1
            recordLine = line
        }
        if !fields.isEmpty { records.append(Record(line: recordLine, fields: fields)) }
        return records
    }
}
