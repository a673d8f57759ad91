import DataFormats

/// Why a ledger line cannot be assessed: the line, the field and what is wrong.
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the CSV file.
    public var line: Int
    /// The column, or `row` for the line as a whole.
    public var field: String
    /// What is wrong.
    public var message: String

    /// `line N: field F: what is wrong`.
    public var description: String { "line \(line): field \(field): \(message)" }
}

/// The columns of a purchase ledger (`hts`, `origin`, `value`, `date`, and optional facts), found by
/// name in its header row.
public struct LedgerColumns: Sendable {
    /// Columns every ledger must have.
    public static let required = ["hts", "origin", "value"]
    /// Columns a ledger may have; `date` is required unless a default date is given.
    public static let optional = [
        "id", "date", "usmca_qualifying", "automobile_part", "steel_content", "aluminum_content", "copper_content",
        "transshipped",
    ]

    private let index: [String: Int]
    private let defaultDate: CivilDate?

    /// Reads the header row; `defaultDate` is used for lines without a `date` column or cell.
    public init(header: CSVRecord, defaultDate: CivilDate?) throws(LedgerError) {
        var index: [String: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            let key = name.trimmedSpaces.lowercased()
            guard !key.isEmpty else { continue }
            guard index[key] == nil else {
                throw LedgerError(line: header.line, field: key, message: "the column is named twice")
            }
            index[key] = position
        }
        // Other columns (a description, a supplier) are left alone, but one that looks like a column this
        // reads is refused: a fact silently dropped would change the duty.
        let known = Self.required + Self.optional
        for name in index.keys where !known.contains(name) {
            if let meant = known.first(where: { $0.hasPrefix(name) || name.hasPrefix($0) || $0.prefix(5) == name.prefix(5) }) {
                throw LedgerError(line: header.line, field: name, message: "unknown column; did you mean \(meant)?")
            }
        }
        for name in Self.required where index[name] == nil {
            throw LedgerError(
                line: header.line, field: name,
                message: "the header has no \(name) column; a ledger needs hts, origin, value and date (or --date)")
        }
        if index["date"] == nil, defaultDate == nil {
            throw LedgerError(line: header.line, field: "date", message: "the header has no date column and no --date was given")
        }
        self.index = index
        self.defaultDate = defaultDate
    }

    /// The line's `id` cell, if the ledger has one.
    public func id(_ record: CSVRecord) -> String? {
        cell("id", record).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The request a ledger line states.
    public func request(_ record: CSVRecord) throws(LedgerError) -> DutyRequest {
        guard record.complete else { throw LedgerError(line: record.line, field: "row", message: "the line ends inside a quoted field") }
        var input = DutyInput(
            hts: try value("hts", record), origin: try value("origin", record), value: try value("value", record),
            date: cell("date", record).flatMap { $0.isEmpty ? nil : $0 } ?? defaultDate?.description ?? "")
        if input.date.isEmpty { throw fail(record, "date", "the cell is empty and no --date was given") }
        input.usmcaQualifying = try flag("usmca_qualifying", record) ?? false
        input.automobilePart = try flag("automobile_part", record)
        input.steelContent = cell("steel_content", record).flatMap { $0.isEmpty ? nil : $0 }
        input.aluminumContent = cell("aluminum_content", record).flatMap { $0.isEmpty ? nil : $0 }
        input.copperContent = cell("copper_content", record).flatMap { $0.isEmpty ? nil : $0 }
        input.transshipped = try flag("transshipped", record) ?? false
        do throws(DutyError) {
            return try input.request()
        } catch {
            throw fail(record, error.field, error.description)
        }
    }

    private func cell(_ name: String, _ record: CSVRecord) -> String? {
        guard let position = index[name] else { return nil }
        return position < record.fields.count ? record.fields[position].trimmedSpaces : ""
    }

    private func value(_ name: String, _ record: CSVRecord) throws(LedgerError) -> String {
        guard let text = cell(name, record), !text.isEmpty else { throw fail(record, name, "the cell is empty but is required") }
        return text
    }

    private func flag(_ name: String, _ record: CSVRecord) throws(LedgerError) -> Bool? {
        guard let text = cell(name, record), !text.isEmpty else { return nil }
        switch text.lowercased() {
        case "yes", "true", "y", "1": return true
        case "no", "false", "n", "0": return false
        default: throw fail(record, name, "\"\(text)\" is not yes or no")
        }
    }

    private func fail(_ record: CSVRecord, _ field: String, _ message: String) -> LedgerError {
        LedgerError(line: record.line, field: field, message: message)
    }
}
