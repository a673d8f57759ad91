import Foundation
import DataFormats

/// A Part 744 end-use or end-user control, as summarised with a confidence mark.
///
/// These rows are summaries, not parsed regulation text: check `confidence` and `verification`
/// before a finding relies on one.
public struct EndUseEndUserControl: Sendable, Hashable {
    /// The EAR section, e.g. `744.21`.
    public var section: String
    /// The control's name.
    public var control: String
    /// What triggers it (knowledge, end use, end user).
    public var trigger: String
    /// The items it covers.
    public var itemsInScope: String
    /// What follows (license requirement, review policy).
    public var consequence: String
    /// `H`, `M` or `L`, possibly with a remark (e.g. `M (country list)`).
    public var confidence: String
    /// How and whether the summary was checked against the regulation.
    public var verification: String
    /// Where the row is.
    public var location: RowLocation
}

/// A Part 740 license exception, as summarised with a confidence mark.
public struct LicenseExceptionSummary: Sendable, Hashable {
    /// The exception code, e.g. `LVS` (some rows group codes, e.g. `AIA/ACM/LPP`).
    public var code: String
    /// The EAR section, e.g. `740.3`.
    public var section: String
    /// What it allows and under which conditions (a summary).
    public var summary: String
    /// The value limit, where the summary states one.
    public var valueLimit: String?
    /// `H`, `M` or `L`, possibly with a remark.
    public var confidence: String
    /// Where the row is.
    public var location: RowLocation
}

extension ReferenceTable where Row == EndUseEndUserControl {
    static func load(files: TableFiles) throws(TableDataError) -> Self {
        let columns = ["section", "control", "trigger", "items_in_scope", "consequence", "confidence", "verification"]
        var rows: [(key: String, row: EndUseEndUserControl, location: RowLocation)] = []
        for row in try files.rows(.endUseEndUserControls, columns: columns) {
            let control = EndUseEndUserControl(
                section: try row.required("section"), control: try row.required("control"),
                trigger: try row.required("trigger"), itemsInScope: try row.required("items_in_scope"),
                consequence: try row.required("consequence"), confidence: try row.required("confidence"),
                verification: try row.required("verification"), location: row.location)
            rows.append((control.section, control, row.location))
        }
        return try ReferenceTable(source: files.source(.endUseEndUserControls), rows: rows, keyColumn: "section")
    }
}

extension ReferenceTable where Row == LicenseExceptionSummary {
    static func load(files: TableFiles) throws(TableDataError) -> Self {
        var rows: [(key: String, row: LicenseExceptionSummary, location: RowLocation)] = []
        for row in try files.rows(
            .licenseExceptions, columns: ["code", "section", "summary", "value_limit", "confidence"])
        {
            let exception = LicenseExceptionSummary(
                code: try row.required("code"), section: try row.required("section"),
                summary: try row.required("summary"), valueLimit: row.optional("value_limit"),
                confidence: try row.required("confidence"), location: row.location)
            rows.append((exception.code, exception, row.location))
        }
        return try ReferenceTable(source: files.source(.licenseExceptions), rows: rows, keyColumn: "code")
    }
}
