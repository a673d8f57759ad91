import Foundation
import DataFormats

/// One row of an ECCN's License Requirements table: a reason for control and where it applies.
public struct ECCNControl: Sendable, Hashable {
    /// The reason for control (`NS`, `MT`, `AT`, …), or `(LR note)` / `(other)` for notes and pointers;
    /// nil only in the summary's `EAR99` row and its gap rows (controls not captured).
    public var reason: String?
    /// The paragraphs the row covers, as the eCFR words them (e.g. `entire entry except 0A501.y`).
    public var appliesTo: String?
    /// The Country Chart column the row points to, when it names one.
    public var chartColumn: ChartColumn?
    /// The destination rule when the row names no chart column (e.g. `To or within any destination worldwide.`).
    public var nonChartDestinationRule: String?
    /// The EAR sections the row cites, as written.
    public var cite: String?
    /// Where the row is.
    public var location: RowLocation
}

/// An ECCN of the Commerce Control List (Supp. No. 1 to Part 774) with its controls and exceptions.
public struct CCLEntry: Sendable, Hashable {
    /// The ECCN, e.g. `3A001`.
    public var eccn: String
    /// The CCL category digit, `0`…`9`.
    public var category: String
    /// The product group heading, e.g. `A. End items, equipment, …`.
    public var productGroup: String
    /// The entry heading (shortened by hand in places; not regulation text).
    public var heading: String
    /// The LVS line (a value or `N/A`).
    public var lvs: String?
    /// `Yes`, `Yes (partial)` or `No`.
    public var gbs: String?
    /// The Special Conditions for STA note (shortened by hand).
    public var staNote: String?
    /// A summary of the List of Items (shortened by hand).
    public var itemsSummary: String?
    /// The date of the CCL text the entry was read from.
    public var sourceDate: String
    /// The entry's reasons for control, e.g. `[NS, MT, AT]` (empty for ITAR pointers and empty entries).
    public var reasonsForControl: [String]
    /// The License Requirements rows, in file order (empty for entries without a table).
    public var controls: [ECCNControl]
    /// The list-based license exceptions and STA lines, in file order.
    public var licenseExceptions: [ECCNLicenseException]
    /// Where the entry row is.
    public var location: RowLocation
}

/// A list-based license exception line of an ECCN (LVS, GBS, TSR, STA, …) with its condition text.
public struct ECCNLicenseException: Sendable, Hashable {
    /// The exception code, e.g. `LVS`.
    public var code: String
    /// The eligibility text as the entry states it.
    public var condition: String?
    /// The dollar values the line states (LVS; several for split limits such as `1500/3000/5000`).
    public var valuesUSD: [Int]
    /// Where the row is.
    public var location: RowLocation
}

/// The whole Commerce Control List: every ECCN entry joined with its controls and exceptions.
public struct CommerceControlList: Sendable {
    /// The provenance of the entries, controls and exceptions files.
    public let sources: [TableSource]
    private let table: ReferenceTable<CCLEntry>

    /// Every entry, in file order.
    public var entries: [CCLEntry] { table.rows }

    /// The entry of `eccn` (e.g. `3A001`).
    public subscript(eccn: String) -> CCLEntry? {
        table[eccn]
    }

    init(files: TableFiles) throws(TableDataError) {
        let controls = try ECCNRows.controls(files.rows(.cclControls, columns: ECCNRows.controlColumns))
        var exceptions: [String: [ECCNLicenseException]] = [:]
        for row in try files.rows(.cclLicenseExceptions, columns: ["eccn", "exception", "condition"]) {
            let exception = ECCNLicenseException(
                code: try row.required("exception"), condition: row.optional("condition"), valuesUSD: [],
                location: row.location)
            exceptions[try row.required("eccn"), default: []].append(exception)
        }
        let columns = [
            "eccn", "category", "product_group", "heading", "lvs", "gbs", "sta_note", "list_of_items_summary",
            "source_date",
        ]
        var entries: [(key: String, row: CCLEntry, location: RowLocation)] = []
        for row in try files.rows(.cclEntries, columns: columns) {
            let eccn = try row.required("eccn")
            let entry = CCLEntry(
                eccn: eccn, category: try row.required("category"), productGroup: try row.required("product_group"),
                heading: try row.required("heading"), lvs: row.optional("lvs"), gbs: row.optional("gbs"),
                staNote: row.optional("sta_note"), itemsSummary: row.optional("list_of_items_summary"),
                sourceDate: try row.required("source_date"), reasonsForControl: controls[eccn]?.reasons ?? [],
                controls: controls[eccn]?.rows ?? [], licenseExceptions: exceptions[eccn] ?? [],
                location: row.location)
            entries.append((eccn, entry, row.location))
        }
        let table = try ReferenceTable(source: files.source(.cclEntries), rows: entries, keyColumn: "eccn")
        try ECCNRows.requireKnown(controls.mapValues { $0.rows.map(\.location) }, in: table, column: "eccn")
        try ECCNRows.requireKnown(exceptions.mapValues { $0.map(\.location) }, in: table, column: "eccn")
        self.table = table
        self.sources = [
            try files.source(.cclEntries), try files.source(.cclControls), try files.source(.cclLicenseExceptions),
        ]
    }
}

/// Reading the control rows shared by `ccl/ccl_controls.csv` and `eccn_controls.csv`.
enum ECCNRows {
    static let controlColumns = [
        "eccn", "reasons_for_control", "reason", "applies_to", "chart_column", "non_chart_destination_rule", "cite",
    ]

    /// Control rows grouped by ECCN, with the ECCN's reasons for control (which all its rows must agree on).
    static func controls(_ rows: [CSVRow]) throws(TableDataError)
        -> [String: (reasons: [String], rows: [ECCNControl])]
    {
        var result: [String: (reasons: [String], rows: [ECCNControl])] = [:]
        for row in rows {
            let eccn = try row.required("eccn")
            let reasons = row.text("reasons_for_control").split(separator: ",").map {
                $0.trimmed
            }
            var column: ChartColumn?
            if let text = row.optional("chart_column") {
                guard let known = ChartColumn(rawValue: text) else {
                    throw row.error("chart_column", .invalidValue("\"\(text)\" is not a Country Chart column"))
                }
                column = known
            }
            let control = ECCNControl(
                reason: row.optional("reason"), appliesTo: row.optional("applies_to"), chartColumn: column,
                nonChartDestinationRule: row.optional("non_chart_destination_rule"), cite: row.optional("cite"),
                location: row.location)
            if let existing = result[eccn] {
                guard existing.reasons == reasons else {
                    throw row.error(
                        "reasons_for_control",
                        .invalidValue(
                            "\(eccn) has reasons \"\(row.text("reasons_for_control"))\" here but "
                                + "\"\(existing.reasons.joined(separator: ","))\" on line \(existing.rows[0].location.line)"
                        ))
                }
            }
            result[eccn, default: (reasons, [])].rows.append(control)
        }
        return result
    }

    /// Fails on the first row (by line) whose ECCN is not in `table`.
    static func requireKnown<Row>(
        _ locations: [String: [RowLocation]], in table: ReferenceTable<Row>, column: String
    ) throws(TableDataError) {
        let unknown = locations.filter { table[$0.key] == nil }
            .flatMap { eccn, places in places.map { (eccn, $0) } }
            .min { $0.1.line < $1.1.line }
        if let (eccn, place) = unknown {
            throw TableDataError(
                .ear, file: place.file, line: place.line, column: column,
                problem: .unknownReference("ECCN \(eccn) has no entry in \(table.source.file)"))
        }
    }
}
