import Foundation
import DataFormats

/// A column of the Commerce Country Chart (Supp. No. 1 to Part 738), e.g. `NS1`.
public enum ChartColumn: String, CaseIterable, Sendable, Hashable {
    case cb1 = "CB1"
    case cb2 = "CB2"
    case cb3 = "CB3"
    case np1 = "NP1"
    case np2 = "NP2"
    case ns1 = "NS1"
    case ns2 = "NS2"
    case mt1 = "MT1"
    case rs1 = "RS1"
    case rs2 = "RS2"
    case fc1 = "FC1"
    case cc1 = "CC1"
    case cc2 = "CC2"
    case cc3 = "CC3"
    case at1 = "AT1"
    case at2 = "AT2"
}

/// One destination's row of the Country Chart.
public struct CountryChartRow: Sendable, Hashable {
    /// ISO 3166-1 alpha-2 code.
    public var code: String
    /// The name as the EAR prints it (e.g. `Korea, North`).
    public var name: String
    /// The footnote numbers attached to the name.
    public var footnotes: [Int]
    /// The columns marked X: a license is required for items controlled under them.
    public var columns: Set<ChartColumn>
    /// The chart's pointer elsewhere (e.g. to Part 746) for destinations the columns do not describe.
    public var specialCase: String?
    /// Where the row is.
    public var location: RowLocation
}

/// The Commerce Country Chart with its footnotes.
public struct CountryChart: Sendable {
    /// The chart file's and the footnote file's provenance.
    public let sources: [TableSource]
    /// Footnote number → a short summary of its text (a summary, not the regulation's words).
    public let footnotes: [Int: String]
    private let table: ReferenceTable<CountryChartRow>

    /// Every row, in file order (200 destinations; the United States and Hong Kong are not in it).
    public var rows: [CountryChartRow] { table.rows }

    /// The row of the destination with ISO code `code`.
    public subscript(code: String) -> CountryChartRow? {
        table[code]
    }

    init(files: TableFiles) throws(TableDataError) {
        var footnotes: [Int: String] = [:]
        for row in try files.rows(.countryChartFootnotes, columns: ["footnote", "summary"]) {
            let number = try row.integer("footnote")
            guard footnotes[number] == nil else {
                throw row.error("footnote", .duplicateKey("footnote \(number) is listed twice"))
            }
            footnotes[number] = try row.required("summary")
        }
        let columns = ["iso2", "ear_name", "footnotes"] + ChartColumn.allCases.map(\.rawValue) + ["special_case"]
        var rows: [(key: String, row: CountryChartRow, location: RowLocation)] = []
        for row in try files.rows(.countryChart, columns: columns) {
            var numbers: [Int] = []
            for part in row.text("footnotes").split(separator: " ") {
                guard let number = Int(part), footnotes[number] != nil else {
                    throw row.error("footnotes", .unknownReference("footnote \"\(part)\" is not in the footnote table"))
                }
                numbers.append(number)
            }
            var marked: Set<ChartColumn> = []
            for column in ChartColumn.allCases where try row.mark(column.rawValue) {
                marked.insert(column)
            }
            let chartRow = CountryChartRow(
                code: try row.required("iso2"), name: try row.required("ear_name"), footnotes: numbers,
                columns: marked, specialCase: row.optional("special_case"), location: row.location)
            rows.append((chartRow.code, chartRow, row.location))
        }
        self.table = try ReferenceTable(source: files.source(.countryChart), rows: rows, keyColumn: "iso2")
        self.sources = [try files.source(.countryChart), try files.source(.countryChartFootnotes)]
        self.footnotes = footnotes
    }
}

/// A country group of Supp. No. 1 to Part 740, e.g. `D:5`.
public enum CountryGroup: String, CaseIterable, Sendable, Hashable {
    case a1 = "A:1"
    case a2 = "A:2"
    case a3 = "A:3"
    case a4 = "A:4"
    case a5 = "A:5"
    case a6 = "A:6"
    case b = "B"
    case d1 = "D:1"
    case d2 = "D:2"
    case d3 = "D:3"
    case d4 = "D:4"
    case d5 = "D:5"
    case e1 = "E:1"
    case e2 = "E:2"
}

/// One country's memberships in the country groups.
public struct CountryGroupMembership: Sendable, Hashable {
    /// ISO 3166-1 alpha-2 code.
    public var code: String
    /// The name as the EAR prints it.
    public var name: String
    /// The groups the country is in.
    public var groups: Set<CountryGroup>
    /// A curator's note on the row (e.g. why it is empty), if any.
    public var note: String?
    /// Where the row is.
    public var location: RowLocation
}

extension ReferenceTable where Row == CountryGroupMembership {
    /// The codes of the countries in `group`.
    public func countries(in group: CountryGroup) -> Set<String> {
        Set(rows.filter { $0.groups.contains(group) }.map(\.code))
    }

    static func load(files: TableFiles) throws(TableDataError) -> Self {
        let columns = ["iso2", "ear_name"] + CountryGroup.allCases.map(\.rawValue) + ["note"]
        var rows: [(key: String, row: CountryGroupMembership, location: RowLocation)] = []
        for row in try files.rows(.countryGroups, columns: columns) {
            var groups: Set<CountryGroup> = []
            for group in CountryGroup.allCases where try row.mark(group.rawValue) {
                groups.insert(group)
            }
            let membership = CountryGroupMembership(
                code: try row.required("iso2"), name: try row.required("ear_name"), groups: groups,
                note: row.optional("note"), location: row.location)
            rows.append((membership.code, membership, row.location))
        }
        return try ReferenceTable(source: files.source(.countryGroups), rows: rows, keyColumn: "iso2")
    }
}

extension CSVRow {
    /// Whether a chart or group cell is marked: `X` is yes, empty is no mark; anything else is an error.
    func mark(_ column: String) throws(TableDataError) -> Bool {
        switch text(column) {
        case "X": return true
        case "": return false
        case let other: throw error(column, .invalidValue("\"\(other)\" is neither X nor empty"))
        }
    }

    /// A cell holding a whole number.
    func integer(_ column: String) throws(TableDataError) -> Int {
        guard let value = Int(text(column)) else {
            throw error(column, .invalidValue("\"\(text(column))\" is not a whole number"))
        }
        return value
    }
}
