import Foundation
import Testing
import ZIPFoundation
@testable import Screening

extension ListParsing {
    @Suite struct UKSanctionsListODSTests {
        /// A cell as Excel writes it: pretty-printed, text in `text:p`.
        private static func cell(_ text: String, repeated: Int? = nil) -> String {
            let repetition = repeated.map { " table:number-columns-repeated=\"\($0)\"" } ?? ""
            if text.isEmpty { return "<table:table-cell\(repetition) />" }
            return "<table:table-cell office:value-type=\"string\"\(repetition)>\n  <text:p>\(text)</text:p>\n</table:table-cell>"
        }

        private static func row(_ cells: [String]) -> String {
            "<table:table-row>\n" + cells.joined(separator: "\n") + "\n\(cell("", repeated: 16_376))\n</table:table-row>"
        }

        private static let header = ["Unique ID", "OFSI Group ID", "Name", "Regime Name", "Type", "Designation source", "Date Designated", "Sanctions Imposed"]

        private static func contentXML(_ rows: [String]) -> String {
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
            <office:body><office:spreadsheet>
            <table:table table:name="UK_Sanction_List">
            <table:table-column table:number-columns-repeated="16384" />
            \(rows.joined(separator: "\n"))
            <table:table-row table:number-rows-repeated="1043268"><table:table-cell table:number-columns-repeated="16384" /></table:table-row>
            </table:table>
            <table:table table:name="Other"><table:table-row>\(cell("IGNORED"))</table:table-row></table:table>
            </office:spreadsheet></office:body></office:document-content>
            """
        }

        /// A minimal ODS (zip) holding `content.xml`.
        private static func ods(_ content: String) throws -> ListFile {
            let data = Data(content.utf8)
            let archive = try Archive(data: Data(), accessMode: .create)
            try archive.addEntry(with: "content.xml", type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
            return ListFile(path: "uk/list.ods", data: try #require(archive.data))
        }

        private static let sample = [
            row(header.map { cell($0) }),
            row([cell("AFG0001"), cell("12703"), cell("HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE"), cell("Afghanistan"), cell("Entity"), cell("UN"), cell("29-06-2012"), cell("Asset freeze")]),
            row([cell("RUS0001"), cell(""), cell("IVANOV Ivan"), cell("Russia"), cell("Individual"), cell("UK"), cell("01-03-2022"), cell("Asset freeze, Travel Ban")]),
            row([cell("RUS0002"), cell("", repeated: 1), cell("SEA STAR"), cell("Russia"), cell("Ship"), cell("UK"), cell("02-03-2022"), cell("Ship sanctions")]),
            row([cell("RUS0003"), cell("99"), cell(" "), cell("Russia"), cell("Individual"), cell("UK"), cell("03-03-2022"), cell("Asset freeze")]),
        ]

        @Test func rowsBecomeEntitiesWithIdTypeAndRegime() throws {
            let output = try UKSanctionsListODS.parse(source: "uk", file: Self.ods(Self.contentXML(Self.sample)))
            #expect(output.entities.map(\.id) == ["uk:AFG0001", "uk:RUS0001", "uk:RUS0002"])
            #expect(output.entities.map(\.type) == [.organization, .person, .vessel])
            #expect(output.entities.map(\.programs) == [["Afghanistan"], ["Russia"], ["Russia"]])
            #expect(output.entities[0].name == "HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE")
        }

        @Test func repeatedEmptyCellsKeepLaterColumnsInPlace() throws {
            let rows = [
                Self.row(Self.header.map { Self.cell($0) }),
                Self.row([Self.cell("IRQ0001"), Self.cell("", repeated: 1), Self.cell("AL-NAME"), Self.cell("", repeated: 1), Self.cell("Entity")]),
                Self.row([Self.cell("IRQ0002"), Self.cell("", repeated: 1), Self.cell("TWIN", repeated: 2), Self.cell("Individual")]),
            ]
            let output = try UKSanctionsListODS.parse(source: "uk", file: Self.ods(Self.contentXML(rows)))
            #expect(output.entities.map(\.name) == ["AL-NAME", "TWIN"])
            #expect(output.entities.map(\.type) == [.organization, .person])
            #expect(output.entities[0].programs == [])
            #expect(output.entities[1].programs == ["TWIN"])
        }

        @Test func rowWithBlankNameIsAnIssueWithItsSheetRow() throws {
            let output = try UKSanctionsListODS.parse(source: "uk", file: Self.ods(Self.contentXML(Self.sample)))
            #expect(output.issues.count == 1)
            #expect(output.issues.first?.line == 5)
            #expect(output.issues.first?.field == "Name")
        }

        @Test func cellTextIsTrimmedAndOnlyTheFirstSheetIsRead() throws {
            let rows = try ODSSheet.rows(of: Self.ods(Self.contentXML(Self.sample)))
            #expect(rows.count == 5)
            #expect(rows[0].cells == Self.header)
            #expect(!rows.contains { $0.cells.contains("IGNORED") })
        }

        @Test func notAZipFileThrowsWithoutABogusLineNumber() {
            let error = #expect(throws: ListLoadError.self) {
                try UKSanctionsListODS.parse(source: "uk", file: ListTestSupport.file("uk/x.ods", "not a zip"))
            }
            guard case .malformedFile(let file, let line, _) = error else {
                Issue.record("expected malformedFile, got \(String(describing: error))")
                return
            }
            #expect(file == "uk/x.ods")
            #expect(line == nil)
            #expect(error?.description.hasPrefix("uk/x.ods: ") == true)
        }

        @Test func repeatCountsAreClampedAndNeverBelowOne() {
            #expect(ODSSheet.repeatCount(nil) == 1)
            #expect(ODSSheet.repeatCount("0") == 1)
            #expect(ODSSheet.repeatCount("-5") == 1)
            #expect(ODSSheet.repeatCount("x") == 1)
            #expect(ODSSheet.repeatCount("3") == 3)
            #expect(ODSSheet.repeatCount("\(Int.max)") == ODSSheet.maxRepeat)
            #expect(ODSSheet.repeatCount("99999999999999999999999") == 1)
        }

        @Test func hugeRepeatCountsDoNotOverflow() throws {
            let huge = "\(Int.max)"
            let hugeEmpty = "<table:table-cell table:number-columns-repeated=\"\(huge)\" />"
            let hugeRow = "<table:table-row table:number-rows-repeated=\"\(huge)\"><table:table-cell><text:p>R</text:p></table:table-cell></table:table-row>"
            let rows = [
                Self.row(Self.header.map { Self.cell($0) }),
                "<table:table-row>" + Array(repeating: hugeEmpty, count: 20).joined() + Self.cell("X") + "</table:table-row>",
            ] + Array(repeating: hugeRow, count: 20)
            let sheet = try ODSSheet.rows(of: Self.ods(Self.contentXML(rows)))
            #expect(sheet.count == 22)
            #expect(sheet[1].cells.count == ODSSheet.maxColumns)
            #expect(sheet[1].cells.last == "")
            #expect(sheet.map(\.number) == sheet.map(\.number).sorted())
            #expect(sheet[3].number == 3 + ODSSheet.maxRepeat)
        }

        @Test func bundledUKListHas5302RowsOfWhichTwoHaveNoName() throws {
            let list = try ListTestSupport.bundled("uk")
            #expect(list.entities.count == 5_300)
            // The summary's own issues; the ConList combined into the bundle reports its own (OlderListFileTests).
            let summaryIssues = list.issues.filter { $0.file.hasSuffix(".ods") }
            #expect(summaryIssues.map(\.line) == [649, 3_524])
            let types = Dictionary(grouping: list.entities, by: \.type).mapValues(\.count)
            // FORMATS.md: Individual 3,754 / Entity 1,087 / Ship 461; the two nameless rows are individuals.
            #expect(types == [.person: 3_752, .organization: 1_087, .vessel: 461])
            #expect(list.entities.first?.id == "uk:AFG0001")
            #expect(list.metadata.published == "2025-08-11")
        }
    }
}
