import Foundation

/// One table as a `tables.json` index lists it.
public struct TableEntry: Sendable, Hashable, Decodable {
    /// The table key, e.g. `country-chart`.
    public var table: String
    /// A short name for data versions (the EAR tables give one, e.g. `chart`).
    public var label: String?
    /// The file, relative to the data folder (`NAME.zip/FILE` for a file inside an archive).
    public var file: String
    /// The source it was taken from, as the folder's PROVENANCE.md names it.
    public var source: String
    /// The date the file reflects, as stated (e.g. `2026-09-24`, `≤ 2026-06-25`, `2026-03`).
    public var vintage: String
    /// After this many days past the compilation date, answers resting on the table need a person's check.
    public var staleAfterDays: Int?

    enum CodingKeys: String, CodingKey {
        case table, label, file, source, vintage
        case staleAfterDays = "stale_after_days"
    }
}

/// A data folder's `tables.json` read and checked, and the CSV files it names: the one loader of the
/// curated tables (EAR, transfers, tariffs). Every error is a `TableDataError` of the folder's data set.
public struct TableIndex: Sendable {
    /// The index's file name.
    public static let manifestName = "tables.json"

    /// What an index must hold beyond `tables`.
    public struct Rules: Sendable, Hashable {
        /// Every table key, when the set is fixed: an unknown or missing key is an error.
        public var keys: [String]?
        /// Whether each entry needs a `label`.
        public var labels: Bool
        /// Whether the tables are dated: `coverage` (`from` ≤ `to`, `YYYY-MM-DD`) and each entry's `stale_after_days` are needed.
        public var dated: Bool

        /// Rules for an index.
        public init(keys: [String]?, labels: Bool, dated: Bool) {
            self.keys = keys
            self.labels = labels
            self.dated = dated
        }
    }

    private struct Manifest: Decodable {
        struct Coverage: Decodable {
            var from: String
            var to: String
        }
        var coverage: Coverage?
        var tables: [TableEntry]
    }

    /// The tables the folder holds, for errors' advice.
    public let dataset: TableDataset
    /// The data folder.
    public let directory: URL
    /// Every entry, in index order.
    public let entries: [TableEntry]
    /// The days the tables cover, when they are dated.
    public let coverage: ClosedRange<CivilDate>?
    private let manifest: Data
    private let byKey: [String: TableEntry]

    /// Reads and checks `tables.json` in `directory` under `rules`.
    public init(directory: URL, dataset: TableDataset, rules: Rules) throws(TableDataError) {
        self.dataset = dataset
        self.directory = directory
        manifest = try Self.read(directory.appendingPathComponent(Self.manifestName), name: Self.manifestName, dataset: dataset)
        let decoded: Manifest
        do {
            decoded = try JSONDecoder().decode(Manifest.self, from: manifest)
        } catch {
            throw TableDataError(dataset, file: Self.manifestName, problem: .badManifest("it does not decode (\(error))"))
        }
        func fail(_ what: String, column: String? = nil) -> TableDataError {
            TableDataError(dataset, file: Self.manifestName, column: column, problem: .badManifest(what))
        }
        if rules.dated {
            guard let range = decoded.coverage, let from = CivilDate(range.from), let to = CivilDate(range.to), from <= to else {
                throw fail("coverage needs from and to as YYYY-MM-DD, from not after to", column: "coverage")
            }
            coverage = from...to
        } else {
            coverage = nil
        }
        var byKey: [String: TableEntry] = [:]
        for entry in decoded.tables {
            if let keys = rules.keys, !keys.contains(entry.table) { throw fail("unknown table \"\(entry.table)\"") }
            guard byKey[entry.table] == nil else { throw fail("table \"\(entry.table)\" is listed twice") }
            guard !entry.file.isEmpty, !entry.source.isEmpty, !entry.vintage.isEmpty, !rules.labels || entry.label?.isEmpty == false else {
                throw fail("table \"\(entry.table)\" has an empty file, \(rules.labels ? "label, " : "")source or vintage")
            }
            if rules.dated, (entry.staleAfterDays ?? 0) <= 0 {
                throw fail("table \"\(entry.table)\" needs stale_after_days, a positive number of days", column: "stale_after_days")
            }
            byKey[entry.table] = entry
        }
        for key in rules.keys ?? [] where byKey[key] == nil {
            throw fail("table \"\(key)\" is missing")
        }
        entries = decoded.tables
        self.byKey = byKey
    }

    /// The entry of `key`.
    public func entry(_ key: String) throws(TableDataError) -> TableEntry {
        guard let entry = byKey[key] else { throw manifestError("table \"\(key)\" is missing") }
        return entry
    }

    /// The data rows of the file of `key`, checked to have exactly the header `columns`.
    public func rows(_ key: String, columns: [String]) throws(TableDataError) -> [CSVRow] {
        let file = try entry(key).file
        return try rows(in: try data(of: file), file: file, columns: columns)
    }

    /// The data rows of `data`, the contents of `file` (e.g. unpacked from an archive), checked to have exactly the header `columns`.
    public func rows(in data: Data, file: String, columns: [String]) throws(TableDataError) -> [CSVRow] {
        do {
            return try CSVTable.rows(in: data, file: file, expected: columns)
        } catch {
            var error = error
            error.dataset = dataset
            throw error
        }
    }

    /// The bytes of `file`, relative to the data folder.
    public func data(of file: String) throws(TableDataError) -> Data {
        try Self.read(directory.appendingPathComponent(file), name: file, dataset: dataset)
    }

    /// The index decoded as `type`, for the fields a data set adds (a snapshot name, corrections).
    public func manifest<T: Decodable>(as type: T.Type) throws(TableDataError) -> T {
        do {
            return try JSONDecoder().decode(type, from: manifest)
        } catch {
            throw manifestError("it does not decode (\(error))")
        }
    }

    /// An error in `tables.json`.
    public func manifestError(_ what: String, column: String? = nil) -> TableDataError {
        TableDataError(dataset, file: Self.manifestName, column: column, problem: .badManifest(what))
    }

    /// An error in a table file of this data set.
    public func error(file: String, line: Int? = nil, column: String? = nil, problem: TableDataError.Problem) -> TableDataError {
        TableDataError(dataset, file: file, line: line, column: column, problem: problem)
    }

    private static func read(_ url: URL, name: String, dataset: TableDataset) throws(TableDataError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw TableDataError(dataset, file: name, problem: .unreadable(error.localizedDescription))
        }
    }
}
