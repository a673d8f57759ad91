import Foundation

/// One data row of a curated table: its fields by column name and the line it starts on.
public struct CSVRow: Sendable {
    /// The file, as the table names it in errors (e.g. `ccl/ccl_controls.csv`).
    public let file: String
    /// The 1-based line the row starts on.
    public let line: Int
    /// The row's fields, in column order.
    public let fields: [String]
    /// Each header column's position.
    public let columns: [String: Int]

    /// The cell of `column` (a column the table checked it has), or "" when it has no such column.
    public func text(_ column: String) -> String {
        columns[column].map { fields[$0] } ?? ""
    }

    /// The cell of `column`, or nil when it is empty ("not known", never "no").
    public func optional(_ column: String) -> String? {
        let value = text(column)
        return value.isEmpty ? nil : value
    }
}

/// Why a curated table's text is not a well-formed CSV with the expected header, and where.
public struct CSVTableError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Sendable, Equatable {
        /// The file is not valid UTF-8.
        case notUTF8
        /// The file has no header row.
        case missingHeader
        /// The header lacks a column the table needs (the column is the error's `column`).
        case missingColumn
        /// The header has a column the table does not know, or has one twice.
        case unexpectedColumn
        /// A quoted field is never closed (the line is where it opens).
        case unterminatedQuote
        /// A quote inside an unquoted field, or text after a closing quote.
        case strayQuote
        /// A carriage return not followed by a line feed.
        case bareCarriageReturn
        /// A row with a different number of fields from the header.
        case wrongFieldCount(expected: Int, found: Int)
        /// A field holds a control character `InputText` refuses (line breaks inside a quoted field are kept).
        case controlCharacter(Unicode.Scalar)
    }

    /// The file, as the caller named it.
    public var file: String
    /// The 1-based line, when the problem has one.
    public var line: Int?
    /// The column name (or `field N` for a syntax error), when the problem has one.
    public var column: String?
    /// What is wrong.
    public var problem: Problem

    /// `file:line: column C: what is wrong`.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ": column \(column)" }
        return "\(place): \(message)"
    }

    /// What is wrong, in words.
    public var message: String {
        switch problem {
        case .notUTF8: "the file is not valid UTF-8"
        case .missingHeader: "the file is empty; it needs a header row"
        case .missingColumn: "the header has no such column, which this table needs"
        case .unexpectedColumn: "the header has this column twice or it is not one this table knows"
        case .unterminatedQuote: "a quoted field opened here is never closed"
        case .strayQuote: "a quote inside an unquoted field, or text after a closing quote"
        case .bareCarriageReturn: "a carriage return without a line feed"
        case .wrongFieldCount(let expected, let found): "the row has \(found) fields, the header \(expected)"
        case .controlCharacter(let scalar): "the field holds the control character \(InputText.name(scalar)), which is not accepted"
        }
    }
}

/// A strict RFC 4180 reader for the curated tables Clearance ships: a header row, then data rows.
///
/// Quoted fields may hold commas, line breaks and doubled quotes; lines end in CRLF or LF. Anything
/// else (a stray quote, an unterminated quote, a row with the wrong number of fields, bytes that are
/// not UTF-8, a control character other than tab) is an error naming the place, because a table read
/// partly is worse than none.
public enum CSVTable {
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    /// The data rows of `data`, checked to have exactly the header columns `expected` (in any order).
    public static func rows(in data: Data, file: String, expected: [String]) throws(CSVTableError) -> [CSVRow] {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CSVTableError(file: file, line: nil, column: nil, problem: .notUTF8)
        }
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let records = try records(in: bytes, file: file)
        guard let header = records.first else {
            throw CSVTableError(file: file, line: 1, column: nil, problem: .missingHeader)
        }
        let columns = Dictionary(header.fields.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for name in expected where columns[name] == nil {
            throw CSVTableError(file: file, line: 1, column: name, problem: .missingColumn)
        }
        for (index, name) in header.fields.enumerated() where !expected.contains(name) || columns[name] != index {
            throw CSVTableError(file: file, line: 1, column: name, problem: .unexpectedColumn)
        }
        return try records.dropFirst().map { (record) throws(CSVTableError) -> CSVRow in
            guard record.fields.count == header.fields.count else {
                throw CSVTableError(
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

    private static func records(in bytes: [UInt8], file: String) throws(CSVTableError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var line = 1
        var recordLine = 1
        var index = 0

        func fail(_ problem: CSVTableError.Problem, line: Int, field: Int) -> CSVTableError {
            CSVTableError(file: file, line: line, column: "field \(field)", problem: problem)
        }

        while index < bytes.count {
            var field: [UInt8] = []
            let fieldLine = line
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
            if let byte = field.first(where: InputText.isRefusedControl) {
                throw fail(.controlCharacter(Unicode.Scalar(byte)), line: fieldLine, field: fields.count + 1)
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
