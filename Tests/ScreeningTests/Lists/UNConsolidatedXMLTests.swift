import Foundation
import Testing
@testable import Screening

extension ListParsing {
    @Suite struct UNConsolidatedXMLTests {
        private static let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
              <INDIVIDUALS>
                <INDIVIDUAL>
                  <DATAID>1</DATAID>
                  <FIRST_NAME>MUHAMMAD</FIRST_NAME>
                  <SECOND_NAME>SALAH</SECOND_NAME>
                  <THIRD_NAME>ABD EL HALIM</THIRD_NAME>
                  <FOURTH_NAME>ZIDANE</FOURTH_NAME>
                  <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
                  <REFERENCE_NUMBER>QDi.001</REFERENCE_NUMBER>
                  <NAME_ORIGINAL_SCRIPT>محمد صلاح</NAME_ORIGINAL_SCRIPT>
                  <COMMENTS1>Line one.
            Line two.</COMMENTS1>
                  <NATIONALITY><VALUE>Egypt</VALUE><VALUE>Iran (Islamic Republic of)</VALUE></NATIONALITY>
                  <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Sayf-Al Adl</ALIAS_NAME><DATE_OF_BIRTH>1963</DATE_OF_BIRTH></INDIVIDUAL_ALIAS>
                  <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Abu Muhammad</ALIAS_NAME></INDIVIDUAL_ALIAS>
                  <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
                  <INDIVIDUAL_ADDRESS><CITY>Kinshasa</CITY><COUNTRY>Democratic Republic of the Congo</COUNTRY><NOTE>2016</NOTE></INDIVIDUAL_ADDRESS>
                  <INDIVIDUAL_ADDRESS><NOTE>only a note</NOTE></INDIVIDUAL_ADDRESS>
                  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1963-04-11</DATE></INDIVIDUAL_DATE_OF_BIRTH>
                  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1960</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
                  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1973</FROM_YEAR><TO_YEAR>1974</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
                  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE/></INDIVIDUAL_DATE_OF_BIRTH>
                  <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>AB850901</NUMBER><ISSUING_COUNTRY>United Republic of Tanzania</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>
                  <INDIVIDUAL_DOCUMENT/>
                </INDIVIDUAL>
                <INDIVIDUAL>
                  <FIRST_NAME>NO REFERENCE</FIRST_NAME>
                </INDIVIDUAL>
              </INDIVIDUALS>
              <ENTITIES>
                <ENTITY>
                  <FIRST_NAME>AL-QAIDA</FIRST_NAME>
                  <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
                  <REFERENCE_NUMBER>QDe.004</REFERENCE_NUMBER>
                  <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>The Base</ALIAS_NAME></ENTITY_ALIAS>
                  <ENTITY_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>Old Base</ALIAS_NAME></ENTITY_ALIAS>
                  <ENTITY_ADDRESS><STREET>1 Main St</STREET><CITY>Kabul</CITY><STATE_PROVINCE>Kabul</STATE_PROVINCE><ZIP_CODE>1001</ZIP_CODE><COUNTRY>Afghanistan</COUNTRY></ENTITY_ADDRESS>
                </ENTITY>
              </ENTITIES>
            </CONSOLIDATED_LIST>
            """

        private static func parse() throws -> ParseOutput {
            try UNConsolidatedXML.parse(source: "un", file: ListTestSupport.file("un/x.xml", xml))
        }

        @Test func nameIsTheFourPartsInOrderAndIdIsTheReferenceNumber() throws {
            let person = try #require(try Self.parse().entities.first)
            #expect(person.id == "un:QDi.001")
            #expect(person.name == "MUHAMMAD SALAH ABD EL HALIM ZIDANE")
            #expect(person.type == .person)
            #expect(person.programs == ["Al-Qaida"])
        }

        @Test func aliasStrengthFollowsQualityAndEmptyPlaceholdersAreSkipped() throws {
            let output = try Self.parse()
            #expect(output.entities[0].aliases == [
                Alias(name: "محمد صلاح", strength: .strong, kind: "original-script"),
                Alias(name: "Sayf-Al Adl", strength: .strong, kind: "Good"),
                Alias(name: "Abu Muhammad", strength: .weak, kind: "Low"),
            ])
            #expect(output.entities[1].aliases == [
                Alias(name: "The Base", strength: .strong, kind: "a.k.a."),
                Alias(name: "Old Base", strength: .strong, kind: "f.k.a."),
            ])
        }

        @Test func datesOfBirthExactApproximateAndBetween() throws {
            let person = try #require(try Self.parse().entities.first)
            #expect(person.datesOfBirth == [
                DateOfBirth(year: 1963, month: 4, day: 11),
                DateOfBirth(year: 1960, approximate: true),
                DateOfBirth(year: 1973, toYear: 1974),
            ])
        }

        @Test func impossibleDatesOfBirthAreIssuesAndTheRecordIsKept() throws {
            let xml = """
                <CONSOLIDATED_LIST dateGenerated="2026-02-27">
                <INDIVIDUALS>
                <INDIVIDUAL>
                <FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>QDi.900</REFERENCE_NUMBER>
                <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1962-00-00</DATE></INDIVIDUAL_DATE_OF_BIRTH>
                <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1962-02-31</DATE></INDIVIDUAL_DATE_OF_BIRTH>
                <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1961-02-29</DATE></INDIVIDUAL_DATE_OF_BIRTH>
                <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><DATE>1962-05</DATE></INDIVIDUAL_DATE_OF_BIRTH>
                <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1960-02-29T00:00:00</DATE></INDIVIDUAL_DATE_OF_BIRTH>
                <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>62</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
                </INDIVIDUAL>
                </INDIVIDUALS>
                </CONSOLIDATED_LIST>
                """
            let output = try UNConsolidatedXML.parse(source: "un", file: ListTestSupport.file("un/dates.xml", xml))
            let person = try #require(output.entities.first)
            #expect(person.id == "un:QDi.900")
            #expect(person.datesOfBirth == [DateOfBirth(year: 1962, month: 5, approximate: true), DateOfBirth(year: 1960, month: 2, day: 29)])
            #expect(output.issues.count == 4)
            #expect(output.issues.allSatisfy { $0.file == "un/dates.xml" && $0.line == 3 && $0.field == "INDIVIDUAL_DATE_OF_BIRTH" })
            #expect(output.issues.map { $0.message.contains("1962-00-00") } == [true, false, false, false])
        }

        @Test func nationalitiesAddressesAndDocumentsUseISOCodes() throws {
            let output = try Self.parse()
            let person = output.entities[0]
            #expect(person.nationalities == ["EG", "IR"])
            #expect(person.addresses == [Address(city: "Kinshasa", country: "CD")])
            #expect(person.identifiers == [Identifier(kind: "Passport", value: "AB850901", country: "TZ")])
            #expect(output.entities[1].addresses == [Address(street: "1 Main St", city: "Kabul", region: "Kabul", postalCode: "1001", country: "AF")])
        }

        @Test func commentsKeepTheirNewlinesAsRemarks() throws {
            #expect(try Self.parse().entities.first?.remarks == "Line one.\nLine two.")
        }

        @Test func recordWithoutReferenceNumberIsAnIssue() throws {
            let output = try Self.parse()
            #expect(output.entities.map(\.id) == ["un:QDi.001", "un:QDe.004"])
            #expect(output.issues.count == 1)
            #expect(output.issues.first?.field == "REFERENCE_NUMBER")
            #expect(output.issues.first?.line == 28)
        }

        @Test func publishedIsTheDateGeneratedAttribute() throws {
            #expect(try Self.parse().published == "2026-02-27T00:00:09.554Z")
        }

        @Test func brokenXMLThrowsWithFileAndLine() {
            #expect(throws: ListLoadError.self) {
                try UNConsolidatedXML.parse(source: "un", file: ListTestSupport.file("un/bad.xml", "<CONSOLIDATED_LIST>\n<INDIVIDUAL>\n</CONSOLIDATED_LIST>"))
            }
        }

        @Test("a document cut off after some records is refused, not read up to the cut")
        func xmlCutOffIsRefusedWithItsLine() throws {
            let cut = try #require(Self.xml.range(of: "<ENTITY>"))
            let error = #expect(throws: ListLoadError.self) {
                try UNConsolidatedXML.parse(source: "un", file: ListTestSupport.file("un/cut.xml", String(Self.xml[..<cut.upperBound])))
            }
            #expect(error?.description.hasPrefix("un/cut.xml:33: cannot read the file: not well-formed XML: the document ends inside <ENTITY>") == true, "\(String(describing: error))")
        }

        @Test("a second record with the same reference number is skipped and reported")
        func repeatedReferenceNumberIsSkipped() throws {
            let record = try #require(Self.xml.range(of: "<ENTITY>")).lowerBound
            let end = try #require(Self.xml.range(of: "</ENTITY>")).upperBound
            let doubled = Self.xml.replacingCharacters(in: end..<end, with: "\n" + Self.xml[record..<end])
            let output = try UNConsolidatedXML.parse(source: "un", file: ListTestSupport.file("un/twice.xml", doubled))
            #expect(output.entities.filter { $0.id == "un:QDe.004" }.count == 1)
            #expect(output.skipped.map(\.message) == ["record has no reference number; skipped", "id un:QDe.004 appears again; record skipped"])
        }

        @Test func bundledUNListHas730IndividualsAnd273Entities() throws {
            let list = try ListTestSupport.bundled("un")
            #expect(list.entities.count == 1_003)
            #expect(list.entities.filter { $0.type == .person }.count == 730)
            #expect(list.entities.filter { $0.type == .organization }.count == 273)
            #expect(list.issues.isEmpty)
            #expect(list.metadata.published == "2026-02-27T00:00:09.554Z")
            let badege = try #require(list.entities.first { $0.id == "un:CDi.001" })
            #expect(badege.name == "ERIC BADEGE")
            #expect(badege.nationalities == ["CD"])
            #expect(badege.datesOfBirth == [DateOfBirth(year: 1971)])
        }

        @Test func bundledUNAliasesByQuality() throws {
            let aliases = try ListTestSupport.bundled("un").entities.flatMap(\.aliases)
            #expect(aliases.filter { $0.kind == "Low" }.allSatisfy { $0.strength == .weak })
            #expect(aliases.filter { $0.kind == "Low" }.count == 615)
            #expect(aliases.filter { $0.kind == "Good" }.count == 1_524)
            #expect(aliases.filter { $0.kind == "original-script" }.count == 378)
        }
    }
}
