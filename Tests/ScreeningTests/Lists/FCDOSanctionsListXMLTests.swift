import Foundation
import Testing
@testable import Screening

extension ListParsing {
    /// The FCDO UK Sanctions List XML, read from the real excerpt of 2026-09-10 and small documents.
    @Suite struct FCDOSanctionsListXMLTests {
        static let path = "uk_fcdo/UK_Sanctions_List_excerpt_2026-09-10.xml"

        private static func real() throws -> ParsedList {
            try NewFormatSupport.parse(try NewFormatSupport.fixture(path), format: .fcdoUKSanctionsXML, source: "uk")
        }

        @Test("the real excerpt reads whole: five designations with ids uk:<UniqueID>, the generation day as publication date, no record skipped")
        func realExcerptReadsWhole() throws {
            let list = try Self.real()
            #expect(list.entities.map(\.id) == ["uk:AFG0001", "uk:AFG0006", "uk:BEL0107", "uk:DPR0075", "uk:AQD0195"])
            #expect(list.entities.map(\.type) == [.organization, .person, .organization, .vessel, .person])
            #expect(list.metadata.published == "2026-09-10")
            #expect(list.issues.isEmpty, "\(list.issues)")
            #expect(ListSeeds.unsoundEntity(in: list) == nil)
        }

        @Test("a real person: surname-first name, a name variation and the Arabic name as aliases, three dates of birth, nationality, passport once, national id, address, regime")
        func fieldsOfARealPerson() throws {
            let person = try #require(try Self.real().entities.first { $0.id == "uk:AFG0006" })
            #expect(person.name == "AKHUND MOHAMMAD HASSAN")
            #expect(person.aliases == [
                Alias(name: "Akhwand Mohammad", strength: .strong, kind: "Primary Name Variation"),
                Alias(name: "محمد حسن آخوند", strength: .strong, kind: "original-script"),
            ])
            #expect(person.datesOfBirth == [DateOfBirth(year: 1958, month: 5, day: 12), DateOfBirth(year: 1945), DateOfBirth(year: 1946)])
            #expect(person.nationalities == ["AF"])
            #expect(person.identifiers == [Identifier(kind: "Passport", value: "P04581926"), Identifier(kind: "National ID No.", value: "2132370")])
            #expect(person.addresses == [Address(city: "Kabul", country: "AF")])
            #expect(person.programs == ["The Afghanistan (Sanctions) (EU Exit) Regulations 2020"])
            let remarks = try #require(person.remarks)
            #expect(remarks.contains("OFSI Group ID: 7172"))
            #expect(remarks.contains("UN reference: TAi.002"))
            #expect(remarks.contains("Titles: Mullah, Haji"))
            #expect(remarks.contains("Town of birth: Pashmul village, Panjwai District"))
        }

        @Test("a real entity: alias qualities (a low-quality alias is weak), registration number, a UK address with postcode")
        func fieldsOfARealEntity() throws {
            let entity = try #require(try Self.real().entities.first { $0.id == "uk:BEL0107" })
            #expect(entity.name == "BNK (UK) Ltd")
            #expect(entity.aliases == [
                Alias(name: "BNK UK Limited", strength: .strong, kind: "Good quality a.k.a"),
                Alias(name: "BNK", strength: .weak, kind: "Low quality a.k.a"),
            ])
            #expect(entity.identifiers == [Identifier(kind: "Registration Number", value: "UK Company no. 06527449")])
            #expect(entity.addresses == [Address(street: "Salatin House, 19 Cedar Road, Sutton, Surrey", postalCode: "SM2 5DA", country: "GB")])
            #expect(entity.remarks?.contains("Sanctions Imposed: Asset freeze|Director Disqualification Sanction") == true)
        }

        @Test("a real ship: IMO number without its prefix, believed flag with its code, type, owner; previous flag and tonnage in the remarks")
        func fieldsOfARealShip() throws {
            let ship = try #require(try Self.real().entities.first { $0.id == "uk:DPR0075" })
            #expect(ship.name == "Petrel 8")
            #expect(ship.type == .vessel)
            #expect(ship.aliases == [Alias(name: "Tian Tai 36", strength: .strong, kind: "Alias")])
            #expect(ship.identifiers == [
                Identifier(kind: "IMO", value: "9562233"), Identifier(kind: "Vessel Flag", value: "Comoros", country: "KM"),
                Identifier(kind: "Vessel Type", value: "Bulk Carrier"), Identifier(kind: "Vessel Owner", value: "Global United Shipping India"),
            ])
            #expect(ship.remarks?.contains("Previous flags: India") == true)
            #expect(ship.remarks?.contains("Tonnage: 7078") == true)
        }

        @Test("where a designation is also in the bundled summary ODS under the same name, both formats give it the same id")
        func idsMatchTheSummaryExport() throws {
            let ods = try ListTestSupport.bundled("uk")
            let odsIDs = Dictionary(ods.entities.map { ($0.name, [$0.id]) }, uniquingKeysWith: +)
            let shared = try Self.real().entities.filter { odsIDs[$0.name] != nil }
            #expect(shared.map(\.id) == ["uk:AFG0006", "uk:BEL0107", "uk:DPR0075"])
            for entity in shared {
                #expect(odsIDs[entity.name] == [entity.id], "\(entity.name)")
            }
        }

        @Test("a malformed designation (no UniqueID, no primary name) is reported with its line and skipped; the others are read; a bad date of birth is reported and left out")
        func malformedRecordsAreSkipped() throws {
            let file = ListTestSupport.file("uk/x.xml", """
                <?xml version="1.0" encoding="utf-8"?>
                <Designations>
                  <DateGenerated>31/02/2026</DateGenerated>
                  <Designation>
                    <Names><Name><Name6>NO ID</Name6><NameType>Primary Name</NameType></Name></Names>
                  </Designation>
                  <Designation>
                    <UniqueID>RUS0001</UniqueID>
                    <Names><Name><Name6>Only An Alias</Name6><NameType>Alias</NameType></Name></Names>
                  </Designation>
                  <Designation>
                    <UniqueID>RUS0002</UniqueID>
                    <Names><Name><Name1>Ivan</Name1><Name6>PETROV</Name6><NameType>Primary Name</NameType></Name></Names>
                    <IndividualEntityShip>Individual</IndividualEntityShip>
                    <IndividualDetails><Individual><DOBs><DOB>31/02/1960</DOB><DOB>mm/1961</DOB></DOBs></Individual></IndividualDetails>
                  </Designation>
                  <Designation>
                    <UniqueID>RUS0002</UniqueID>
                    <Names><Name><Name6>AGAIN</Name6><NameType>Primary Name</NameType></Name></Names>
                    <IndividualEntityShip>Aircraft</IndividualEntityShip>
                  </Designation>
                </Designations>
                """)
            let output = try FCDOSanctionsListXML.parse(source: "uk", file: file)
            #expect(output.entities.map(\.id) == ["uk:RUS0002"])
            #expect(output.entities.first?.name == "PETROV Ivan")
            #expect(output.entities.first?.datesOfBirth == [DateOfBirth(year: 1961)])
            #expect(output.records == 4)
            #expect(output.skipped == [
                ParseIssue(file: "uk/x.xml", line: 4, field: "Designation/UniqueID", message: "record without a UniqueID; skipped"),
                ParseIssue(file: "uk/x.xml", line: 7, field: "Names/Name/NameType", message: "record RUS0001 has no Primary Name; skipped"),
                ParseIssue(file: "uk/x.xml", line: 17, message: "id uk:RUS0002 appears again; record skipped"),
            ])
            #expect(output.issues.contains(ParseIssue(file: "uk/x.xml", line: 15, field: "DOB", message: "unreadable or impossible date of birth \"31/02/1960\"; left out")))
            #expect(output.issues.contains { $0.field == "IndividualEntityShip" && $0.line == 17 })
            #expect(output.published == nil, "an impossible generation day is not a publication date")
        }

        @Test("dates of birth as the list writes them: full, unknown day and month, unknown day, year; nonsense is unreadable")
        func datesOfBirth() {
            #expect(FCDOSanctionsListXML.dateOfBirth("12/05/1958") == DateOfBirth(year: 1958, month: 5, day: 12))
            #expect(FCDOSanctionsListXML.dateOfBirth("dd/mm/1945") == DateOfBirth(year: 1945))
            #expect(FCDOSanctionsListXML.dateOfBirth("dd/07/1945") == DateOfBirth(year: 1945, month: 7))
            #expect(FCDOSanctionsListXML.dateOfBirth("1946") == DateOfBirth(year: 1946))
            #expect(FCDOSanctionsListXML.dateOfBirth("12/mm/1945") == DateOfBirth(year: 1945))
            for bad in ["", "13/13/1958", "1/5/1958", "dd/mm/45", "circa 1950", "12/05/1958/1"] {
                #expect(FCDOSanctionsListXML.dateOfBirth(bad) == nil, "\(bad)")
            }
        }

        @Test("a document that is not the FCDO list is refused naming the file")
        func otherDocumentsAreRefused() {
            let file = ListTestSupport.file("uk/x.xml", "<export></export>")
            #expect(throws: ListLoadError.malformedFile(file: "uk/x.xml", line: 1, detail: "the root element is <export>, not the FCDO UK Sanctions List's <Designations>")) {
                try FCDOSanctionsListXML.parse(source: "uk", file: file)
            }
        }

        @Test("the real excerpt is recognised by its content; the UK's two formats may stand for each other, not for another list's")
        func detection() throws {
            let data = try NewFormatSupport.fixture(Self.path).data
            #expect(ListFormatDetection.detect(data) == "fcdo-uk-sanctions-xml")
            #expect(ListFormatDetection.mayReplace("uk-sanctions-list-ods", with: "fcdo-uk-sanctions-xml"))
            #expect(!ListFormatDetection.mayReplace("un-consolidated-xml", with: "fcdo-uk-sanctions-xml"))
            #expect(!ListFormatDetection.mayReplace("uk-sanctions-list-ods", with: "eu-fsf-xml"))
        }

        @Test("seeded fuzz of the real excerpt: refused naming the file, or read soundly; never a crash or a hang")
        func fuzz() throws {
            let refused = NewFormatSupport.fuzz(
                try NewFormatSupport.fixture(Self.path), format: .fcdoUKSanctionsXML, source: "uk", seed: 0xFCD0_0001, rounds: 28,
                wholeAfterCut: NewFormatSupport.closes("Designations"))
            #expect(refused >= 14)
        }
    }
}
