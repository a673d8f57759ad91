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

/// The curated tables Clearance ships: a header row, then data rows, read by `CSVReader` in strict mode.
///
/// Quoted fields may hold commas, line breaks and doubled quotes; lines end in CRLF or LF. Anything
/// else (a stray quote, an unterminated quote, a row with the wrong number of fields, bytes that are
/// not UTF-8, a control character other than tab) is an error naming the place, because a table read
/// partly is worse than none.
public enum CSVTable {
    /// The data rows of `data`, checked to have exactly the header columns `expected` (in any order).
    public static func rows(in data: Data, file: String, expected: [String]) throws(TableDataError) -> [CSVRow] {
        guard String(validating: data, as: UTF8.self) != nil else {
            throw TableDataError(nil, file: file, problem: .notUTF8)
        }
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(in: data, options: .strict)
        } catch {
            throw TableDataError(file: file, error)
        }
        guard let header = records.first else {
            throw TableDataError(nil, file: file, line: 1, problem: .missingHeader)
        }
        let columns = Dictionary(header.fields.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for name in expected where columns[name] == nil {
            throw TableDataError(nil, file: file, line: 1, column: name, problem: .missingColumn)
        }
        for (index, name) in header.fields.enumerated() where !expected.contains(name) || columns[name] != index {
            throw TableDataError(nil, file: file, line: 1, column: name, problem: .unexpectedColumn)
        }
        return try records.dropFirst().map { (record) throws(TableDataError) -> CSVRow in
            guard record.fields.count == header.fields.count else {
                throw TableDataError(
                    nil, file: file, line: record.line,
                    problem: .wrongFieldCount(expected: header.fields.count, found: record.fields.count))
            }
            return CSVRow(file: file, line: record.line, fields: record.fields, columns: columns)
        }
    }
}

extension TableDataError {
    /// The strict reader's `error` in `file`, its column named `field N` (no data set yet: the loader sets it).
    init(file: String, _ error: CSVError) {
        let problem: Problem =
            switch error.problem {
            case .text(.controlCharacter(let scalar)): .controlCharacter(scalar)
            case .text: .notUTF8
            case .unterminatedQuote: .unterminatedQuote
            case .strayQuote: .strayQuote
            case .bareCarriageReturn: .bareCarriageReturn
            }
        self.init(nil, file: file, line: error.line, column: "field \(error.column)", problem: problem)
    }
}
