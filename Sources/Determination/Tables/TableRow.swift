import DataFormats

extension CSVRow {
    /// Where this row is, for errors and for findings that cite the data.
    var location: RowLocation { RowLocation(file: file, line: line) }

    /// The cell of `column`, which must not be empty.
    func required(_ column: String) throws(TableDataError) -> String {
        let value = text(column)
        guard !value.isEmpty else { throw error(column, .invalidValue("the cell is empty but is required")) }
        return value
    }

    /// An error placed at this row and `column`.
    func error(_ column: String, _ problem: TableDataError.Problem) -> TableDataError {
        TableDataError(.ear, file: file, line: line, column: column, problem: problem)
    }
}
