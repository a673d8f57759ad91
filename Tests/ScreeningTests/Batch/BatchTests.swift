import Foundation
@testable import DataFormats
import Testing

@testable import Screening

@Suite("Batch input: streaming records and reading rows")
struct BatchInputTests {
    @Test func recordsSplitAcrossChunksKeepTheirLinesAndQuotedNewlines() throws {
        let text = "id,name\n1,\"ACME\nTRADING\"\n2,\"Smith, John\"\n3,Last"
        var stream = CSVReader()
        var records: [CSVRecord] = []
        for byte in Array(text.utf8) { records += try stream.feed([byte]) }
        records += try stream.finish()
        #expect(records.map(\.fields) == [["id", "name"], ["1", "ACME\nTRADING"], ["2", "Smith, John"], ["3", "Last"]])
        #expect(records.map(\.line) == [1, 2, 4, 5])
    }

    @Test func aFileEndingInsideAQuoteGivesAnIncompleteRecord() throws {
        var stream = CSVReader()
        let records = try stream.feed(Array("id,name\n1,\"unterminated\n".utf8)) + stream.finish()
        let header = try BatchHeader(records[0])
        let (id, query) = header.query(from: records[1])
        #expect(id == "1")
        #expect(throws: BatchInputError.self) { try query.get() }
    }

    @Test func aHeaderWithoutNameIsRejected() {
        #expect(throws: BatchInputError.self) { try BatchHeader(CSVRecord(fields: ["id", "type"], line: 1, complete: true)) }
    }

    @Test func anUnknownColumnIsRejected() {
        #expect(throws: BatchInputError.self) { try BatchHeader(CSVRecord(fields: ["id", "name", "email"], line: 1, complete: true)) }
    }

    @Test func aQuoteInsideAnUnquotedFieldIsALiteralAndDoesNotSwallowTheNextRows() throws {
        var stream = CSVReader()
        let records = try stream.feed(Array("id,name\n1,12\" PIPE\n2,\"a\nb\"\n3,\"say \"\"hi\"\"\"\n".utf8)) + stream.finish()
        #expect(records.map(\.fields) == [["id", "name"], ["1", "12\" PIPE"], ["2", "a\nb"], ["3", "say \"hi\""]])
        #expect(records.allSatisfy { $0.complete })
    }

    @Test func countriesMustBeRealCodes() {
        #expect(CountryCode(userText: "ir")?.code == "IR")
        #expect(CountryCode(userText: "XX") == nil)
        #expect(CountryCode(userText: "IRN") == nil)
    }

    @Test func rowsAreReadIntoQueriesWithEveryOptionalColumn() throws {
        let header = try BatchHeader(CSVRecord(fields: ["name", "id", "dob", "country", "type"], line: 1, complete: true))
        let (id, query) = header.query(from: CSVRecord(fields: [" Hasan Nasrallah ", "p1", "1960-08", "lb", "individual"], line: 2, complete: true))
        #expect(id == "p1")
        let parsed = try query.get()
        #expect(parsed.name == "Hasan Nasrallah")
        #expect(parsed.type == .person)
        #expect(parsed.country == "LB")
        #expect(parsed.dateOfBirth == DateOfBirth(year: 1960, month: 8))
    }

    @Test(arguments: [
        (["", "Name"], "line 7: field id is empty"),
        (["x", ""], "line 7: field name is empty"),
        (["x", "Name", "robot"], "line 7: field type: 'robot' is not one of person, organization, vessel, aircraft"),
        (["x", "Name", "", "Iran"], "line 7: field country: 'Iran' is not an ISO 3166 alpha-2 code such as IR or RU"),
        (["x", "Name", "", "", "1990-02-30"], "line 7: field dob: '1990-02-30' is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
    ])
    func badRowsSayWhichFieldAndLine(fields: [String], message: String) throws {
        let header = try BatchHeader(CSVRecord(fields: BatchHeader.columns, line: 1, complete: true))
        let padded = fields + Array(repeating: "", count: 5 - fields.count)
        let (_, query) = header.query(from: CSVRecord(fields: padded, line: 7, complete: true))
        let field = message.dropFirst("line 7: field ".count).prefix { $0.isLetter }
        #expect(throws: BatchInputError(line: 7, message: String(message.dropFirst("line 7: ".count)), field: String(field))) {
            try query.get()
        }
    }
}

@Suite("Batch output")
struct BatchOutputTests {
    private static let screener = Screener(lists: [
        ParsedList(
            metadata: ListMetadata(source: "t", name: "T", published: nil, sha256: "ab"),
            entities: [
                Entity(id: "t:1", source: "t", programs: ["P \"one\""], type: .organization, name: "ACME \"ROCKET\" CO\nLTD",
                       aliases: [Alias(name: "Acmé Tiburón", strength: .weak, kind: "a.k.a.")]),
                Entity(id: "t:2", source: "t", type: .person, name: "SMITH, John", datesOfBirth: [DateOfBirth(year: 1970)]),
            ])
    ])

    @Test func theHandWrittenJSONLineEqualsTheCodableEncoding() throws {
        for query in [ScreeningQuery(name: "Acme Rocket"), ScreeningQuery(name: "Acme Tiburon"), ScreeningQuery(name: "John Smith", dateOfBirth: DateOfBirth(year: 1971))] {
            let matches = Self.screener.screen(query, options: .init(threshold: 0))
            #expect(!matches.isEmpty)
            let line = BatchOutput(format: .jsonl).line(id: "q\"1", result: .success(matches))
            let fast = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? NSDictionary
            let encoded = try JSONEncoder().encode(matches)
            let codable = try JSONSerialization.jsonObject(with: encoded) as? NSArray
            #expect(fast?["query_id"] as? String == "q\"1")
            #expect((fast?["matches"] as? NSArray) == codable)
        }
    }

    @Test func errorsAreWrittenInPlaceOfMatches() throws {
        let line = BatchOutput(format: .jsonl).line(id: nil, result: .failure(BatchInputError(line: 3, message: "field name is empty")))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["error"] as? String == "line 3: field name is empty")
        #expect(object["query_id"] is NSNull)
        #expect(object["matches"] == nil)
    }

    @Test func csvFieldsWithCommasAndQuotesAreQuoted() {
        #expect(BatchOutput.csvField("a,b") == "\"a,b\"")
        #expect(BatchOutput.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(BatchOutput.csvField("plain") == "plain")
    }
}
