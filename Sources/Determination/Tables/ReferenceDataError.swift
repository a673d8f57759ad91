import Foundation

/// Why the EAR reference tables could not be loaded, and where.
///
/// The tables are curated by hand, so a bad cell stops the load: a determination made from a table
/// read in part could silently miss a control. The message names the file, line and column.
public struct ReferenceDataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong.
    public enum Problem: Sendable, Equatable {
        /// The file could not be read; the associated text is the system's reason.
        case unreadable(String)
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
        /// A cell whose value the table does not accept; the text says why.
        case invalidValue(String)
        /// A second row with the same key; the text names the key and the first row's line.
        case duplicateKey(String)
        /// A row that refers to something no other table has; the text names it.
        case unknownReference(String)
        /// `tables.json` is unreadable or incomplete; the text says what is wrong.
        case badManifest(String)
    }

    /// The file, relative to the EAR data folder (e.g. `ccl/ccl_controls.csv`).
    public var file: String
    /// The 1-based line, when the problem has one.
    public var line: Int?
    /// The column name (or `field N` for a syntax error), when the problem has one.
    public var column: String?
    /// What is wrong.
    public var problem: Problem

    /// Creates an error at a place in a file.
    public init(file: String, line: Int?, column: String?, problem: Problem) {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
    }

    /// `file:line: column C: what is wrong. What to do.`
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ": column \(column)" }
        return "\(place): \(message). \(advice)"
    }

    private var message: String {
        switch problem {
        case .unreadable(let reason): "cannot read the file (\(reason))"
        case .notUTF8: "the file is not valid UTF-8"
        case .missingHeader: "the file is empty; it needs a header row"
        case .missingColumn: "the header has no such column, which this table needs"
        case .unexpectedColumn: "the header has this column twice or it is not one this table knows"
        case .unterminatedQuote: "a quoted field opened here is never closed"
        case .strayQuote: "a quote inside an unquoted field, or text after a closing quote"
        case .bareCarriageReturn: "a carriage return without a line feed"
        case .wrongFieldCount(let expected, let found): "the row has \(found) fields, the header \(expected)"
        case .invalidValue(let why): why
        case .duplicateKey(let what): what
        case .unknownReference(let what): what
        case .badManifest(let what): what
        }
    }

    private var advice: String {
        switch problem {
        case .unreadable:
            "Check that the EAR data folder (Data/ear, shipped as BundledData.earDirectory) is present and readable"
        case .badManifest:
            "Fix tables.json in the EAR data folder: each table needs exactly one entry with table, label, file, source and vintage"
        default:
            "Correct the file against its source (see PROVENANCE.md in the EAR data folder); curated tables are never loaded in part"
        }
    }
}
