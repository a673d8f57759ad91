import Tabular

/// Why the bundled tariff tables could not be loaded, and where (file, line, column).
///
/// The tables are curated, so a bad cell stops the load: a duty computed from a table read in part
/// could silently miss a layer.
public struct TariffDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, relative to the tariff data folder (a file inside `schedule.zip` is `schedule.zip/NAME`).
    public var file: String
    /// The 1-based line, when the problem has one.
    public var line: Int?
    /// The column, when the problem has one.
    public var column: String?
    /// What is wrong.
    public var message: String

    /// Creates an error at a place in a file.
    public init(file: String, line: Int? = nil, column: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    init(_ error: CSVTableError) {
        self.init(file: error.file, line: error.line, column: error.column, message: error.message)
    }

    /// `file:line: column C: what is wrong. What to do.`
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ": column \(column)" }
        return "\(place): \(message). Correct the file against its source (Data/trade/tariffs/PROVENANCE.md); tariff tables are never loaded in part"
    }
}

extension CSVRow {
    /// An error at this row and `column`.
    func failure(_ column: String, _ message: String) -> TariffDataError {
        TariffDataError(file: file, line: line, column: column, message: message)
    }

    /// The cell of `column`, which must not be empty.
    func required(_ column: String) throws(TariffDataError) -> String {
        let value = text(column)
        guard !value.isEmpty else { throw failure(column, "the cell is empty but is required") }
        return value
    }

    /// The cell of `column` as a `YYYY-MM-DD` date; nil when empty.
    func date(_ column: String) throws(TariffDataError) -> CivilDate? {
        guard let text = optional(column) else { return nil }
        guard let date = CivilDate(text) else { throw failure(column, "\"\(text)\" is not a YYYY-MM-DD date") }
        return date
    }

    /// The cell of `column` as a percentage (`25`, `7.5`).
    func percent(_ column: String) throws(TariffDataError) -> Percent {
        let text = try required(column)
        guard let rate = Percent(percent: text) else { throw failure(column, "\"\(text)\" is not a percentage") }
        return rate
    }

    /// The cell of `column` as a Chapter 99 heading `9903.NN.NN`.
    func heading(_ column: String) throws(TariffDataError) -> String {
        let text = try required(column)
        guard Chapter99.isHeading(text) else { throw failure(column, "\"\(text)\" is not a 9903.NN.NN heading") }
        return text
    }
}

/// Chapter 99 heading syntax.
enum Chapter99 {
    /// Whether `text` is `99NN.NN.NN`.
    static func isHeading(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "."), bytes[7] == UInt8(ascii: "."),
            bytes[0] == UInt8(ascii: "9"), bytes[1] == UInt8(ascii: "9")
        else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
    }
}
