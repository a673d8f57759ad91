import Foundation
import Tabular

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
        throws(ReferenceDataError)
    {
        var index: [String: Int] = [:]
        for (position, entry) in rows.enumerated() {
            if let first = index[entry.key] {
                throw ReferenceDataError(
                    file: entry.location.file, line: entry.location.line, column: keyColumn,
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
enum TableKey: String {
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
}

/// `tables.json` read and checked, and the CSV files it names.
struct TableFiles {
    static let manifestName = "tables.json"

    let directory: URL
    /// Every manifest entry, in manifest order.
    let sources: [TableSource]
    private let byKey: [TableKey: TableSource]

    init(directory: URL) throws(ReferenceDataError) {
        struct Manifest: Decodable { var tables: [TableSource] }
        let data = try Self.read(directory.appendingPathComponent(Self.manifestName), name: Self.manifestName)
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw Self.manifestError("it does not decode (\(error))")
        }
        var byKey: [TableKey: TableSource] = [:]
        for entry in manifest.tables {
            guard let key = TableKey(rawValue: entry.table) else {
                throw Self.manifestError("unknown table \"\(entry.table)\"")
            }
            guard byKey[key] == nil else { throw Self.manifestError("table \"\(entry.table)\" is listed twice") }
            guard !entry.file.isEmpty, !entry.label.isEmpty, !entry.source.isEmpty, !entry.vintage.isEmpty else {
                throw Self.manifestError("table \"\(entry.table)\" has an empty file, label, source or vintage")
            }
            byKey[key] = entry
        }
        self.directory = directory
        self.sources = manifest.tables
        self.byKey = byKey
    }

    /// The manifest entry of `key`.
    func source(_ key: TableKey) throws(ReferenceDataError) -> TableSource {
        guard let source = byKey[key] else { throw Self.manifestError("table \"\(key.rawValue)\" is missing") }
        return source
    }

    /// The data rows of the file of `key`, checked to have exactly the header `columns`.
    func rows(_ key: TableKey, columns: [String]) throws(ReferenceDataError) -> [CSVRow] {
        let file = try source(key).file
        let data = try Self.read(directory.appendingPathComponent(file), name: file)
        do {
            return try CSVTable.rows(in: data, file: file, expected: columns)
        } catch {
            throw ReferenceDataError(error)
        }
    }

    private static func read(_ url: URL, name: String) throws(ReferenceDataError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ReferenceDataError(
                file: name, line: nil, column: nil, problem: .unreadable(error.localizedDescription))
        }
    }

    private static func manifestError(_ what: String) -> ReferenceDataError {
        ReferenceDataError(file: manifestName, line: nil, column: nil, problem: .badManifest(what))
    }
}
