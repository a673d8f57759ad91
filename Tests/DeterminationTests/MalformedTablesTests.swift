import BundledData
import Determination
import Foundation
import DataFormats
import Testing

/// A copy of the bundled EAR folder in a temporary directory, with files replaced for a test.
private final class ScratchTables {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ear-tables-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.copyItem(at: BundledData.earDirectory, to: directory)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func replace(_ file: String, with text: String) throws {
        let url = directory.appendingPathComponent(file)
        try? FileManager.default.removeItem(at: url)
        try Data(text.utf8).write(to: url)
    }

    /// The error loading the folder gives (the test fails if it loads).
    func loadError() -> TableDataError? {
        do {
            _ = try ReferenceData(directory: directory)
            Issue.record("the tables loaded although one is malformed")
            return nil
        } catch {
            return error
        }
    }
}

@Suite struct MalformedTablesTests {
    private let unHeader = "iso2,basis,note\r\n"

    @Test func unterminatedQuoteIsReportedAtTheLineWhereItOpens() throws {
        let tables = try ScratchTables()
        try tables.replace("un_arms_embargo_destinations.csv", with: unHeader + "CF,basis,\r\nCD,\"basis,\r\nER,b,\r\n")
        let error = try #require(tables.loadError())
        #expect(error.problem == .unterminatedQuote)
        #expect(error.file == "un_arms_embargo_destinations.csv")
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("un_arms_embargo_destinations.csv:3: column field 2: "))
    }

    @Test func rowWithTheWrongNumberOfFieldsNamesFileAndLine() throws {
        let tables = try ScratchTables()
        try tables.replace("un_arms_embargo_destinations.csv", with: unHeader + "CF,basis,\r\nCD,basis\r\n")
        let error = try #require(tables.loadError())
        #expect(error.problem == .wrongFieldCount(expected: 3, found: 2))
        #expect(error.line == 3)
        #expect(error.description.contains("un_arms_embargo_destinations.csv:3"))
    }

    @Test func headerMissingAColumnNamesTheColumn() throws {
        let tables = try ScratchTables()
        try tables.replace("russia_belarus_partner_countries.csv", with: "iso2,scope\r\nAU,Full\r\n")
        let error = try #require(tables.loadError())
        #expect(error.problem == .missingColumn)
        #expect(error.file == "russia_belarus_partner_countries.csv")
        #expect(error.line == 1)
        #expect(error.column == "added_by")
        #expect(error.description.contains("Correct the file"))
    }

    @Test func strayQuoteInsideAnUnquotedFieldIsAnError() throws {
        let tables = try ScratchTables()
        try tables.replace("un_arms_embargo_destinations.csv", with: unHeader + "CF,ba\"sis,\r\n")
        let error = try #require(tables.loadError())
        #expect(error.problem == .strayQuote)
        #expect(error.line == 2)
    }

    @Test func chartCellOtherThanXIsRejectedWithItsColumn() throws {
        let tables = try ScratchTables()
        let chart = try String(
            contentsOf: tables.directory.appendingPathComponent("country_chart.csv"), encoding: .utf8)
        try tables.replace(
            "country_chart.csv", with: chart.replacingOccurrences(of: "AF,Afghanistan,,X,", with: "AF,Afghanistan,,Y,"))
        let error = try #require(tables.loadError())
        #expect(error.file == "country_chart.csv")
        #expect(error.line == 2)
        #expect(error.column == "CB1")
    }

    @Test func duplicateCountryCodeIsRejectedNamingTheFirstLine() throws {
        let tables = try ScratchTables()
        try tables.replace("un_arms_embargo_destinations.csv", with: unHeader + "CF,basis,\r\nCF,basis,\r\n")
        let error = try #require(tables.loadError())
        #expect(error.problem == .duplicateKey("CF is already on line 2"))
        #expect(error.line == 3)
    }

    @Test func controlRowForAnUnknownECCNIsAnError() throws {
        let tables = try ScratchTables()
        let url = tables.directory.appendingPathComponent("ccl/ccl_controls.csv")
        let controls = try String(contentsOf: url, encoding: .utf8)
        try tables.replace("ccl/ccl_controls.csv", with: controls + "9Z999,AT,AT,entire entry,AT1,,\r\n")
        let error = try #require(tables.loadError())
        #expect(error.problem == .unknownReference("ECCN 9Z999 has no entry in ccl/ccl_entries.csv"))
        #expect(error.line == 1653)
    }

    @Test func quotedFieldsKeepCommasNewlinesAndDoubledQuotesWithLFLineEnds() throws {
        let tables = try ScratchTables()
        try tables.replace(
            "un_arms_embargo_destinations.csv",
            with: "iso2,basis,note\nCF,basis,\"a \"\"quoted\"\", two-line\nnote\"\nCD,basis,\n")
        let data = try ReferenceData(directory: tables.directory)
        #expect(data.unArmsEmbargoDestinations["CF"]?.note == "a \"quoted\", two-line\nnote")
        #expect(data.unArmsEmbargoDestinations["CD"]?.location.line == 4)
        #expect(data.unArmsEmbargoDestinations["CD"]?.note == nil)
    }

    @Test func manifestMissingATableSaysWhichOne() throws {
        let tables = try ScratchTables()
        let manifest = try String(contentsOf: tables.directory.appendingPathComponent("tables.json"), encoding: .utf8)
        let fixed = manifest.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("\"table\": \"regimes\"") }.joined(separator: "\n")
        try tables.replace("tables.json", with: fixed)
        let error = try #require(tables.loadError())
        #expect(error.problem == .badManifest("table \"regimes\" is missing"))
        #expect(error.file == "tables.json")
    }

    @Test func missingFolderSaysWhereTheDataShouldBe() {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-ear-\(UUID().uuidString)")
        #expect(throws: TableDataError.self) { try ReferenceData(directory: missing) }
        do {
            _ = try ReferenceData(directory: missing)
        } catch {
            #expect(error.file == "tables.json")
            #expect(error.description.contains("BundledData.earDirectory"))
        }
    }
}
