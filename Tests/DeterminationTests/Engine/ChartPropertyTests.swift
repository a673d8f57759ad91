import Determination
import Testing

/// DETERMINATION.md section 10: properties over the whole chart, and the Part 746 routing regression.
@Suite struct ChartPropertyTests {
    /// Every CCL entry the newer summary leaves alone, with its chart rows.
    static let chartRows: [(eccn: String, controls: [ECCNControl])] = Fixture.reference.ccl.entries
        .filter { Fixture.reference.eccnSummary[$0.eccn] == nil }
        .map { ($0.eccn, $0.controls.filter { $0.chartColumn != nil }) }
        .filter { !$0.1.isEmpty }

    @Test func theRowsCoverEveryColumnTheCCLUses() {
        let used = Set(Fixture.reference.ccl.entries.flatMap(\.controls).compactMap(\.chartColumn))
        #expect(Set(Self.chartRows.flatMap(\.controls).compactMap(\.chartColumn)) == used)
    }

    /// Without an X: NLR. With an X: a license for an entire-entry row, and review for a row whose
    /// paragraphs the bare ECCN does not settle (never NLR).
    @Test(arguments: Fixture.reference.countryChart.rows)
    func everyChartRowFindingEqualsTheXLookup(country: CountryChartRow) throws {
        for (eccn, controls) in Self.chartRows {
            let answer = try Fixture.determine(eccn, to: country.code)
            for control in controls {
                let column = try #require(control.chartColumn)
                let finding = try #require(
                    answer.findings.first { $0.sources.contains(control.location) },
                    "\(eccn) to \(country.code): no finding for \(control.location)")
                #expect(finding.prohibition == "GP1")
                if !country.columns.contains(column) {
                    #expect(finding.outcome == .nlr, "\(eccn) \(column) to \(country.code)")
                } else if ["entire entry", "the entire entry"].contains(control.appliesTo?.lowercased() ?? "") {
                    #expect(finding.outcome == .licenseRequired, "\(eccn) \(column) to \(country.code)")
                } else {
                    #expect([.licenseRequired, .needsReview].contains(finding.outcome), "\(eccn) \(column) to \(country.code)")
                }
            }
        }
    }

    @Test(arguments: ["CU", "IR", "KP", "SY"])
    func embargoedDestinationsNeverGetAGP1OnlyResult(code: String) throws {
        for entry in Fixture.reference.ccl.entries where !entry.controls.isEmpty {
            let answer = try Fixture.determine(entry.eccn, to: code)
            if answer.outcome == .outOfScopeITAR { continue }
            #expect(answer.findings.contains { $0.prohibition == "GP6" }, "\(entry.eccn) to \(code) was not routed to Part 746")
            #expect(answer.outcome >= .needsReview, "\(entry.eccn) to \(code) came out \(answer.outcome)")
        }
        let ear99 = try Fixture.determine("EAR99", to: code)
        #expect(ear99.findings.contains { $0.prohibition == "GP6" })
        #expect(ear99.outcome == .licenseRequired)
    }

    @Test func cb1IsMarkedForEveryChartCountryExceptThePart746Rows() {
        let part746: Set<String> = ["CU", "IR", "KP", "SY"]
        let rows = Fixture.reference.countryChart.rows
        #expect(rows.count == 200)
        let unmarked = Set(rows.filter { !$0.columns.contains(.cb1) }.map(\.code))
        #expect(unmarked == part746)
        #expect(rows.filter { $0.columns.contains(.cb1) }.count == 196)
    }

    @Test func noDestinationHasAnATMark() {
        #expect(!Fixture.reference.countryChart.rows.contains { $0.columns.contains(.at1) || $0.columns.contains(.at2) })
    }

    @Test func cc2IsMarkedOnlyForTheExpectedCountries() {
        let allowed: Set<String> = [
            "AM", "AZ", "BY", "KH", "FJ", "GE", "IQ", "KZ", "XK", "KG", "LA", "MD", "MN", "ME", "RU", "RW", "RS", "TJ",
            "TM", "UA", "UZ", "VN",
        ]
        let marked = Set(Fixture.reference.countryChart.rows.filter { $0.columns.contains(.cc2) }.map(\.code))
        #expect(marked.isSubset(of: allowed))
        #expect(!marked.isEmpty)
    }

    @Test func everyDeterminationCarriesTheDataVintageAndTheToggle() throws {
        let answer = try Fixture.determine("4A994", to: "DE")
        #expect(answer.dataVersion.contains("chart 2026-09-24"))
        #expect(answer.toggles == [Toggle(name: "ai_diffusion_enforced", enabled: false)])
    }
}
