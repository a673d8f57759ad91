import Foundation
import DataFormats

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

extension TableDataset {
    /// The data-transfer tables (`Data/trade/transfers`).
    static let transfers = TableDataset(
        unreadableAdvice:
            "Check that the transfers data folder (Data/trade/transfers, shipped as BundledData.transfersDirectory) is present and readable",
        manifestAdvice:
            "Fix tables.json in the transfers data folder: it needs snapshot, coverage and one entry per table with table, file, source and vintage",
        correctionAdvice:
            "Correct the file against its source (see PROVENANCE.md in the transfers data folder); curated tables are never loaded in part")
}

/// The transfers folder's `tables.json` and the CSV files it names, read by `TableIndex`.
struct TransferTableFiles {
    /// The fields the transfers index adds to `TableIndex`'s.
    private struct Manifest: Decodable {
        var snapshot: String
        var corrections: [Int]
    }

    private let index: TableIndex
    let snapshot: String
    let corrections: [Int]
    let coverage: ClosedRange<CivilDate>
    let sources: [TransferTableSource]

    init(directory: URL) throws(TableDataError) {
        index = try TableIndex(
            directory: directory, dataset: .transfers,
            rules: .init(keys: TransferTableKey.allCases.map(\.rawValue), labels: false, dated: true))
        let manifest = try index.manifest(as: Manifest.self)
        guard !manifest.snapshot.isEmpty else { throw index.manifestError("snapshot is empty") }
        guard let coverage = index.coverage else { throw index.manifestError("coverage is missing", column: "coverage") }
        self.snapshot = manifest.snapshot
        self.corrections = manifest.corrections
        self.coverage = coverage
        self.sources = index.entries.map {
            TransferTableSource(table: $0.table, file: $0.file, source: $0.source, vintage: $0.vintage, staleAfterDays: $0.staleAfterDays ?? 0)
        }
    }

    /// The data rows of the file of `key`, checked to have exactly the header `columns`.
    func rows(_ key: TransferTableKey, columns: [String]) throws(TableDataError) -> [CSVRow] {
        try index.rows(key.rawValue, columns: columns)
    }
}

extension CSVRow {
    /// `file:line`, for outputs that cite the data.
    var place: String { "\(file):\(line)" }

    /// An error at this row's `column`.
    func invalid(_ column: String, _ why: String) -> TableDataError {
        TableDataError(.transfers, file: file, line: line, column: column, problem: .invalidValue(why))
    }

    /// The cell of `column`, which must not be empty.
    func required(_ column: String) throws(TableDataError) -> String {
        let value = text(column)
        guard !value.isEmpty else { throw invalid(column, "the cell is empty; this table needs a value") }
        return value
    }

    /// The cell of `column` as a date, or nil when empty.
    func date(_ column: String) throws(TableDataError) -> CivilDate? {
        guard let text = optional(column) else { return nil }
        guard let date = CivilDate(text) else { throw invalid(column, "\"\(text)\" is not a date (YYYY-MM-DD)") }
        return date
    }

    /// The cell of `column` split at `;`, trimmed, empty parts dropped.
    func list(_ column: String) -> [String] {
        text(column).split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
