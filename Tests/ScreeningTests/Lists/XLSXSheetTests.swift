import Foundation
import Testing
import ZIPFoundation
@testable import Screening

extension ListParsing {
    /// The xlsx reader behind the OFSI workbook: cell types, date serials, damaged cells and damaged sheets.
    @Suite struct XLSXSheetTests {
        static let workbook = """
            <?xml version="1.0" encoding="UTF-8"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            <sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>
            """
        static let rels = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
            </Relationships>
            """
        static let styles = """
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <numFmts count="1"><numFmt numFmtId="164" formatCode="dd/MM/yyyy"/></numFmts>
            <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>
            """
        static let strings = """
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Name 6</t></si><si><r><t>Group</t></r><r><t xml:space="preserve"> ID</t></r></si><si><t>ACME &amp; SONS</t><rPh><t>x</t></rPh></si></sst>
            """

        /// An xlsx holding `sheet` (the rows inside `sheetData`) with the parts above.
        static func xlsx(_ rows: String, path: String = "uk/test.xlsx") throws -> ListFile {
            let sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(rows)</sheetData></worksheet>"
            return ListFile(path: path, data: try zip([
                "xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels, "xl/styles.xml": styles,
                "xl/sharedStrings.xml": strings, "xl/worksheets/sheet1.xml": sheet,
            ]))
        }

        static func zip(_ members: [String: String]) throws -> Data {
            try zip(data: members.mapValues { Data($0.utf8) })
        }

        static func zip(data members: [String: Data]) throws -> Data {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (name, content) in members.sorted(by: { $0.key < $1.key }) {
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(content.count), compressionMethod: .deflate) { position, size in
                    content.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            return try #require(archive.data)
        }

        @Test("shared strings (rich runs joined, phonetic runs left out), inline strings, numbers, a date-styled serial as DD/MM/YYYY, gaps by cell reference")
        func cellTypes() throws {
            let rows = try XLSXSheet.rows(of: try Self.xlsx("""
                <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>
                <row r="3"><c r="A3" t="inlineStr"><is><t>Inline</t></is></c><c r="B3"><v>15672</v></c><c r="C3" s="1"><v>45757</v></c><c r="D3" s="2"><v>36526.5</v></c><c r="E3" t="s"><v>2</v></c></row>
                """))
            #expect(rows == [
                XLSXSheet.Row(number: 1, cells: ["Name 6", "", "Group ID"]),
                XLSXSheet.Row(number: 3, cells: ["Inline", "15672", "10/04/2025", "01/01/2000", "ACME & SONS"]),
            ])
        }

        @Test("an unreadable cell marks its row with the cell's reference: a shared string that does not exist, an error value, an impossible date serial, columns out of order")
        func unreadableCells() throws {
            let rows = try XLSXSheet.rows(of: try Self.xlsx("""
                <row r="2"><c r="A2" t="s"><v>99</v></c></row>
                <row r="3"><c r="B3" t="e"><v>#N/A</v></c></row>
                <row r="4"><c r="A4" s="1"><v>-5</v></c></row>
                <row r="5"><c r="C5"><v>1</v></c><c r="B5"><v>2</v></c></row>
                <row r="6"><c r="A6"><v>ok</v></c></row>
                """))
            #expect(rows.map(\.fault) == [
                "A2: shared string 99 does not exist", "B3: a cell of type \"e\" (#N/A) is not a value",
                "A4: -5 is not a day the date format can show", "B5: cell reference out of order or beyond column 1024", nil,
            ])
        }

        @Test("a workbook without a sheet, or not a workbook, is refused naming the file")
        func brokenWorkbooks() throws {
            let noSheet = ListFile(path: "uk/a.xlsx", data: try Self.zip(["xl/workbook.xml": Self.workbook]))
            #expect(throws: ListLoadError.malformedFile(file: "uk/a.xlsx", line: nil, detail: "the archive has no xl/_rels/workbook.xml.rels to find the sheet rId1 in")) {
                try XLSXSheet.rows(of: noSheet)
            }
            let odsLike = ListFile(path: "uk/b.xlsx", data: try Self.zip(["content.xml": "<a/>"]))
            #expect(throws: ListLoadError.malformedFile(file: "uk/b.xlsx", line: nil, detail: "the archive has no xl/workbook.xml; is it an Excel (.xlsx) workbook?")) {
                try XLSXSheet.rows(of: odsLike)
            }
            let badXML = try Self.xlsx("<row r=\"1\"><c r=\"A1\"><v>1</v></row>")
            let error = #expect(throws: ListLoadError.self) { try XLSXSheet.rows(of: badXML) }
            #expect(error?.description.hasPrefix("uk/test.xlsx/xl/worksheets/sheet1.xml:1") == true, "\(String(describing: error))")
        }

        /// The real workbook's parts with its sheet cut after `rows` rows (closed as the sheet closes).
        static func realParts(rows: Int) throws -> (members: [String: Data], sheet: [UInt8]) {
            let real = try ZipMember.extractAll(from: try OFSIConsolidatedListTests.realFile()) { _ in true }
            let sheet = Array(try #require(real["xl/worksheets/sheet1.xml"]))
            var end = 0
            for _ in 0..<rows {
                end = try #require(sheet.firstOffset(of: Array("</row>".utf8), from: end)) + 6
            }
            return (real, Array(sheet[..<end]) + Array("</sheetData></worksheet>".utf8))
        }

        /// The real workbook with its sheet cut after `rows` rows.
        static func realPrefix(rows: Int) throws -> Data {
            var (members, sheet) = try realParts(rows: rows)
            members["xl/worksheets/sheet1.xml"] = Data(sheet)
            return try zip(data: members)
        }

        @Test("seeded fuzz of the real workbook's first 300 rows as sheet XML (the real shared strings): refused naming the part, or read soundly; never a crash or a hang")
        func fuzzSheetXML() throws {
            var (members, cut) = try Self.realParts(rows: 300)
            var random = SplitMix64(state: 0x0F51_0003)
            for round in 0..<14 {
                let mutation = Mutation.allCases[round % Mutation.allCases.count]
                members["xl/worksheets/sheet1.xml"] = Data(mutation.apply(to: cut, using: &random))
                let file = ListFile(path: "uk/fuzz.xlsx", data: try Self.zip(data: members))
                let outcome = ListSeeds.withinTimeLimit(seconds: 20) {
                    Result { () throws(ListLoadError) in try NewFormatSupport.parse(file, format: .ofsiConListXLSX, source: "uk") }
                }
                switch outcome {
                case nil: Issue.record("round \(round): no answer within 20 s")
                case .failure(let error): #expect(error.description.contains("uk/fuzz.xlsx"), "round \(round): \(error)")
                case .success(let list): #expect(ListSeeds.unsoundEntity(in: list) == nil, "round \(round)")
                }
            }
        }
    }
}
