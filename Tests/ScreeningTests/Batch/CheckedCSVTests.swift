import Foundation
@testable import DataFormats
import Testing

@testable import Screening

/// The CSV readers refuse, naming the line and column, what they once decoded silently: bytes that are not
/// UTF-8 (once turned into U+FFFD) and control characters (a NUL once cut a stored name short).
@Suite("Checked CSV: UTF-8 and control characters, with line and column")
struct CheckedCSVTests {
    @Test func aControlCharacterOrBytesThatAreNotUTF8AreRefusedWithTheirLineAndColumn() {
        let cases: [([UInt8], Int, Int, InputText.Problem)] = [
            (Array("id,name\n1,Banco\u{0}Nacional\n".utf8), 2, 2, .controlCharacter("\u{0}")),
            (Array("id,name\n1,Acme\n2,\"Banco \u{7F}\"\n".utf8), 3, 2, .controlCharacter("\u{7F}")),
            (Array("id,name\n1,Acme\n\u{1B}x,y\n".utf8), 3, 1, .controlCharacter("\u{1B}")),
            (Array("id,name\n1,Caf".utf8) + [0xE9] + Array("\n".utf8), 2, 2, .notUTF8),
            (Array("id,name\n1,\"ok\"\n2,\"a\nb\",".utf8) + [0xC3, 0x28], 4, 3, .notUTF8),
        ]
        for (bytes, line, column, problem) in cases {
            #expect(throws: CSVError(line: line, column: column, problem: .text(problem))) { try CSVReader.checkedRecords(in: Data(bytes)) }
            var stream = CSVReader()
            #expect(throws: CSVError(line: line, column: column, problem: .text(problem))) {
                for byte in bytes { _ = try stream.feed([byte]) }
                _ = try stream.finish()
            }
        }
    }

    @Test func tabsQuotedLineBreaksAndTheEndOfFileByteAreKept() throws {
        let records = try CSVReader.checkedRecords(in: Data("id,name\n1,\"a\tb\nc\"\n".utf8 + [0x1A]))
        #expect(records.map(\.fields) == [["id", "name"], ["1", "a\tb\nc"]])
        #expect(CSVReader.records(in: Data([0x61, 0x00, 0x2C, 0xFF])).first?.fields == ["a\u{0}", "\u{FFFD}"], "the lenient reader is unchanged")
    }

    @Test func aCuratedTableWithAControlCharacterIsRefusedNamingTheLine() {
        #expect(throws: TableDataError(nil, file: "t.csv", line: 4, column: "field 2", problem: .controlCharacter("\u{1}"))) {
            try CSVTable.rows(in: Data("a,b\n1,\"x\ny\"\n2,z\u{1}\n".utf8), file: "t.csv", expected: ["a", "b"])
        }
        #expect(throws: Never.self) { try CSVTable.rows(in: Data("a,b\n1,\"x\r\ny\"\n".utf8), file: "t.csv", expected: ["a", "b"]) }
    }

    @Test func aBatchNameLongerThanTheCapIsARowErrorNamingTheField() throws {
        let header = try BatchHeader(CSVRecord(fields: ["id", "name"], line: 1, complete: true))
        let long = String(repeating: "x", count: InputText.nameLimit + 1)
        let (_, query) = header.query(from: CSVRecord(fields: ["1", long], line: 2, complete: true))
        #expect(throws: BatchInputError.self) { try query.get() }
        if case .failure(let error) = query { #expect(error.field == "name" && error.line == 2) }
        let (_, fine) = header.query(from: CSVRecord(fields: ["1", String(long.dropLast())], line: 2, complete: true))
        #expect(throws: Never.self) { try fine.get() }
    }
}
