import Tabular

extension CSVRow {
    /// Where this row is, for errors and for findings that cite the data.
    var location: RowLocation { RowLocation(file: file, line: line) }

    /// The cell of `column`, which must not be empty.
    func required(_ column: String) throws(ReferenceDataError) -> String {
        let value = text(column)
        guard !value.isEmpty else { throw error(column, .invalidValue("the cell is empty but is required")) }
        return value
    }

    /// An error placed at this row and `column`.
    func error(_ column: String, _ problem: ReferenceDataError.Problem) -> ReferenceDataError {
        ReferenceDataError(file: file, line: line, column: column, problem: problem)
    }
}

extension ReferenceDataError {
    /// The same syntax or header problem, at the same place.
    init(_ error: CSVTableError) {
        let problem: Problem =
            switch error.problem {
            case .notUTF8: .notUTF8
            case .missingHeader: .missingHeader
            case .missingColumn: .missingColumn
            case .unexpectedColumn: .unexpectedColumn
            case .unterminatedQuote: .unterminatedQuote
            case .strayQuote: .strayQuote
            case .bareCarriageReturn: .bareCarriageReturn
            case .wrongFieldCount(let expected, let found): .wrongFieldCount(expected: expected, found: found)
            case .controlCharacter: .invalidValue(error.message)
            }
        self.init(file: error.file, line: error.line, column: error.column, problem: problem)
    }
}
