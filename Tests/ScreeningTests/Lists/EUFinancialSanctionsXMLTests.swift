import Foundation
import Testing
@testable import Screening

extension ListParsing {
    /// The EU Financial Sanctions Files XML, read from the real excerpts of 2020 and 2026 and small documents.
    @Suite struct EUFinancialSanctionsXMLTests {
        static let paths = ["eu/eu_fsf_excerpt_2026-08-05.xml", "eu/eu_fsf_excerpt_2020-04-15_a.xml", "eu/eu_fsf_excerpt_2020-04-15_b.xml"]

        private static func real(_ path: String) throws -> ParsedList {
            try NewFormatSupport.parse(try NewFormatSupport.fixture(path), format: .euFinancialSanctionsXML, source: "eu")
        }

        @Test("the real excerpts read whole, with the generation day as publication date; a second record with the same logicalId is reported, not merged")
        func realExcerptsRead() throws {
            let recent = try Self.real(Self.paths[0])
            #expect(recent.entities.count == 5)
            #expect(recent.metadata.published == "2026-08-05")
            #expect(recent.issues.filter { $0.message.hasSuffix("skipped") }.isEmpty, "\(recent.issues)")
            let older = try Self.real(Self.paths[2])
            #expect(older.entities.count == 7)
            #expect(older.metadata.published == "2020-04-15")
            // This excerpt's second record 5468 was added by hand to a test file: one of seven records
            // skipped is beyond the tolerance, so the parser reports it and the loader refuses the file.
            let duplicated = try EUFinancialSanctionsXML.parse(source: "eu", file: try NewFormatSupport.fixture(Self.paths[1]))
            #expect(duplicated.entities.count == 6)
            #expect(duplicated.skipped == [ParseIssue(file: Self.paths[1], line: 110, message: "id eu:5468 appears again; record skipped")])
            #expect(throws: ListLoadError.self) { try Self.real(Self.paths[1]) }
            for list in [recent, older] {
                #expect(ListSeeds.unsoundEntity(in: list) == nil)
            }
        }

        @Test("a person reads with id eu:<logicalId>, the named alias as name, every other alias with strength and language, birth dates, a passport, programmes")
        func fieldsOfARealPerson() throws {
            let list = try Self.real(Self.paths[0])
            let person = try #require(list.entities.first { $0.id == "eu:191" })
            #expect(person.name == "Khalid Sheikh MOHAMMED")
            #expect(person.type == .person)
            #expect(person.aliases.count == 6)
            #expect(person.aliases.contains(Alias(name: "Bin Khalid Fahd Bin Adballah", strength: .strong, kind: "nameAlias:FR")))
            #expect(person.aliases.contains(Alias(name: "Ali Salem", strength: .strong, kind: "nameAlias")))
            #expect(person.datesOfBirth.contains(DateOfBirth(year: 1965, month: 4, day: 14)))
            #expect(person.identifiers.contains(Identifier(kind: "National passport", value: "488555")), "the EU writes 00 UNKNOWN for no country")
            #expect(person.programs == ["TERR"])
            #expect(person.remarks?.contains("EU reference: EU.3579.2") == true)
            #expect(list.entities.contains { $0.type == .organization })
        }

        @Test("weak aliases, other scripts, year-only and impossible birth dates, citizenships and addresses")
        func smallDocument() throws {
            let file = ListTestSupport.file("eu/x.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-08-05T16:47:04.449+02:00">
                <sanctionEntity logicalId="7" euReferenceNumber="EU.1.2">
                  <subjectType code="person" classificationCode="P"/>
                  <nameAlias wholeName="Иван Петров" nameLanguage="RU" strong="true"/>
                  <nameAlias firstName="Ivan" lastName="PETROV" wholeName="Ivan PETROV" nameLanguage="" strong="true"/>
                  <nameAlias wholeName="Vanya" nameLanguage="" strong="false"/>
                  <birthdate circa="true" year="1958" countryIso2Code="RU"/>
                  <birthdate circa="false" birthdate="1958-02-31"/>
                  <citizenship countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION"/>
                  <citizenship countryIso2Code="00" countryDescription="UNKNOWN"/>
                  <address city="Moscow" street="Tverskaya 1" zipCode="125009" countryIso2Code="RU"/>
                </sanctionEntity>
                <sanctionEntity euReferenceNumber="EU.1.3"><nameAlias wholeName="NO ID"/></sanctionEntity>
                <sanctionEntity logicalId="9"><subjectType code="enterprise"/></sanctionEntity>
                </export>
                """)
            let output = try EUFinancialSanctionsXML.parse(source: "eu", file: file)
            let person = try #require(output.entities.first)
            #expect(output.entities.map(\.id) == ["eu:7"])
            #expect(person.name == "Ivan PETROV")
            #expect(person.aliases == [
                Alias(name: "Иван Петров", strength: .strong, kind: "original-script"), Alias(name: "Vanya", strength: .weak, kind: "nameAlias"),
            ])
            #expect(person.datesOfBirth == [DateOfBirth(year: 1958, approximate: true)])
            #expect(output.issues.contains { $0.field == "birthdate" && $0.line == 9 })
            #expect(person.nationalities == ["RU"])
            #expect(person.addresses == [Address(street: "Tverskaya 1", city: "Moscow", postalCode: "125009", country: "RU")])
            #expect(output.skipped.map(\.line) == [14, 15])
            #expect(output.published == "2026-08-05")
        }

        @Test("a document that is not an EU export is refused naming the file")
        func otherDocumentsAreRefused() {
            let file = ListTestSupport.file("eu/x.xml", "<sanctionsData></sanctionsData>")
            #expect(throws: ListLoadError.malformedFile(file: "eu/x.xml", line: 1, detail: "the root element is <sanctionsData>, not the EU Financial Sanctions Files' <export>")) {
                try EUFinancialSanctionsXML.parse(source: "eu", file: file)
            }
        }

        @Test("seeded fuzz of the real excerpts: refused naming the file, or read soundly; never a crash or a hang", arguments: zip([paths[0], paths[2]], [UInt64(0xE0_0001), 0xE0_0002]))
        func fuzz(path: String, seed: UInt64) throws {
            let refused = NewFormatSupport.fuzz(
                try NewFormatSupport.fixture(path), format: .euFinancialSanctionsXML, source: "eu", seed: seed, rounds: 28,
                wholeAfterCut: NewFormatSupport.closes("export"))
            #expect(refused >= 14)
        }
    }
}
