import DataFormats

extension TableDataset {
    /// The tariff tables (`Data/trade/tariffs`).
    static let tariffs = TableDataset(
        unreadableAdvice: "Check that the tariff data folder (Data/trade/tariffs, shipped as BundledData.tariffsDirectory) is present and readable",
        manifestAdvice: "Correct the file against its source (Data/trade/tariffs/PROVENANCE.md); tariff tables are never loaded in part",
        correctionAdvice: "Correct the file against its source (Data/trade/tariffs/PROVENANCE.md); tariff tables are never loaded in part")
}

extension CSVRow {
    /// An error at this row and `column`.
    func failure(_ column: String, _ message: String) -> TableDataError {
        TableDataError(.tariffs, file: file, line: line, column: column, problem: .invalidValue(message))
    }

    /// The cell of `column`, which must not be empty.
    func required(_ column: String) throws(TableDataError) -> String {
        let value = text(column)
        guard !value.isEmpty else { throw failure(column, "the cell is empty but is required") }
        return value
    }

    /// The cell of `column` as a `YYYY-MM-DD` date; nil when empty.
    func date(_ column: String) throws(TableDataError) -> CivilDate? {
        guard let text = optional(column) else { return nil }
        guard let date = CivilDate(text) else { throw failure(column, "\"\(text)\" is not a YYYY-MM-DD date") }
        return date
    }

    /// The cell of `column` as a percentage (`25`, `7.5`).
    func percent(_ column: String) throws(TableDataError) -> Percent {
        let text = try required(column)
        guard let rate = Percent(percent: text) else { throw failure(column, "\"\(text)\" is not a percentage") }
        return rate
    }

    /// The cell of `column` as a Chapter 99 heading `9903.NN.NN`.
    func heading(_ column: String) throws(TableDataError) -> String {
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
