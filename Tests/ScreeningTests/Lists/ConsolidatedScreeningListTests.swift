import Foundation
import Testing
@testable import Screening

extension ListParsing {
    @Suite struct ConsolidatedScreeningListTests {
        private static let columns = [
            "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses",
            "federal_register_notice", "start_date", "end_date", "standard_order", "license_requirement",
            "license_policy", "call_sign", "vessel_type", "gross_tonnage", "gross_registered_tonnage", "vessel_flag",
            "vessel_owner", "remarks", "source_list_url", "alt_names", "citizenships", "dates_of_birth",
            "nationalities", "places_of_birth", "source_information_url", "ids",
        ]

        private static func csv(_ rows: [[String: String]], columns: [String] = columns, tail: String = "") -> ListFile {
            let quote = { (text: String) in "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            let lines = [columns.joined(separator: ",")] + rows.map { row in columns.map { quote(row[$0] ?? "") }.joined(separator: ",") }
            return ListTestSupport.file("us/csl/csl.csv", lines.joined(separator: "\n") + "\n" + tail)
        }

        private static let entityList = "Entity List (EL) - Bureau of Industry and Security"
        private static let sdn = "Specially Designated Nationals (SDN) - Treasury Department"
        private static let fse = "Foreign Sanctions Evaders (FSE) - Treasury Department"

        private static let rows: [[String: String]] = [
            Dictionary(uniqueKeysWithValues: columns.map { ($0, $0) }),
            ["_id": "abc123", "source": entityList, "name": "Super Trade Co.", "programs": "Export Administration Regulations",
             "addresses": "Tian Wang te Zi #1, Baqiao District, Xian, China, CN; 12 Main Road, Karachi, 74000, PK",
             "alt_names": "SUPER TRADE; ST CO"],
            ["_id": "1", "source": sdn, "name": "SKIPPED, Party", "type": "Individual"],
            ["_id": "26182", "source": fse, "entity_number": "26182", "type": "Individual", "programs": "FSE-IR",
             "name": "Evren KAYAKIRAN", "citizenships": "TR", "nationalities": "TR; DE", "dates_of_birth": "1980-02-08; circa 1975",
             "ids": "Passport, U00242309, TR; Gender, Male; Target Type, Private Company"],
            ["_id": "v1", "source": fse, "type": "Vessel", "name": "SEA STAR", "call_sign": "9HA1", "vessel_flag": "MT"],
        ]

        private static func parse(tail: String = "") throws -> ParseOutput {
            try ConsolidatedScreeningList.parse(source: "us-csl", file: csv(rows, tail: tail), skipSources: ["SDN"])
        }

        @Test func idIsTheUnderscoreIdAndRepeatedHeaderIsSkippedSilently() throws {
            let output = try Self.parse()
            #expect(output.entities.map(\.id) == ["us-csl:abc123", "us-csl:26182", "us-csl:v1"])
            #expect(output.issues.isEmpty)
        }

        @Test func sourcesInSkipListAreLeftOutWithoutAnIssue() throws {
            let output = try Self.parse()
            #expect(!output.entities.contains { $0.name == "SKIPPED, Party" })
            #expect(output.issues.isEmpty)
        }

        @Test func impossibleDateOfBirthIsAnIssueAndTheRecordIsKept() throws {
            let rows = [["_id": "d1", "source": Self.fse, "type": "Individual", "name": "A PERSON",
                         "dates_of_birth": "1962-00-00; 1980-02-30; 1980-02; 1984-02-29; 31 Feb 1960"]]
            let output = try ConsolidatedScreeningList.parse(source: "us-csl", file: Self.csv(rows))
            let person = try #require(output.entities.first)
            #expect(person.datesOfBirth == [DateOfBirth(year: 1980, month: 2), DateOfBirth(year: 1984, month: 2, day: 29)])
            #expect(output.issues.map(\.field) == ["dates_of_birth", "dates_of_birth", "dates_of_birth"])
            #expect(output.issues.map(\.line) == [2, 2, 2])
            #expect(output.issues.first?.message.contains("1962-00-00") == true)
        }

        @Test func sourceAbbreviationIsTheTextInParentheses() {
            #expect(ConsolidatedScreeningList.sourceAbbreviation(Self.entityList) == "EL")
            #expect(ConsolidatedScreeningList.sourceAbbreviation("Military End User (MEU) List - Bureau of Industry and Security") == "MEU")
            #expect(ConsolidatedScreeningList.sourceAbbreviation("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department") == "NS-MBS List")
        }

        @Test func skipSourcesMatchAbbreviationsWithATrailingWord() throws {
            let row = ["_id": "9", "source": "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "name": "X"]
            let output = try ConsolidatedScreeningList.parse(source: "us-csl", file: Self.csv([row]), skipSources: ["NS-MBS"])
            #expect(output.entities.isEmpty)
        }

        @Test func programsAreTheSourceNameThenTheProgramsField() throws {
            let output = try Self.parse()
            #expect(output.entities[0].programs == ["Entity List (EL)", "Export Administration Regulations"])
            #expect(output.entities[1].programs == ["Foreign Sanctions Evaders (FSE)", "FSE-IR"])
        }

        @Test func typeEmptyForBISRowsIsUnknown() throws {
            let output = try Self.parse()
            #expect(output.entities.map(\.type) == [.unknown, .person, .vessel])
        }

        @Test func multiValuedFieldsSplitOnSemicolonSpace() throws {
            let output = try Self.parse()
            let el = output.entities[0]
            #expect(el.aliases == [Alias(name: "SUPER TRADE", strength: .strong, kind: "aka"), Alias(name: "ST CO", strength: .strong, kind: "aka")])
            #expect(el.addresses == [
                Address(street: "Tian Wang te Zi #1, Baqiao District", city: "Xian", country: "CN"),
                Address(street: "12 Main Road", city: "Karachi", postalCode: "74000", country: "PK"),
            ])
            let person = output.entities[1]
            #expect(person.nationalities == ["TR", "DE"])
            #expect(person.datesOfBirth == [DateOfBirth(year: 1980, month: 2, day: 8), DateOfBirth(year: 1975, approximate: true)])
        }

        @Test func idsKeepIdentifyingKindsOnly() throws {
            let person = try Self.parse().entities[1]
            #expect(person.identifiers == [Identifier(kind: "Passport", value: "U00242309", country: "TR")])
            let vessel = try Self.parse().entities[2]
            #expect(vessel.identifiers == [Identifier(kind: "Call Sign", value: "9HA1"), Identifier(kind: "Vessel Flag", value: "MT", country: "MT")])
        }

        @Test("a last row the file ends inside is reported as the cut, with its line, and not read")
        func truncatedLastRowIsTheCutOffWithItsLine() throws {
            let output = try Self.parse(tail: "\"cut\",\"\(Self.entityList)\",\"\",\"\",\"\",\"Half Row\",\"\",\"Street 1,\nCity")
            #expect(output.entities.count == 3)
            #expect(output.issues.isEmpty)
            #expect(output.cutOff == ParseIssue(file: "us/csl/csl.csv", line: 7, message: "the file ends inside the quoted field opened on line 7"))
        }

        @Test func duplicateIdIsAnIssueAndTheSecondRowIsSkipped() throws {
            let rows = [["_id": "7", "source": Self.fse, "name": "A"], ["_id": "7", "source": Self.entityList, "name": "B"]]
            let output = try ConsolidatedScreeningList.parse(source: "us-csl", file: Self.csv(rows))
            #expect(output.entities.map(\.name) == ["A"])
            #expect(output.issues.map(\.line) == [3])
        }

        @Test func layout2019WithoutUnderscoreIdUsesEntityNumberOrADigest() throws {
            let columns2019 = Array(Self.columns.dropFirst())
            let rows = [
                ["source": Self.sdn, "entity_number": "20264", "name": "200G PSA HOLDINGS LLC", "type": "Entity"],
                ["source": "Denied Persons List (DPL) - Bureau of Industry and Security", "name": " ADRIAN MANUEL HERNANDEZ",
                 "addresses": "3037 S. 69TH DRIVE, PHONEIX, AZ, 85043", "start_date": "2017-10-16"],
            ]
            let output = try ConsolidatedScreeningList.parse(source: "us-csl", file: Self.csv(rows, columns: columns2019))
            #expect(output.entities.first?.id == "us-csl:20264")
            let expected = StableID.of("DPL|ADRIAN MANUEL HERNANDEZ|3037 S. 69TH DRIVE, PHONEIX, AZ, 85043|2017-10-16")
            #expect(output.entities.last?.id == "us-csl:\(expected)")
            #expect(output.entities.last?.name == "ADRIAN MANUEL HERNANDEZ")
        }

        @Test func headerWithoutNameColumnThrows() {
            #expect(throws: ListLoadError.self) {
                try ConsolidatedScreeningList.parse(source: "us-csl", file: ListTestSupport.file("us/csl/x.csv", "a,b\n1,2\n"))
            }
        }

        @Test func sample2019FixtureReadsEveryRow() throws {
            let file = try ListTestSupport.file("csl_SAMPLE_2019.csv", in: ListTestSupport.fixturesDirectory)
            let output = try ConsolidatedScreeningList.parse(source: "us-csl", file: file)
            #expect(output.entities.count == 115)
            #expect(output.issues.isEmpty)
            #expect(Set(output.entities.map(\.id)).count == 115)
        }

        /// The bundle is the 2023 cut-off (1,462 parties) plus the 1,749 parties only the complete 2022 list holds.
        @Test func bundledCSLKeepsOnlyTheBISAndStateSources() throws {
            let list = try ListTestSupport.bundled("us-csl")
            let perSource = Dictionary(grouping: list.entities) { $0.programs.first ?? "" }.mapValues(\.count)
            #expect(perSource == [
                "Entity List (EL)": 1_988, "Unverified List (UVL)": 244, "Nonproliferation Sanctions (ISN)": 172,
                "ITAR Debarred (DTC)": 736, "Military End User (MEU) List": 71,
            ])
            #expect(list.issues.count == 1)
            #expect(list.issues.first?.line == 4_233)
            #expect(list.metadata.partial != nil)
            #expect(list.entities.allSatisfy { $0.type == .unknown })
        }
    }
}
