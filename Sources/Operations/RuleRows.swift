import DataFormats
import Determination
import Foundation

/// One row of an EAR table as a finding cites it (`rules/end_use_rules.csv:3`): its cells by column, the table's
/// provenance and regulation date, and the row's own effective dates when the table has them.
public struct RuleRow: Sendable, Hashable {
    /// The cited place.
    public var location: RowLocation
    /// The manifest entry of the file: its table key, source and vintage (the regulation date it reflects).
    public var table: TableSource
    /// The row's cells, in column order, named by the header.
    public var cells: [Cell]
    /// The row's `effective_from` cell, when the table dates its rows.
    public var effectiveFrom: String?
    /// The row's `effective_to` cell, when the table dates its rows.
    public var effectiveTo: String?

    /// One cell and its column.
    public struct Cell: Sendable, Hashable {
        public var column: String
        public var value: String
    }
}

/// Reads the rows findings cite from the EAR data folder the determiner was loaded from. Only files named in that
/// folder's `tables.json` are read (a cited place is never a path into anything else); a place that is not a row
/// start of such a file is `InvalidInput` naming it.
public struct RuleRows: Sendable {
    /// The EAR data folder.
    public let directory: URL
    /// The manifest of that folder, as the determiner read it.
    public let sources: [TableSource]

    /// The rows of `directory`, whose manifest is `sources` (`Determiner.reference.sources`).
    public init(directory: URL, sources: [TableSource]) {
        self.directory = directory
        self.sources = sources
    }

    /// The row starting on `line` of `file` (relative to the EAR folder, as a finding cites it).
    public func row(file: String, line: Int) throws(InvalidInput) -> RuleRow {
        guard let table = sources.first(where: { $0.file == file }) else {
            throw InvalidInput("file", "\"\(file)\" is not a table of the EAR data (tables.json names \(sources.count) files)")
        }
        let url = directory.appendingPathComponent(table.file)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw InvalidInput("file", "\(table.file) cannot be read from the EAR data folder: \(error.localizedDescription)")
        }
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(in: data, options: .strict)
        } catch {
            throw InvalidInput("file", "\(table.file): \(error.description)")
        }
        guard let header = records.first else { throw InvalidInput("file", "\(table.file) is empty") }
        guard line > header.line, let record = records.first(where: { $0.line == line }) else {
            throw InvalidInput("line", "line \(line) of \(table.file) is not where a row starts (the header is line \(header.line))")
        }
        let cells = header.fields.enumerated().map { position, column in
            RuleRow.Cell(column: column, value: position < record.fields.count ? record.fields[position] : "")
        }
        func cell(_ column: String) -> String? { cells.first { $0.column == column }.flatMap { $0.value.isEmpty ? nil : $0.value } }
        return RuleRow(
            location: RowLocation(file: table.file, line: line), table: table, cells: cells, effectiveFrom: cell("effective_from"),
            effectiveTo: cell("effective_to"))
    }
}
