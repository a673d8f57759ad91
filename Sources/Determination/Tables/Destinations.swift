import Foundation
import DataFormats

/// A destination under a Part 746 embargo or special control (`embargo_destinations.csv`).
public struct EmbargoDestination: Sendable, Hashable {
    /// ISO code, or a sub-region code such as `UA-43` (Crimea) or `UA-DNR/LNR`.
    public var code: String
    /// The destination's name.
    public var destination: String
    /// The Part 746 section, e.g. `746.2`.
    public var section: String
    /// A summary of the license requirement (not the regulation's words).
    public var licenseScopeSummary: String
    /// The related country group or other regime (e.g. `E:2; OFAC also administers embargo`).
    public var groupOrRelated: String?
    /// The sources the summary was written from.
    public var source: String
    /// Where the row is.
    public var location: RowLocation
}

/// A country in Supp. No. 3 to Part 746 (partners excluded from some Russia/Belarus rules).
public struct PartnerCountry: Sendable, Hashable {
    /// ISO 3166-1 alpha-2 code.
    public var code: String
    /// How far the exclusion reaches, e.g. `Full`.
    public var scope: String
    /// The Federal Register rule that added the country, as printed.
    public var addedBy: String
    /// Where the row is.
    public var location: RowLocation
}

/// A destination on the UN arms-embargo list of § 746.1(b)(2).
public struct UNArmsEmbargoDestination: Sendable, Hashable {
    /// ISO 3166-1 alpha-2 code.
    public var code: String
    /// Where the listing comes from.
    public var basis: String
    /// A curator's note (e.g. a disagreement with the Country Chart), if any.
    public var note: String?
    /// Where the row is.
    public var location: RowLocation
}

extension ReferenceTable where Row == EmbargoDestination {
    static func load(files: TableFiles) throws(TableDataError) -> Self {
        let columns = ["code", "destination", "section", "license_scope_summary", "group_or_related", "source"]
        var rows: [(key: String, row: EmbargoDestination, location: RowLocation)] = []
        for row in try files.rows(.embargoDestinations, columns: columns) {
            let destination = EmbargoDestination(
                code: try row.required("code"), destination: try row.required("destination"),
                section: try row.required("section"), licenseScopeSummary: try row.required("license_scope_summary"),
                groupOrRelated: row.optional("group_or_related"), source: try row.required("source"),
                location: row.location)
            rows.append((destination.code, destination, row.location))
        }
        return try ReferenceTable(source: files.source(.embargoDestinations), rows: rows, keyColumn: "code")
    }
}

extension ReferenceTable where Row == PartnerCountry {
    static func load(files: TableFiles) throws(TableDataError) -> Self {
        var rows: [(key: String, row: PartnerCountry, location: RowLocation)] = []
        for row in try files.rows(.russiaBelarusPartnerCountries, columns: ["iso2", "scope", "added_by"]) {
            let country = PartnerCountry(
                code: try row.required("iso2"), scope: try row.required("scope"), addedBy: try row.required("added_by"),
                location: row.location)
            rows.append((country.code, country, row.location))
        }
        return try ReferenceTable(source: files.source(.russiaBelarusPartnerCountries), rows: rows, keyColumn: "iso2")
    }
}

extension ReferenceTable where Row == UNArmsEmbargoDestination {
    static func load(files: TableFiles) throws(TableDataError) -> Self {
        var rows: [(key: String, row: UNArmsEmbargoDestination, location: RowLocation)] = []
        for row in try files.rows(.unArmsEmbargoDestinations, columns: ["iso2", "basis", "note"]) {
            let destination = UNArmsEmbargoDestination(
                code: try row.required("iso2"), basis: try row.required("basis"), note: row.optional("note"),
                location: row.location)
            rows.append((destination.code, destination, row.location))
        }
        return try ReferenceTable(source: files.source(.unArmsEmbargoDestinations), rows: rows, keyColumn: "iso2")
    }
}
