import Foundation
import Testing
@testable import Screening

extension ListParsing {
    /// OFAC's advanced XML, read from the real SDN_ADVANCED excerpt of 2024-02-23 (with the full reference value sets).
    @Suite struct OFACAdvancedXMLTests {
        static let path = "ofac_advanced/SDN_ADVANCED_excerpt_2024-02-23.xml"

        private static func real() throws -> ParsedList {
            try NewFormatSupport.parse(try NewFormatSupport.fixture(path), format: .ofacAdvancedXML, source: "ofac-sdn")
        }

        @Test("the excerpt reads whole: 37 parties, none skipped, published on its date of issue")
        func excerptReadsWhole() throws {
            let list = try Self.real()
            #expect(list.entities.count == 37)
            #expect(list.issues.filter { $0.message.hasSuffix("skipped") }.isEmpty, "\(list.issues.prefix(5))")
            #expect(list.metadata.published == "2024-02-23")
            #expect(ListSeeds.unsoundEntity(in: list) == nil)
        }

        @Test("ids and names are the legacy CSV's: each party listed by 2023-12-28 is in the bundled sdn.csv under the same id, name and type")
        func idsAreTheLegacyCSVIds() throws {
            let legacy = Dictionary(uniqueKeysWithValues: try ListTestSupport.bundled("ofac-sdn").entities.map { ($0.id, $0) })
            let advanced = try Self.real().entities
            let missing = advanced.filter { legacy[$0.id] == nil }.map(\.id)
            // 46883 was designated in 2024, after the bundled legacy CSV of 2023-12-28.
            #expect(missing == ["ofac-sdn:46883"])
            let different = advanced.compactMap { party in
                legacy[party.id].flatMap { $0.name == party.name && $0.type == party.type ? nil : "\(party.id): \($0.name) \($0.type) / \(party.name) \(party.type)" }
            }
            #expect(different.isEmpty, "\(different)")
            let dates = advanced.compactMap { party in
                legacy[party.id].flatMap { Set($0.datesOfBirth) == Set(party.datesOfBirth) ? nil : "\(party.id): \($0.datesOfBirth) / \(party.datesOfBirth)" }
            }
            #expect(dates.isEmpty, "\(dates)")
        }

        @Test("a person with date of birth; a company with its address and alias; the excerpt's missing locations and sanctions entries are reported, not guessed")
        func fieldsOfRealParties() throws {
            let list = try Self.real()
            let entities = Dictionary(uniqueKeysWithValues: list.entities.map { ($0.id, $0) })
            let markov = try #require(entities["ofac-sdn:36368"])
            #expect(markov.name == "MARKOV, Ilya Anatolyevich")
            #expect(markov.type == .person)
            #expect(markov.datesOfBirth == [DateOfBirth(year: 1976, month: 8, day: 30)])
            let airline = try #require(entities["ofac-sdn:36"])
            #expect(airline.type == .organization)
            #expect(airline.aliases == [Alias(name: "AERO-CARIBBEAN", strength: .strong, kind: "aka")])
            #expect(airline.addresses == [Address(city: "Havana", country: "CU")])
            // The excerpt keeps the parties but not their sanctions entries, nor most of their locations.
            #expect(list.issues.contains { $0.line == 1501 && $0.message == "ofac-sdn:36 has no sanctions entry in the file; read without programmes" })
            #expect(list.issues.contains { $0.field == "VersionLocation" && $0.message.hasPrefix("location 186171 (Nationality Country)") })
        }

        @Test("programmes from the sanctions entry, nationality and address from locations, documents by identity, vessel details")
        func joinedSections() throws {
            let file = ListTestSupport.file("ofac/a.xml", """
                <?xml version="1.0" encoding="utf-8"?>
                <Sanctions xmlns="http://www.un.org/sanctions/1.0">
                  <DateOfIssue><Year>2024</Year><Month>2</Month><Day>3</Day></DateOfIssue>
                  <ReferenceValueSets>
                    <AliasTypeValues><AliasType ID="1400">A.K.A.</AliasType><AliasType ID="1403">Name</AliasType></AliasTypeValues>
                    <CountryValues><Country ID="11171" ISO2="RU">Russia</Country><Country ID="11073" ISO2="CU">Cuba</Country></CountryValues>
                    <DetailReferenceValues><DetailReference ID="9">Crude Oil Tanker</DetailReference></DetailReferenceValues>
                    <FeatureTypeValues><FeatureType ID="10">Nationality Country</FeatureType><FeatureType ID="25">Location</FeatureType>
                      <FeatureType ID="2">VESSEL TYPE</FeatureType><FeatureType ID="3">Vessel Flag</FeatureType></FeatureTypeValues>
                    <IDRegDocTypeValues><IDRegDocType ID="1596">Tax ID No.</IDRegDocType></IDRegDocTypeValues>
                    <LocPartTypeValues><LocPartType ID="1454">CITY</LocPartType></LocPartTypeValues>
                    <NamePartTypeValues><NamePartType ID="1520">Last Name</NamePartType><NamePartType ID="1521">First Name</NamePartType></NamePartTypeValues>
                    <PartySubTypeValues><PartySubType ID="1" PartyTypeID="4">Vessel</PartySubType><PartySubType ID="4" PartyTypeID="1">Unknown</PartySubType></PartySubTypeValues>
                    <PartyTypeValues><PartyType ID="1">Individual</PartyType><PartyType ID="4">Transport</PartyType></PartyTypeValues>
                    <ScriptValues><Script ID="215" ScriptCode="Latin">Latin</Script><Script ID="220" ScriptCode="Cyrl">Cyrillic</Script></ScriptValues>
                  </ReferenceValueSets>
                  <Locations><Location ID="5"><LocationCountry CountryID="11171"/><LocationPart LocPartTypeID="1454"><LocationPartValue Primary="true"><Value>Moscow</Value></LocationPartValue></LocationPart></Location></Locations>
                  <IDRegDocuments><IDRegDocument IDRegDocTypeID="1596" IdentityID="70" IssuedBy-CountryID="11171"><IDRegistrationNo>7838046334</IDRegistrationNo></IDRegDocument></IDRegDocuments>
                  <DistinctParties>
                    <DistinctParty FixedRef="7"><Profile ID="7" PartySubTypeID="4"><Identity ID="70" Primary="true">
                      <Alias AliasTypeID="1403" Primary="true" LowQuality="false">
                        <DocumentedName><DocumentedNamePart><NamePartValue NamePartGroupID="1" ScriptID="215">Markov</NamePartValue></DocumentedNamePart>
                          <DocumentedNamePart><NamePartValue NamePartGroupID="2" ScriptID="215">Ilya</NamePartValue></DocumentedNamePart></DocumentedName>
                        <DocumentedName><DocumentedNamePart><NamePartValue NamePartGroupID="3" ScriptID="220">Марков Илья</NamePartValue></DocumentedNamePart></DocumentedName>
                      </Alias>
                      <Alias AliasTypeID="1400" Primary="false" LowQuality="true">
                        <DocumentedName><DocumentedNamePart><NamePartValue NamePartGroupID="4" ScriptID="215">Ilyusha</NamePartValue></DocumentedNamePart></DocumentedName>
                      </Alias>
                      <NamePartGroups><MasterNamePartGroup><NamePartGroup ID="1" NamePartTypeID="1520"/></MasterNamePartGroup>
                        <MasterNamePartGroup><NamePartGroup ID="2" NamePartTypeID="1521"/></MasterNamePartGroup></NamePartGroups>
                    </Identity>
                    <Feature FeatureTypeID="10"><FeatureVersion><VersionDetail DetailTypeID="1433"/><VersionLocation LocationID="5"/></FeatureVersion></Feature>
                    <Feature FeatureTypeID="25"><FeatureVersion><VersionLocation LocationID="5"/></FeatureVersion></Feature>
                    </Profile></DistinctParty>
                    <DistinctParty FixedRef="8"><Profile ID="8" PartySubTypeID="1"><Identity ID="80" Primary="true">
                      <Alias AliasTypeID="1403" Primary="true"><DocumentedName><DocumentedNamePart><NamePartValue ScriptID="215">SEA STAR</NamePartValue></DocumentedNamePart></DocumentedName></Alias>
                    </Identity>
                    <Feature FeatureTypeID="2"><FeatureVersion><VersionDetail DetailTypeID="1431" DetailReferenceID="9"/></FeatureVersion></Feature>
                    <Feature FeatureTypeID="3"><FeatureVersion><VersionDetail DetailTypeID="1433" DetailReferenceID="11073"/></FeatureVersion></Feature>
                    </Profile></DistinctParty>
                  </DistinctParties>
                  <SanctionsEntries>
                    <SanctionsEntry ProfileID="7"><SanctionsMeasure SanctionsTypeID="1"><Comment>RUSSIA-EO14024</Comment></SanctionsMeasure>
                      <SanctionsMeasure SanctionsTypeID="1705"/></SanctionsEntry>
                    <SanctionsEntry ProfileID="8"><SanctionsMeasure SanctionsTypeID="1"><Comment>CUBA</Comment></SanctionsMeasure></SanctionsEntry>
                  </SanctionsEntries>
                </Sanctions>
                """)
            let output = try OFACAdvancedXML.parse(source: "ofac-sdn", file: file)
            #expect(output.published == "2024-02-03")
            #expect(output.issues.isEmpty, "\(output.issues)")
            let person = try #require(output.entities.first)
            #expect(person.id == "ofac-sdn:7")
            #expect(person.name == "MARKOV, Ilya")
            #expect(person.type == .person)
            #expect(person.aliases == [
                Alias(name: "Марков Илья", strength: .strong, kind: "original-script"), Alias(name: "Ilyusha", strength: .weak, kind: "aka"),
            ])
            #expect(person.nationalities == ["RU"])
            #expect(person.addresses == [Address(city: "Moscow", country: "RU")])
            #expect(person.identifiers == [Identifier(kind: "Tax ID No.", value: "7838046334", country: "RU")])
            #expect(person.programs == ["RUSSIA-EO14024"])
            let vessel = try #require(output.entities.last)
            #expect(vessel.type == .vessel)
            #expect(vessel.programs == ["CUBA"])
            #expect(vessel.identifiers == [Identifier(kind: "Vessel Type", value: "Crude Oil Tanker"), Identifier(kind: "Vessel Flag", value: "Cuba", country: "CU")])
        }

        @Test("a party without a FixedRef or a primary name is skipped naming its line")
        func malformedPartiesAreSkipped() throws {
            let file = ListTestSupport.file("ofac/a.xml", """
                <?xml version="1.0" encoding="utf-8"?>
                <Sanctions xmlns="http://www.un.org/sanctions/1.0">
                  <DistinctParties>
                    <DistinctParty><Profile ID="1"/></DistinctParty>
                    <DistinctParty FixedRef="2"><Profile ID="2"><Identity ID="2" Primary="true"/></Profile></DistinctParty>
                  </DistinctParties>
                </Sanctions>
                """)
            let output = try OFACAdvancedXML.parse(source: "ofac-sdn", file: file)
            #expect(output.entities.isEmpty)
            #expect(output.skipped.map(\.line) == [4, 5])
            #expect(output.skipped.allSatisfy { $0.file == "ofac/a.xml" })
        }

        @Test("seeded fuzz of the real excerpt: refused naming the file, or read soundly; never a crash or a hang")
        func fuzz() throws {
            let refused = NewFormatSupport.fuzz(
                try NewFormatSupport.fixture(Self.path), format: .ofacAdvancedXML, source: "ofac-sdn", seed: 0xAD0A_0001, rounds: 28,
                wholeAfterCut: NewFormatSupport.closes("Sanctions"))
            #expect(refused >= 14)
        }
    }
}
