import Foundation
import DataFormats

/// Every tariff table the duty engine reads, loaded and cross-checked, with the dates it covers.
public struct TariffData: Sendable {
    /// The entry dates the data answers for; other dates are refused, not guessed.
    public let coverage: ClosedRange<CivilDate>
    /// The compilation date (the end of `coverage`) and each table's age limit.
    public let freshness: DataFreshness
    /// Each table and where it came from.
    public let sources: [TariffTableSource]
    /// The data version every answer cites: the tables' vintages and the corrections applied.
    public let version: String

    let schedule: Schedule
    let section301: Section301Table
    let section232: Section232Table
    let countryRates: CountryRates
    let support: SupportTables
    /// Subheadings whose duty can depend on the statistical suffix.
    let suffixDependent: Set<String>
    let countryCodes: Set<String>

    /// Every 8-digit subheading of the schedule, in order.
    public var subheadings: [HTSCode] { schedule.lines.keys.sorted().compactMap(HTSCode.init) }

    /// The 10-digit statistical numbers under `subheading`, in order.
    public func statisticalNumbers(under subheading: HTSCode) -> [HTSCode] {
        (schedule.suffixes[subheading.subheading] ?? []).compactMap(HTSCode.init)
    }

    /// Whether `code` is in the schedule: an 8-digit subheading or a 10-digit statistical number.
    public func contains(_ code: HTSCode) -> Bool {
        code.isStatistical ? schedule.statistical[code.digits] != nil : schedule.lines[code.digits] != nil
    }

    /// The schedule's description of `code`, nil when it is not in the schedule.
    public func description(of code: HTSCode) -> String? {
        guard let line = schedule.lines[code.subheading] else { return nil }
        guard code.isStatistical else { return line.description }
        return schedule.statistical[code.digits].map { "\(line.description); \($0)" }
    }

    /// The valid numbers nearest to `code`, for an error message.
    public func nearest(to code: HTSCode) -> [HTSCode] {
        schedule.nearest(to: code.digits).compactMap(HTSCode.init)
    }

    /// Loads the tables in `directory` (`tables.json` and the files it names).
    public init(directory: URL) throws(TableDataError) {
        let files = try TariffTableFiles(directory: directory)
        schedule = try Schedule(
            mfn: files.rows("mfn", columns: Schedule.mfnColumns),
            statistical: files.rows("statistical", columns: Schedule.statisticalColumns))
        section301 = try Section301Table(
            products: files.rows("section301", columns: Section301Table.columns),
            described: files.rows("section301-described", columns: Section301Table.describedColumns),
            exclusions: files.rows("section301-exclusions", columns: Section301Table.exclusionColumns),
            validity: files.rows("exclusion-validity", columns: Section301Table.validityColumns))
        section232 = try Section232Table(
            products: files.rows("section232", columns: Section232Table.columns),
            rates: files.rows("section232-rates", columns: Section232Table.rateColumns),
            facts: files.rows("section232-facts", columns: Section232Table.factColumns))
        countryRates = try CountryRates(
            rows: files.rows("country-rates", columns: CountryRates.columns),
            corrections: files.rows("rate-corrections", columns: CountryRates.correctionColumns))
        support = try SupportTables(
            exemptions: files.rows("exemptions", columns: SupportTables.exemptionColumns),
            groups: files.rows("origin-groups", columns: SupportTables.groupColumns),
            column2: files.rows("column2", columns: SupportTables.column2Columns),
            reviews: files.rows("review-windows", columns: SupportTables.reviewColumns),
            exempt: files.rows("reciprocal-exempt", columns: SupportTables.exemptColumns))
        coverage = files.coverage
        sources = files.sources
        freshness = DataFreshness(
            compiled: files.coverage.upperBound,
            limits: files.sources.map { DataFreshness.Limit(table: $0.table, file: $0.file, staleAfterDays: $0.staleAfterDays) })
        version =
            "\(files.manifest.name) \(files.coverage.lowerBound)..\(files.coverage.upperBound) "
            + "(schedule 2025; HTS 2026 Rev 6; country rates to 2026-07-22; \(files.manifest.corrections))"
        var dependent = section232.statisticalPrefixes
        for (hts8, rows) in section301.rows where rows.contains(where: { $0.coverage != .subheading }) {
            dependent.insert(hts8)
        }
        for code in section301.exclusions.keys { dependent.insert(String(code.prefix(8))) }
        suffixDependent = dependent
        // ISO 3166 alpha-2 countries and territories; not groupings (EU, UN), private-use or reserved codes
        // (AA, QM–QZ, XA–XZ, ZZ), nor the United States, whose goods are not imports.
        let notOrigins: Set<String> = ["EU", "EZ", "UN", "US", "AA", "ZZ"]
        countryCodes = Set(
            Locale.Region.isoRegions.map(\.identifier).filter { code in
                code.utf8.count == 2 && code.allSatisfy(\.isLetter) && !notOrigins.contains(code)
                    && !(code.hasPrefix("Q") && code >= "QM") && !code.hasPrefix("X")
            })
    }
}
