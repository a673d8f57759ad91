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

/// The curated tables Clearance ships: a header row, then data rows, read by `CSVReader` in strict mode.
///
/// Quoted fields may hold commas, line breaks and doubled quotes; lines end in CRLF or LF. Anything
/// else (a stray quote, an unterminated quote, a row with the wrong number of fields, bytes that are
/// not UTF-8, a control character other than tab) is an error naming the place, because a table read
/// partly is worse than none.
public enum CSVTable {
    /// The data rows of `data`, checked to have exactly the header columns `expected` (in any order).
    public static func rows(in data: Data, file: String, expected: [String]) throws(CSVTableError) -> [CSVRow] {
        guard String(validating: data, as: UTF8.self) != nil else {
            throw CSVTableError(file: file, line: nil, column: nil, problem: .notUTF8)
        }
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(in: data, options: .strict)
        } catch {
            throw CSVTableError(file: file, error)
        }
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
}

extension CSVTableError {
    /// The strict reader's `error` in `file`, its column named `field N`.
    init(file: String, _ error: CSVError) {
        let problem: Problem =
            switch error.problem {
            case .text(.controlCharacter(let scalar)): .controlCharacter(scalar)
            case .text: .notUTF8
            case .unterminatedQuote: .unterminatedQuote
            case .strayQuote: .strayQuote
            case .bareCarriageReturn: .bareCarriageReturn
            }
        self.init(file: file, line: error.line, column: "field \(error.column)", problem: problem)
    }
}
