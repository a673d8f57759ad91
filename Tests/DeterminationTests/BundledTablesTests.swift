import BundledData
import Determination
import Foundation
import Testing

@Suite struct BundledTablesTests {
    private static func load() throws -> ReferenceData {
        try ReferenceData(directory: BundledData.earDirectory)
    }

    @Test func bundledTablesLoadWithTheRowCountsProvenanceStates() throws {
        let data = try Self.load()
        #expect(data.ccl.entries.count == 638)
        #expect(data.ccl.entries.reduce(0) { $0 + $1.controls.count } == 1651)
        #expect(data.ccl.entries.reduce(0) { $0 + $1.licenseExceptions.count } == 1237)
        #expect(data.ccl.entries.filter { !$0.controls.isEmpty }.count == 596)
        #expect(data.countryChart.rows.count == 200)
        #expect(data.countryChart.footnotes.count == 10)
        #expect(data.countryGroups.rows.count == 201)
        #expect(data.eccnSummary.entries.count == 55)
        #expect(data.eccnSummary.entries.reduce(0) { $0 + $1.controls.count } == 176)
        #expect(data.eccnSummary.entries.reduce(0) { $0 + $1.licenseExceptions.count } == 138)
        #expect(data.embargoDestinations.rows.count == 9)
        #expect(data.russiaBelarusPartnerCountries.rows.count == 38)
        #expect(data.unArmsEmbargoDestinations.rows.count == 10)
        #expect(data.endUseEndUserControls.rows.count == 13)
        #expect(data.licenseExceptions.rows.count == 22)
    }

    @Test func countryGroupSizesMatchProvenance() throws {
        let groups = try Self.load().countryGroups
        let expected: [CountryGroup: Int] = [
            .a1: 40, .a2: 34, .a3: 42, .a4: 45, .a5: 38, .a6: 8, .b: 173,
            .d1: 24, .d2: 10, .d3: 36, .d4: 21, .d5: 22, .e1: 3, .e2: 1,
        ]
        for group in CountryGroup.allCases {
            #expect(groups.countries(in: group).count == expected[group], "\(group.rawValue)")
        }
        #expect(groups.countries(in: .e1) == ["IR", "KP", "SY"])
        #expect(groups.countries(in: .e2) == ["CU"])
    }

    @Test func chinaIsInTheDGroupsAndNotInGroupB() throws {
        let china = try #require(try Self.load().countryGroups["CN"])
        #expect(china.groups == [.d1, .d3, .d4, .d5])
    }

    @Test func embargoedChartRowsCarryOnlyTheSpecialCasePointer() throws {
        let chart = try Self.load().countryChart
        let cuba = try #require(chart["CU"])
        #expect(cuba.specialCase?.contains("746.2") == true)
        #expect(cuba.columns.isEmpty)
        let afghanistan = try #require(chart["AF"])
        #expect(afghanistan.columns.contains(.ns1) && !afghanistan.columns.contains(.np2))
        #expect(afghanistan.specialCase == nil)
        #expect(chart["US"] == nil)
    }

    @Test func chartFootnoteNumbersResolveToTheirSummaries() throws {
        let chart = try Self.load().countryChart
        let albania = try #require(chart["AL"])
        #expect(albania.footnotes == [2, 3])
        #expect(chart.footnotes[2]?.contains("742.4") == true)
    }

    @Test func cclEntryJoinsItsControlRowsAndExceptionsWithTheirPlaces() throws {
        let entry = try #require(try Self.load().ccl["3A001"])
        #expect(entry.category == "3")
        #expect(entry.reasonsForControl.contains("NS") && entry.reasonsForControl.contains("AT"))
        let ns1 = try #require(entry.controls.first { $0.chartColumn == .ns1 })
        #expect(ns1.reason == "NS")
        #expect(ns1.location.file == "ccl/ccl_controls.csv")
        #expect(
            entry.controls.contains { $0.reason == "AT" && $0.chartColumn == .at1 && $0.appliesTo == "entire entry" })
        #expect(entry.controls.contains { $0.chartColumn == nil && $0.nonChartDestinationRule != nil })
        #expect(entry.licenseExceptions.contains { $0.code == "LVS" })
        #expect(entry.location == RowLocation(file: "ccl/ccl_entries.csv", line: 289))
    }

    @Test func newerECCNSummaryStaysSeparateWithItsOwnDateAndDollarValues() throws {
        let data = try Self.load()
        #expect(data.eccnSummary.sources.map(\.vintage) == ["2026-09-24", "2026-09-24"])
        #expect(data.ccl.sources.allSatisfy { $0.vintage == "≤ 2026-06-25" })
        let entry = try #require(data.eccnSummary["3A001"])
        let lvs = try #require(entry.licenseExceptions.first { $0.code == "LVS" })
        #expect(lvs.valuesUSD == [1500, 3000, 5000])
        #expect(data.eccnSummary["EAR99"] != nil)
    }

    @Test func dataVersionNamesEveryTableVintageFromTheManifest() throws {
        let data = try Self.load()
        #expect(data.sources.count == 24)
        #expect(data.dataVersion.hasPrefix("EAR tables: CCL ≤ 2026-06-25; ECCN summary 2026-09-24; chart 2026-09-24"))
        for source in data.sources {
            #expect(data.dataVersion.contains("\(source.label) \(source.vintage)"))
            #expect(
                FileManager.default.fileExists(
                    atPath: BundledData.earDirectory.appendingPathComponent(source.file).path))
        }
    }

    @Test func smallTablesAreKeyedByTheirCodes() throws {
        let data = try Self.load()
        #expect(data.embargoDestinations["UA-43"]?.section == "746.6(a)(1)")
        #expect(data.russiaBelarusPartnerCountries["TW"]?.addedBy.hasPrefix("87 FR 12183") == true)
        #expect(data.unArmsEmbargoDestinations["CF"]?.note?.contains("not footnoted") == true)
        #expect(data.licenseExceptions["LVS"]?.section == "740.3")
        #expect(data.endUseEndUserControls["744.22"] != nil)
    }
}
