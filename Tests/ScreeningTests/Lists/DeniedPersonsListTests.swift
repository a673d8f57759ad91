import Foundation
import DataFormats
import Testing
@testable import Screening

extension ListParsing {
    @Suite struct DeniedPersonsListTests {
        private static let header = ["Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
                                     "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation"]

        private static func tsv(_ rows: [[String]]) -> ListFile {
            let lines = ([header] + rows).map { $0.map { "\"\($0)\"" }.joined(separator: "\t") }
            return ListTestSupport.file("us/dpl/dpl.txt", lines.joined(separator: "\n") + "\n")
        }

        private static let rows = [
            [" I. ASH", "FCI SEAGOVILLE", "SEAGOVILLE", "TX", "US", "75159", "06/19/2003", "06/29/2056", "Y", "2007-01-31", "UPDATED", "68 F.R. 38290"],
            ["MOHAMMAD ALI", "1 ROAD", "DUBAI", "", "AE", "", "01/02/2020", "01/02/2030", "Y", "2020-01-05", "ADDED", "85 F.R. 100"],
            ["MOHAMMAD  ALI", "2 STREET", "TEHRAN", "", "IR", "", "01/02/2020", "01/02/2030", "Y", "2023-11-28", "ADDED", "85 F.R. 100"],
            ["MOHAMMAD ALI", "3 AVENUE", "EL PASO", "TX", "", "79905", "05/05/2021", "05/05/2031", "Y", "3033-09-30", "ADDED", "86 F.R. 7"],
        ]

        private static func parse() throws -> ParseOutput {
            try DeniedPersonsList.parse(source: "us-dpl", file: tsv(rows), today: try #require(CivilDate("2025-01-01")))
        }

        @Test func rowsOfOneDenialOrderBecomeOneEntityWithSeveralAddresses() throws {
            let output = try Self.parse()
            #expect(output.entities.count == 3)
            let order = output.entities[1]
            #expect(order.addresses.map(\.city) == ["DUBAI", "TEHRAN"])
            #expect(order.addresses.map(\.country) == ["AE", "IR"])
        }

        @Test func idIsTheDigestOfNameEffectiveDateAndCitation() throws {
            let output = try Self.parse()
            let key = DeniedPersonsList.orderKey(name: "Mohammad   Ali", effectiveDate: "01/02/2020", citation: "85 F.R. 100")
            #expect(key == "MOHAMMAD ALI|01/02/2020|85 F.R. 100")
            #expect(output.entities[1].id == "us-dpl:" + StableID.of(key))
            #expect(output.entities[1].id.count == "us-dpl:".count + 16)
            #expect(output.entities[1].id != output.entities[2].id)
        }

        @Test func normalisedNameIsUpperCaseWithSingleSpaces() {
            #expect(StableID.normalisedName("  Adrian \t Manuel\nHernandez ") == "ADRIAN MANUEL HERNANDEZ")
            #expect(DeniedPersonsList.orderKey(name: " i.  ash", effectiveDate: "06/19/2003", citation: "68 F.R. 38290") == "I. ASH|06/19/2003|68 F.R. 38290")
        }

        @Test func namesAreTrimmedAndTypeIsUnknown() throws {
            let ash = try #require(try Self.parse().entities.first)
            #expect(ash.name == "I. ASH")
            #expect(ash.type == .unknown)
            #expect(ash.programs == ["Denied Persons List"])
        }

        @Test func emptyCountryMeansUnitedStates() throws {
            let elPaso = try #require(try Self.parse().entities.last)
            #expect(elPaso.addresses == [Address(street: "3 AVENUE", city: "EL PASO", region: "TX", postalCode: "79905", country: "US")])
        }

        @Test func futureLastUpdateIsAWarningAndNotThePublicationDate() throws {
            let output = try Self.parse()
            #expect(output.published == "2023-11-28")
            #expect(output.issues.count == 1)
            #expect(output.issues.first?.line == 5)
            #expect(output.issues.first?.field == "Last_Update")
            #expect(output.entities.count == 3)
        }

        @Test("a Last_Update that is not a real day is not taken as the list's date")
        func impossibleLastUpdateIsNotThePublicationDate() throws {
            let rows = [Self.rows[0], Self.rows[1].enumerated().map { $0.offset == 9 ? "2024-02-30" : $0.element }]
            let output = try DeniedPersonsList.parse(source: "us-dpl", file: Self.tsv(rows), today: try #require(CivilDate("2025-01-01")))
            #expect(output.published == "2007-01-31")
        }

        @Test func rowWithWrongFieldCountIsSkippedWithItsLine() throws {
            let file = ListTestSupport.file("us/dpl/dpl.txt", Self.header.map { "\"\($0)\"" }.joined(separator: "\t") + "\n\"ONLY\"\t\"TWO\"\n")
            let output = try DeniedPersonsList.parse(source: "us-dpl", file: file)
            #expect(output.entities.isEmpty)
            #expect(output.issues.map(\.line) == [2])
        }

        @Test func headerWithoutNameColumnThrows() {
            #expect(throws: ListLoadError.self) {
                try DeniedPersonsList.parse(source: "us-dpl", file: ListTestSupport.file("us/dpl/dpl.txt", "\"Who\"\t\"Where\"\n"))
            }
        }

        @Test func bundledDPLHas577DenialOrdersFrom665Rows() throws {
            let list = try ListTestSupport.bundled("us-dpl")
            // 665 rows, 545 distinct trimmed names; some persons have several orders (renewals, re-dated orders).
            #expect(list.entities.count == 577)
            #expect(list.entities.map(\.addresses.count).reduce(0, +) <= 665)
            #expect(Set(list.entities.map(\.id)).count == 577)
            #expect(Set(list.entities.map(\.name)).count == 545)
            #expect(list.metadata.published == "2023-11-28")
            #expect(list.issues.count == 1)
            #expect(list.issues.first?.message.contains("3033-09-30") == true)
        }
    }
}
