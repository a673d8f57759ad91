import Foundation
import Tabular

/// Where one transfers table came from and the date it reflects, as `tables.json` states.
public struct TransferTableSource: Sendable, Hashable, Codable {
    /// The manifest key, e.g. `rules`.
    public var table: String
    /// The file, relative to the transfers data folder.
    public var file: String
    /// What it was taken from, as PROVENANCE.md names it.
    public var source: String
    /// The date the file reflects, as stated (e.g. `2026-03`).
    public var vintage: String
    /// After this many days past the compilation date, answers resting on the table need a person's check.
    public var staleAfterDays: Int

    enum CodingKeys: String, CodingKey {
        case table, file, source, vintage
        case staleAfterDays = "stale_after_days"
    }
}

/// The table keys `tables.json` must list, one entry each.
enum TransferTableKey: String, CaseIterable {
    case rules
    case categories
    case categoryMap = "category-map"
    case facts
    case mechanisms
    case ruleSteps = "rule-steps"
    case adequacy
    case countrySets = "country-sets"
    case euMembers = "eu-members"
    case agreements
    case agreementArticles = "agreement-articles"
    case agreementParties = "agreement-parties"
    case carveOuts = "carve-outs"
    case notes
}

/// `tables.json` read and checked, and the CSV files it names.
struct TransferTableFiles {
    static let manifestName = "tables.json"

    private struct Manifest: Decodable {
        struct Coverage: Decodable {
            var from: String
            var to: String
        }
        var snapshot: String
        var corrections: [Int]
        var coverage: Coverage
        var tables: [TransferTableSource]
    }

    let directory: URL
    let snapshot: String
    let corrections: [Int]
    let coverage: ClosedRange<CivilDate>
    let sources: [TransferTableSource]
    private let byKey: [TransferTableKey: TransferTableSource]

    init(directory: URL) throws(TransferDataError) {
        let data = try Self.read(directory.appendingPathComponent(Self.manifestName), name: Self.manifestName)
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw Self.manifestError("it does not decode (\(error))")
        }
        guard let from = CivilDate(manifest.coverage.from), let to = CivilDate(manifest.coverage.to), from <= to else {
            throw Self.manifestError("coverage needs from and to as YYYY-MM-DD, from not after to")
        }
        guard !manifest.snapshot.isEmpty else { throw Self.manifestError("snapshot is empty") }
        var byKey: [TransferTableKey: TransferTableSource] = [:]
        for entry in manifest.tables {
            guard let key = TransferTableKey(rawValue: entry.table) else {
                throw Self.manifestError("unknown table \"\(entry.table)\"")
            }
            guard byKey[key] == nil else { throw Self.manifestError("table \"\(entry.table)\" is listed twice") }
            guard !entry.file.isEmpty, !entry.source.isEmpty, !entry.vintage.isEmpty else {
                throw Self.manifestError("table \"\(entry.table)\" has an empty file, source or vintage")
            }
            guard entry.staleAfterDays > 0 else {
                throw Self.manifestError("table \"\(entry.table)\" needs stale_after_days, a positive number of days")
            }
            byKey[key] = entry
        }
        for key in TransferTableKey.allCases where byKey[key] == nil {
            throw Self.manifestError("table \"\(key.rawValue)\" is missing")
        }
        self.directory = directory
        self.snapshot = manifest.snapshot
        self.corrections = manifest.corrections
        self.coverage = from...to
        self.sources = manifest.tables
        self.byKey = byKey
    }

    /// The data rows of the file of `key`, checked to have exactly the header `columns`.
    func rows(_ key: TransferTableKey, columns: [String]) throws(TransferDataError) -> [CSVRow] {
        // Every key is present: init checked it.
        let file = byKey[key]?.file ?? key.rawValue
        let data = try Self.read(directory.appendingPathComponent(file), name: file)
        do {
            return try CSVTable.rows(in: data, file: file, expected: columns)
        } catch {
            throw TransferDataError(error)
        }
    }

    private static func read(_ url: URL, name: String) throws(TransferDataError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw TransferDataError(file: name, line: nil, column: nil, problem: .unreadable(error.localizedDescription))
        }
    }

    private static func manifestError(_ what: String) -> TransferDataError {
        TransferDataError(file: manifestName, line: nil, column: nil, problem: .badManifest(what))
    }
}

extension CSVRow {
    /// `file:line`, for outputs that cite the data.
    var place: String { "\(file):\(line)" }

    /// An error at this row's `column`.
    func invalid(_ column: String, _ why: String) -> TransferDataError {
        TransferDataError(file: file, line: line, column: column, problem: .invalidValue(why))
    }

    /// The cell of `column`, which must not be empty.
    func required(_ column: String) throws(TransferDataError) -> String {
        let value = text(column)
        guard !value.isEmpty else { throw invalid(column, "the cell is empty; this table needs a value") }
        return value
    }

    /// The cell of `column` as a date, or nil when empty.
    func date(_ column: String) throws(TransferDataError) -> CivilDate? {
        guard let text = optional(column) else { return nil }
        guard let date = CivilDate(text) else { throw invalid(column, "\"\(text)\" is not a date (YYYY-MM-DD)") }
        return date
    }

    /// The cell of `column` split at `;`, trimmed, empty parts dropped.
    func list(_ column: String) -> [String] {
        text(column).split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
