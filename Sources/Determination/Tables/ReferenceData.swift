import Foundation
import DataFormats

/// All EAR reference tables the determination engine reads, loaded together from one folder.
///
/// A value: load it once, share it between tasks, and load a new one beside it when the data changes.
public struct ReferenceData: Sendable {
    /// The full Commerce Control List (638 entries; eCFR export ≤ 2026-06-25).
    public let ccl: CommerceControlList
    /// The newer 55-ECCN summary (eCFR 2026-09-24), not merged into `ccl`.
    public let eccnSummary: ECCNControlSummary
    /// The Commerce Country Chart (Supp. No. 1 to Part 738).
    public let countryChart: CountryChart
    /// Country group memberships (Supp. No. 1 to Part 740), keyed by ISO code.
    public let countryGroups: ReferenceTable<CountryGroupMembership>
    /// Part 746 embargo and special-control destinations, keyed by code.
    public let embargoDestinations: ReferenceTable<EmbargoDestination>
    /// Part 744 end-use / end-user controls (summaries), keyed by section.
    public let endUseEndUserControls: ReferenceTable<EndUseEndUserControl>
    /// Part 740 license exceptions (summaries), keyed by code.
    public let licenseExceptions: ReferenceTable<LicenseExceptionSummary>
    /// Supp. No. 3 to Part 746 partner countries, keyed by ISO code.
    public let russiaBelarusPartnerCountries: ReferenceTable<PartnerCountry>
    /// The § 746.1(b)(2) UN arms-embargo destinations, keyed by ISO code.
    public let unArmsEmbargoDestinations: ReferenceTable<UNArmsEmbargoDestination>
    /// Clearance's rule tables (`rules/`): how the engine reads the wording of the tables above.
    public let rules: RuleTables
    /// The rules regulators change that the engine applies beside the CCL lines: STA paragraphs, the
    /// headquarters rule, the Country Chart footnotes (`rules/`), each row with its source.
    public let regulationRules: RegulationRules
    /// Every file's provenance, in `tables.json` order.
    public let sources: [TableSource]
    /// The regulation dates of the tables, e.g. `EAR tables: CCL ≤ 2026-06-25; chart 2026-09-24; …`.
    ///
    /// Derived from `tables.json`, so a determination can record exactly which data it used.
    public let dataVersion: String

    /// Loads every table named by `tables.json` in `directory` (e.g. `BundledData.earDirectory`).
    public init(directory: URL) throws(TableDataError) {
        let files = try TableFiles(directory: directory)
        self.ccl = try CommerceControlList(files: files)
        self.eccnSummary = try ECCNControlSummary(files: files)
        self.countryChart = try CountryChart(files: files)
        self.countryGroups = try .load(files: files)
        self.embargoDestinations = try .load(files: files)
        self.endUseEndUserControls = try .load(files: files)
        self.licenseExceptions = try .load(files: files)
        self.russiaBelarusPartnerCountries = try .load(files: files)
        self.unArmsEmbargoDestinations = try .load(files: files)
        self.rules = try RuleTables(files: files)
        self.regulationRules = try RegulationRules(files: files)
        self.sources = files.sources
        var parts: [String] = []
        for source in files.sources where !parts.contains("\(source.label) \(source.vintage)") {
            parts.append("\(source.label) \(source.vintage)")
        }
        self.dataVersion = "EAR tables: " + parts.joined(separator: "; ")
    }
}
