import Tabular

/// Why the data-transfer tables could not be loaded, and where.
///
/// The tables are curated by hand, so a bad cell stops the load: a transfer decided from a table
/// read in part could miss a localisation rule. The message names the file, line and column.
public struct TransferDataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong.
    public enum Problem: Sendable, Equatable {
        /// The file could not be read; the associated text is the system's reason.
        case unreadable(String)
        /// The CSV syntax or header is wrong; the text is the reader's message.
        case malformed(String)
        /// A cell whose value the table does not accept; the text says why.
        case invalidValue(String)
        /// A second row with the same key; the text names the key and the first row's line.
        case duplicateKey(String)
        /// A row that refers to something no other table has; the text names it.
        case unknownReference(String)
        /// `tables.json` is unreadable or incomplete; the text says what is wrong.
        case badManifest(String)
    }

    /// The file, relative to the transfers data folder (e.g. `rules.csv`).
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

    init(_ error: CSVTableError) {
        self.init(file: error.file, line: error.line, column: error.column, problem: .malformed(error.message))
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
        case .malformed(let what), .invalidValue(let what), .duplicateKey(let what), .unknownReference(let what),
            .badManifest(let what):
            what
        }
    }

    private var advice: String {
        switch problem {
        case .unreadable:
            "Check that the transfers data folder (Data/trade/transfers, shipped as BundledData.transfersDirectory) is present and readable"
        case .badManifest:
            "Fix tables.json in the transfers data folder: it needs snapshot, coverage and one entry per table with table, file, source and vintage"
        default:
            "Correct the file against its source (see PROVENANCE.md in the transfers data folder); curated tables are never loaded in part"
        }
    }
}
