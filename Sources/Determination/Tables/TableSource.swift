import Foundation
import DataFormats

/// Where one table file came from and the regulation date it reflects, as `tables.json` states.
public struct TableSource: Sendable, Hashable, Codable {
    /// The manifest key of the table, e.g. `country-chart`.
    public var table: String
    /// The short name used in the data version, e.g. `chart`.
    public var label: String
    /// The file, relative to the EAR data folder.
    public var file: String
    /// The source it was taken from (repository, commit, document), as PROVENANCE.md names it.
    public var source: String
    /// The regulation date the file reflects, as stated (e.g. `2026-09-24`, `≤ 2026-06-25`).
    public var vintage: String
}

/// A row's place in its file, so a finding can cite the data it came from.
public struct RowLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file, relative to the EAR data folder.
    public var file: String
    /// The 1-based line the row starts on.
    public var line: Int

    /// Creates a place in a file.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `file:line`.
    public var description: String { "\(file):\(line)" }
}

/// The rows of one table file in file order, with its provenance and a lookup by key.
public struct ReferenceTable<Row: Sendable & Hashable>: Sendable {
    /// Where the file came from and its regulation date.
    public let source: TableSource
    /// Every row, in file order.
    public let rows: [Row]
    private let index: [String: Int]

    /// The row whose key (country code, section or exception code) is `key`.
    public subscript(key: String) -> Row? {
        index[key].map { rows[$0] }
    }

    init(source: TableSource, rows: [(key: String, row: Row, location: RowLocation)], keyColumn: String)
        throws(TableDataError)
    {
        var index: [String: Int] = [:]
        for (position, entry) in rows.enumerated() {
            if let first = index[entry.key] {
                throw TableDataError(
                    .ear, file: entry.location.file, line: entry.location.line, column: keyColumn,
                    problem: .duplicateKey("\(entry.key) is already on line \(rows[first].location.line)"))
            }
            index[entry.key] = position
        }
        self.source = source
        self.rows = rows.map(\.row)
        self.index = index
    }
}

/// The table keys `tables.json` must list, one entry each.
enum TableKey: String, CaseIterable {
    case cclEntries = "ccl-entries"
    case cclControls = "ccl-controls"
    case cclLicenseExceptions = "ccl-license-exceptions"
    case eccnControls = "eccn-controls"
    case eccnLicenseExceptions = "eccn-license-exceptions"
    case countryChart = "country-chart"
    case countryChartFootnotes = "country-chart-footnotes"
    case countryGroups = "country-groups"
    case embargoDestinations = "embargo-destinations"
    case endUseEndUserControls = "end-use-end-user-controls"
    case licenseExceptions = "license-exceptions"
    case russiaBelarusPartnerCountries = "russia-belarus-partner-countries"
    case unArmsEmbargoDestinations = "un-arms-embargo-destinations"
    case destinationRules = "destination-rules"
    case facts = "facts"
    case endUseRules = "end-use-rules"
    case embargoRules = "embargo-rules"
    case regimes = "regimes"
    case scopeOverrides = "scope-overrides"
    case entryKinds = "entry-kinds"
    case destinationSets = "destination-sets"
    case staParagraphs = "sta-paragraphs"
    case headquartersRules = "headquarters-rules"
    case chartFootnoteRules = "chart-footnote-rules"
}

extension TableDataset {
    /// The EAR tables (`Data/ear`).
    static let ear = TableDataset(
        unreadableAdvice: "Check that the EAR data folder (Data/ear, shipped as BundledData.earDirectory) is present and readable",
        manifestAdvice: "Fix tables.json in the EAR data folder: each table needs exactly one entry with table, label, file, source and vintage",
        correctionAdvice: "Correct the file against its source (see PROVENANCE.md in the EAR data folder); curated tables are never loaded in part")
}

/// The EAR folder's `tables.json` and the CSV files it names, read by `TableIndex`.
struct TableFiles {
    private let index: TableIndex
    /// Every manifest entry, in manifest order.
    let sources: [TableSource]

    init(directory: URL) throws(TableDataError) {
        index = try TableIndex(
            directory: directory, dataset: .ear, rules: .init(keys: TableKey.allCases.map(\.rawValue), labels: true, dated: false))
        sources = index.entries.map {
            TableSource(table: $0.table, label: $0.label ?? "", file: $0.file, source: $0.source, vintage: $0.vintage)
        }
    }

    /// The manifest entry of `key`.
    func source(_ key: TableKey) throws(TableDataError) -> TableSource {
        let entry = try index.entry(key.rawValue)
        return TableSource(table: entry.table, label: entry.label ?? "", file: entry.file, source: entry.source, vintage: entry.vintage)
    }

    /// The data rows of the file of `key`, checked to have exactly the header `columns`.
    func rows(_ key: TableKey, columns: [String]) throws(TableDataError) -> [CSVRow] {
        try index.rows(key.rawValue, columns: columns)
    }
}
