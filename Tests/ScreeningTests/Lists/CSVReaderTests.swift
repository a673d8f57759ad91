import Foundation
@testable import DataFormats
import Testing
@testable import Screening

extension ListParsing {
    @Suite struct CSVReaderTests {
        private func read(_ text: String, delimiter: Character = ",") -> [CSVRecord] {
            CSVReader.records(in: Data(text.utf8), delimiter: UInt8(ascii: delimiter.unicodeScalars.first ?? ","))
        }

        @Test func quotedFieldsKeepCommasNewlinesAndDoubledQuotes() {
            let records = read("a,\"b, c\",\"say \"\"hi\"\"\"\n\"two\nlines\",x,\n")
            #expect(records.map(\.fields) == [["a", "b, c", "say \"hi\""], ["two\nlines", "x", ""]])
        }

        @Test func recordsCarryTheLineTheyStartOn() {
            let records = read("one\n\"multi\nline\nfield\",2\nthree\n")
            #expect(records.map(\.line) == [1, 2, 5])
        }

        @Test func crlfAndLfLineEndsReadAlike() {
            #expect(read("a,b\r\nc,d\r\n").map(\.fields) == read("a,b\nc,d\n").map(\.fields))
            #expect(read("a,b\r\nc,d\r\n").map(\.line) == [1, 2])
        }

        @Test func trailingControlZByteIsNotARecord() {
            let records = read("1,\"X\",-0- \r\n2,\"Y\",-0- \r\n\u{1A}")
            #expect(records.count == 2)
            #expect(records.last?.fields == ["2", "Y", "-0- "])
        }

        @Test func tabDelimiterForTheDeniedPersonsList() {
            let records = read("\"Name\"\t\"City\"\n\"A, B\"\t\"\"\n", delimiter: "\t")
            #expect(records.map(\.fields) == [["Name", "City"], ["A, B", ""]])
        }

        @Test func blankLinesAndByteOrderMarkAreSkipped() {
            let records = read("\u{FEFF}h1,h2\n\n\nv1,v2\n")
            #expect(records.map(\.fields) == [["h1", "h2"], ["v1", "v2"]])
            #expect(records.map(\.line) == [1, 4])
        }

        @Test func fileEndingInsideAQuotedFieldGivesAnIncompleteRecord() {
            let records = read("a,b\n\"c\",\"cut off mid")
            #expect(records.count == 2)
            #expect(records[0].complete)
            #expect(records[1].complete == false)
            #expect(records[1].fields == ["c", "cut off mid"])
            #expect(records[1].line == 2)
        }

        @Test func nonASCIITextIsDecodedAsUTF8() {
            #expect(read("\"Türkiye\",Ελλάδα\n").first?.fields == ["Türkiye", "Ελλάδα"])
        }
    }
}
