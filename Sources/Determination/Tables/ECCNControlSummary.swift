import Foundation
import DataFormats

/// One ECCN of the newer 55-ECCN summary (`eccn_controls.csv`, eCFR 2026-09-24).
public struct ECCNSummaryEntry: Sendable, Hashable {
    /// The ECCN, e.g. `5A002`, or `EAR99`.
    public var eccn: String
    /// The reasons for control, e.g. `[NS, AT]` (empty for the gap rows).
    public var reasonsForControl: [String]
    /// The License Requirements rows, in file order.
    public var controls: [ECCNControl]
    /// The list-based license exception lines (`eccn_license_exceptions.csv`), in file order.
    public var licenseExceptions: [ECCNLicenseException]
}

/// The newer, partial ECCN summary, kept apart from the full (older) CCL.
///
/// It is newer than the CCL (2026-09-24 against ≤ 2026-06-25) but covers 55 ECCNs only; which one
/// wins where they differ is the engine's decision, so the two are not merged here.
public struct ECCNControlSummary: Sendable {
    /// The provenance of the controls and the exceptions files.
    public let sources: [TableSource]
    /// Every ECCN, in the order first seen in the controls file.
    public let entries: [ECCNSummaryEntry]
    private let index: [String: Int]

    /// The entry of `eccn`.
    public subscript(eccn: String) -> ECCNSummaryEntry? {
        index[eccn].map { entries[$0] }
    }

    init(files: TableFiles) throws(TableDataError) {
        let controlsFile = try files.source(.eccnControls).file
        let controlRows = try files.rows(.eccnControls, columns: ECCNRows.controlColumns)
        let controls = try ECCNRows.controls(controlRows)
        var order: [String] = []
        for row in controlRows where !order.contains(row.text("eccn")) {
            order.append(row.text("eccn"))
        }
        var exceptions: [String: [ECCNLicenseException]] = [:]
        let columns = ["eccn", "exception", "lvs_value_usd", "eligibility_as_listed_in_eccn"]
        for row in try files.rows(.eccnLicenseExceptions, columns: columns) {
            let eccn = try row.required("eccn")
            guard controls[eccn] != nil else {
                throw row.error("eccn", .unknownReference("ECCN \(eccn) has no rows in \(controlsFile)"))
            }
            var values: [Int] = []
            for part in row.text("lvs_value_usd").split(separator: "/") {
                guard let value = Int(part) else {
                    throw row.error("lvs_value_usd", .invalidValue("\"\(part)\" is not a whole number of dollars"))
                }
                values.append(value)
            }
            let exception = ECCNLicenseException(
                code: try row.required("exception"), condition: row.optional("eligibility_as_listed_in_eccn"),
                valuesUSD: values, location: row.location)
            exceptions[eccn, default: []].append(exception)
        }
        self.entries = order.map { eccn in
            ECCNSummaryEntry(
                eccn: eccn, reasonsForControl: controls[eccn]?.reasons ?? [], controls: controls[eccn]?.rows ?? [],
                licenseExceptions: exceptions[eccn] ?? [])
        }
        self.index = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        self.sources = [try files.source(.eccnControls), try files.source(.eccnLicenseExceptions)]
    }
}
