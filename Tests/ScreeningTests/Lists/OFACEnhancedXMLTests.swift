import Foundation
import Testing
@testable import Screening

extension ListParsing {
    /// OFAC's enhanced XML, read from the real `CONS_ENHANCED.ZIP` of 2025-01-10 and small documents.
    @Suite struct OFACEnhancedXMLTests {
        static let zipPath = "ofac_enhanced/CONS_ENHANCED.ZIP"

        private static func real() throws -> ParsedList {
            try NewFormatSupport.parse(try NewFormatSupport.fixture(zipPath), format: .ofacEnhancedXML, source: "ofac-cons")
        }

        private static func document(_ entities: String) -> ListFile {
            ListTestSupport.file("ofac/x.xml", """
                <?xml version="1.0" encoding="utf-8"?>
                <sanctionsData xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML">
                  <publicationInfo><dataAsOf>2025-01-10T00:00:00</dataAsOf></publicationInfo>
                  <referenceValues>
                    <referenceValue refId="11171"><type>COUNTRY</type><value>Russia</value><isoCode>RU</isoCode></referenceValue>
                  </referenceValues>
                  <entities>
                \(entities)
                  </entities>
                </sanctionsData>
                """)
        }

        private static func entity(id: String, name: String?) -> String {
            let names = name.map {
                "<names><name id=\"1\"><isPrimary>true</isPrimary><isLowQuality>false</isLowQuality><translations><translation id=\"2\"><isPrimary>true</isPrimary><script refId=\"20122\">Latin</script><formattedFullName>\($0)</formattedFullName></translation></translations></name></names>"
            } ?? "<names/>"
            return "<entity \(id)><generalInfo><entityType refId=\"601\">Entity</entityType></generalInfo>\(names)</entity>"
        }

        @Test("the complete CONS_ENHANCED.ZIP reads whole: 443 entities, none skipped, published the day it states")
        func realZipReadsWhole() throws {
            let list = try Self.real()
            #expect(list.entities.count == 443)
            #expect(list.issues.filter { $0.message.hasSuffix("skipped") }.isEmpty, "\(list.issues.prefix(5))")
            #expect(list.metadata.published == "2025-01-10")
            #expect(ListSeeds.unsoundEntity(in: list) == nil)
        }

        @Test("ids are the legacy CSV's: every one of the 442 cons_prim.csv ent_nums, and each party keeps its primary name")
        func idsAreTheLegacyCSVIds() throws {
            let enhanced = Dictionary(uniqueKeysWithValues: try Self.real().entities.map { ($0.id, $0) })
            let legacy = try ListTestSupport.bundled("ofac-cons").entities
            #expect(legacy.count == 442)
            let missing = legacy.filter { enhanced[$0.id] == nil }.map(\.id)
            #expect(missing.isEmpty, "legacy ids not in the enhanced file: \(missing.prefix(10))")
            let differentNames = legacy.compactMap { old in enhanced[old.id].flatMap { $0.name == old.name ? nil : "\(old.id): \(old.name) / \($0.name)" } }
            #expect(differentNames.count <= 5, "\(differentNames.prefix(10))")
            let typesDiffer = legacy.filter { old in enhanced[old.id].map { $0.type != old.type } ?? false }.map(\.id)
            #expect(typesDiffer.isEmpty, "\(typesDiffer.prefix(10))")
        }

        @Test("a person reads with programme, date of birth and strong aliases; a bank with its registration ids and their country")
        func fieldsOfRealEntities() throws {
            let entities = Dictionary(uniqueKeysWithValues: try Self.real().entities.map { ($0.id, $0) })
            let haniya = try #require(entities["ofac-cons:9639"])
            #expect(haniya.name == "HANIYA, Ismail Abdul Salah")
            #expect(haniya.type == .person)
            #expect(haniya.programs == ["NS-PLC"])
            #expect(haniya.datesOfBirth == [DateOfBirth(year: 1962)])
            #expect(haniya.aliases.contains(Alias(name: "HANIYA, Ismail", strength: .strong, kind: "aka")))
            let vtb = try #require(entities["ofac-cons:17013"])
            #expect(vtb.type == .organization)
            #expect(vtb.identifiers.contains(Identifier(kind: "Registration ID", value: "1027739609391", country: "RU")))
            #expect(vtb.identifiers.contains(Identifier(kind: "SWIFT/BIC", value: "VTBRRUMM")))
            #expect(vtb.addresses.contains { $0.country == "RU" && $0.city == "Moscow" })
        }

        @Test("the zipped and the unzipped file read the same, and an unzipped one names its own path")
        func zippedAndUnzippedReadTheSame() throws {
            let zip = try NewFormatSupport.fixture(Self.zipPath)
            let xml = try OFACEnhancedXML.unzippedIfNeeded(zip)
            #expect(xml.path == "\(Self.zipPath)/CONS_ENHANCED.XML")
            let unzipped = try NewFormatSupport.parse(ListFile(path: "CONS_ENHANCED.XML", data: xml.data), format: .ofacEnhancedXML, source: "ofac-cons")
            #expect(unzipped.entities == (try Self.real().entities))
        }

        @Test("an entity without a numeric id or a primary name is skipped naming its line; the others are read")
        func malformedEntitiesAreSkippedWithTheirLine() throws {
            let file = Self.document([
                Self.entity(id: "id=\"1\"", name: "GOOD ONE"), Self.entity(id: "", name: "NO ID"), Self.entity(id: "id=\"x\"", name: "BAD ID"),
                Self.entity(id: "id=\"4\"", name: nil),
            ].joined(separator: "\n"))
            let output = try OFACEnhancedXML.parse(source: "ofac-sdn", file: file)
            #expect(output.entities.map(\.id) == ["ofac-sdn:1"])
            #expect(output.skipped.map(\.line) == [9, 10, 11])
            #expect(output.skipped.allSatisfy { $0.file == "ofac/x.xml" })
            #expect(output.published == "2025-01-10")
        }

        @Test("weak aliases, other scripts, a vessel's IMO number and its flag are read as the legacy CSV reads them")
        func aliasesAndVesselDetails() throws {
            let file = Self.document("""
                <entity id="9"><generalInfo><entityType>Vessel</entityType></generalInfo>
                <names>
                  <name><isPrimary>true</isPrimary><isLowQuality>false</isLowQuality><translations>
                    <translation><isPrimary>true</isPrimary><formattedFullName>SEA STAR</formattedFullName></translation>
                    <translation><isPrimary>false</isPrimary><script>Cyrillic</script><formattedFullName>МОРСКАЯ ЗВЕЗДА</formattedFullName></translation>
                  </translations></name>
                  <name><isPrimary>false</isPrimary><aliasType>F.K.A.</aliasType><isLowQuality>true</isLowQuality><translations>
                    <translation><isPrimary>true</isPrimary><formattedFullName>OLD STAR</formattedFullName></translation></translations></name>
                </names>
                <features>
                  <feature><type>Vessel Flag</type><value>Russia</value><valueRefId>11171</valueRefId></feature>
                  <feature><type>VESSEL TYPE</type><value>Crude Oil Tanker</value></feature>
                  <feature><type>Birthdate</type><value>31 Feb 1960</value><valueDate><fromDateBegin>1960-02-31</fromDateBegin><toDateEnd>1960-02-31</toDateEnd></valueDate></feature>
                </features>
                <identityDocuments><identityDocument><type>Vessel Registration Identification</type><documentNumber>IMO 9187629</documentNumber></identityDocument></identityDocuments>
                </entity>
                """)
            let output = try OFACEnhancedXML.parse(source: "ofac-sdn", file: file)
            let vessel = try #require(output.entities.first)
            #expect(vessel.type == .vessel)
            #expect(vessel.aliases == [
                Alias(name: "МОРСКАЯ ЗВЕЗДА", strength: .strong, kind: "original-script"), Alias(name: "OLD STAR", strength: .weak, kind: "fka"),
            ])
            #expect(vessel.identifiers == [
                Identifier(kind: "Vessel Flag", value: "Russia", country: "RU"), Identifier(kind: "Vessel Type", value: "Crude Oil Tanker"),
                Identifier(kind: "IMO", value: "9187629"),
            ])
            #expect(vessel.datesOfBirth.isEmpty)
            #expect(output.issues.contains { $0.field == "feature/Birthdate" && $0.message.contains("31 Feb 1960") })
        }

        @Test("OFAC date periods: a day, a month, a year, a span of years")
        func datePeriods() {
            #expect(OFACFeatures.dateOfBirth(from: "1948-12-10", to: "1948-12-10", approximate: false) == DateOfBirth(year: 1948, month: 12, day: 10))
            #expect(OFACFeatures.dateOfBirth(from: "1948-12-01", to: "1948-12-31", approximate: false) == DateOfBirth(year: 1948, month: 12))
            #expect(OFACFeatures.dateOfBirth(from: "1962-01-01", to: "1962-12-31", approximate: true) == DateOfBirth(year: 1962, approximate: true))
            #expect(OFACFeatures.dateOfBirth(from: "1960-01-01", to: "1962-12-31", approximate: false) == DateOfBirth(year: 1960, toYear: 1962))
            #expect(OFACFeatures.dateOfBirth(from: "1962-12-31", to: "1960-01-01", approximate: false) == nil)
        }

        @Test("a document that is not enhanced XML, and a zip without XML, are refused naming the file")
        func wrongDocumentsAreRefused() throws {
            let un = ListTestSupport.file("ofac/x.xml", "<CONSOLIDATED_LIST></CONSOLIDATED_LIST>")
            #expect(throws: ListLoadError.malformedFile(file: "ofac/x.xml", line: 1, detail: "the root element is <CONSOLIDATED_LIST>, not OFAC's enhanced XML <sanctionsData>")) {
                try OFACEnhancedXML.parse(source: "ofac-sdn", file: un)
            }
            let ods = try ListTestSupport.file("uk/FCDO_SL_2025-08-11_SUMMARY.ods", in: ListTestSupport.listsDirectory)
            let error = #expect(throws: ListLoadError.self) { try OFACEnhancedXML.parse(source: "ofac-sdn", file: ods) }
            #expect(error?.description.hasPrefix("uk/FCDO_SL_2025-08-11_SUMMARY.ods") == true)
        }

        @Test("seeded fuzz of the real enhanced XML and its zip: refused naming the file, or read soundly; never a crash or a hang")
        func fuzz() throws {
            let zip = try NewFormatSupport.fixture(Self.zipPath)
            let xml = try OFACEnhancedXML.unzippedIfNeeded(zip)
            let refused = NewFormatSupport.fuzz(
                ListFile(path: "CONS_ENHANCED.XML", data: xml.data), format: .ofacEnhancedXML, source: "ofac-cons",
                seed: 0xE4A4_0001, rounds: 21, wholeAfterCut: NewFormatSupport.closes("sanctionsData"))
            #expect(refused >= 10)
            let zipRefused = NewFormatSupport.fuzz(
                zip, format: .ofacEnhancedXML, source: "ofac-cons", seed: 0xE4A4_0002, rounds: 14, wholeAfterCut: { _ in false })
            #expect(zipRefused >= 7)
        }
    }
}
