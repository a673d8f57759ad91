/// A set of curated tables Clearance ships (the EAR tables, the transfer tables, the tariff tables): what
/// to tell a person when one of them cannot be loaded.
public struct TableDataset: Sendable, Hashable {
    /// What to do when a file cannot be read, e.g. where the folder is shipped.
    public var unreadableAdvice: String
    /// What to do when `tables.json` is wrong.
    public var manifestAdvice: String
    /// What to do about a bad table file.
    public var correctionAdvice: String

    /// A data set and its advice.
    public init(unreadableAdvice: String, manifestAdvice: String, correctionAdvice: String) {
        self.unreadableAdvice = unreadableAdvice
        self.manifestAdvice = manifestAdvice
        self.correctionAdvice = correctionAdvice
    }
}

/// Why curated tables could not be loaded, and where: the file, line and column (field).
///
/// The tables are curated by hand, so a bad cell stops the load: an answer drawn from a table read in
/// part could silently miss a control, a rule or a duty layer.
public struct TableDataError: Error, Sendable, Equatable, CustomStringConvertible {
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
        /// A field holds a control character `InputText` refuses (line breaks inside a quoted field are kept).
        case controlCharacter(Unicode.Scalar)
        /// A cell whose value the table does not accept; the text says why.
        case invalidValue(String)
        /// A second row with the same key; the text names the key and the first row's line.
        case duplicateKey(String)
        /// A row that refers to something no other table has; the text names it.
        case unknownReference(String)
        /// `tables.json` is unreadable or incomplete; the text says what is wrong.
        case badManifest(String)
    }

    /// The tables the file belongs to, for the advice; nil for a table read on its own (`CSVTable`).
    public var dataset: TableDataset?
    /// The file, relative to its data folder (e.g. `ccl/ccl_controls.csv`; `schedule.zip/NAME` inside an archive).
    public var file: String
    /// The 1-based line, when the problem has one.
    public var line: Int?
    /// The column name (or `field N` for a syntax error), when the problem has one.
    public var column: String?
    /// What is wrong.
    public var problem: Problem

    /// An error at a place in a file of `dataset`.
    public init(_ dataset: TableDataset?, file: String, line: Int? = nil, column: String? = nil, problem: Problem) {
        self.dataset = dataset
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
        guard let advice else { return "\(place): \(message)" }
        return "\(place): \(message). \(advice)"
    }

    /// What is wrong, in words.
    public var message: String {
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
        case .controlCharacter(let scalar): "the field holds the control character \(InputText.name(scalar)), which is not accepted"
        case .invalidValue(let what), .duplicateKey(let what), .unknownReference(let what), .badManifest(let what): what
        }
    }

    private var advice: String? {
        guard let dataset else { return nil }
        return switch problem {
        case .unreadable: dataset.unreadableAdvice
        case .badManifest: dataset.manifestAdvice
        default: dataset.correctionAdvice
        }
    }
}
