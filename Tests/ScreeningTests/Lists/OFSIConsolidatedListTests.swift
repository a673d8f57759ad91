import Foundation
import Testing
import ZIPFoundation
@testable import Screening

extension ListParsing {
    /// The OFSI Consolidated List, read from the real workbook of 2025-04-10 (bundled) and small files.
    @Suite struct OFSIConsolidatedListTests {
        static let path = "uk/ofsi/ConList_2025-04-10.xlsx"

        static func realFile() throws -> ListFile {
            try ListTestSupport.file(path, in: ListTestSupport.listsDirectory)
        }

        private static let realList = Result { try NewFormatSupport.parse(try realFile(), format: .ofsiConListXLSX, source: "uk") }

        private static func real() throws -> ParsedList {
            try realList.get()
        }

        @Test("the real workbook reads whole: 4,686 groups, ids uk:<UK Sanctions List Ref> (the three groups without one by Group ID, reported), the Last Updated day as publication date, no row skipped")
        func realWorkbookReadsWhole() throws {
            let list = try Self.real()
            #expect(list.entities.count == 4_686)
            #expect(list.metadata.published == "2025-04-10")
            let byGroup = list.entities.filter { $0.id.dropFirst(3).allSatisfy(\.isNumber) }.map(\.id).sorted()
            #expect(byGroup == ["uk:15878", "uk:16681", "uk:16682"])
            #expect(list.entities.filter { OFSIGroup.listReference(String($0.id.dropFirst(3))) != nil }.count == 4_683)
            #expect(list.issues.filter { $0.field == "Other Information" }.count == 3)
            #expect(list.issues.allSatisfy { $0.field == "Other Information" || $0.field == "Alias Type" || $0.field == "DOB" }, "\(list.issues.prefix(5))")
            let types = Dictionary(list.entities.map { ($0.type, 1) }, uniquingKeysWith: +)
            #expect(types[.unknown] == nil)
            #expect(list.entities.reduce(0) { $0 + 1 + $1.aliases.filter { $0.kind != "original-script" }.count } == 12_738, "the distinct names of each group")
            #expect(ListSeeds.unsoundEntity(in: list) == nil)
        }

        @Test("a real person: the Primary name row gives the name (surname first), other names are aliases with their quality (Low quality is weak), the Arabic name, date of birth, two nationalities, passports, address")
        func fieldsOfARealPerson() throws {
            let person = try #require(try Self.real().entities.first { $0.name == "BAHAJI Said" })
            #expect(person.type == .person)
            #expect(person.aliases == [
                Alias(name: "ABBATTAY Mohamed", strength: .weak, kind: "AKA, Low quality"),
                Alias(name: "AL MAGHRIBI Abderrahmane", strength: .weak, kind: "AKA, Low quality"),
                Alias(name: "AL MAGHRIBI Zouheir", strength: .strong, kind: "AKA, Good quality"),
                Alias(name: "سعيد باهاجى", strength: .strong, kind: "original-script"),
            ])
            #expect(person.datesOfBirth == [DateOfBirth(year: 1975, month: 7, day: 15)])
            #expect(person.nationalities == ["DE", "MA"])
            #expect(person.identifiers == [
                Identifier(kind: "Passport", value: "28642163"), Identifier(kind: "Passport", value: "954242"),
                Identifier(kind: "National ID No.", value: "1336597587"),
            ])
            #expect(person.addresses == [Address(street: "Bunatwiete 23", city: "Hamburg", postalCode: "21073", country: "DE")])
            #expect(person.programs == ["ISIL (Da'esh) and Al-Qaida"])
        }

        @Test("a real ship: the IMO number, flag, type and owner from Other Information, every other name an alias")
        func fieldsOfARealShip() throws {
            let ship = try #require(try Self.real().entities.first { $0.id == "uk:DPR0100" })
            #expect(ship.name == "SAM JONG 2")
            #expect(ship.type == .vessel)
            #expect(ship.aliases.count == 8)
            #expect(ship.identifiers == [
                Identifier(kind: "IMO", value: "7408873"), Identifier(kind: "Vessel Flag", value: "North Korea", country: "KP"),
                Identifier(kind: "Vessel Type", value: "Oil tanker"), Identifier(kind: "Vessel Owner", value: "Korea Samjong Shipping"),
            ])
            #expect(ship.remarks?.hasPrefix("OFSI Group ID: 13651") == true)
        }

        @Test("a group whose names are all variations takes the Primary name row as the name; 00 day and month are unknown parts of a date of birth")
        func primaryNameAndZeroDates() throws {
            let person = try #require(try Self.real().entities.first { $0.id == "uk:GHR0086" })
            #expect(person.name == "HAQ Mian Abdul")
            #expect(person.aliases.map(\.name) == ["MITHOO Mian", "MITHU Mian", "MITTO Mian", "MITTU Mian"])
            #expect(person.aliases.allSatisfy { $0.kind == "Primary name variation" && $0.strength == .strong })
            #expect(OFSIGroup.dateOfBirth("00/00/1961") == DateOfBirth(year: 1961))
            #expect(OFSIGroup.dateOfBirth("00/07/1961") == DateOfBirth(year: 1961, month: 7))
            #expect(OFSIGroup.dateOfBirth("1978") == DateOfBirth(year: 1978))
            #expect(OFSIGroup.dateOfBirth("31/02/1961") == nil)
        }

        @Test("every designation the bundled FCDO summary also lists has the same id and OFSI Group ID in both")
        func idsMatchTheSummaryExport() throws {
            let summary = try ListLoader.parse(
                entry: ListManifest.Entry(source: "uk", name: "uk", format: "uk-sanctions-list-ods", files: .init(primary: "uk/FCDO_SL_2025-08-11_SUMMARY.ods")),
                format: .ukSanctionsListODS,
                files: .init(primary: try ListTestSupport.file("uk/FCDO_SL_2025-08-11_SUMMARY.ods", in: ListTestSupport.listsDirectory)), sha256: "")
            let groups = Dictionary(summary.entities.map { entity in
                (entity.id, entity.remarks?.prefix(before: ";") ?? "")
            }, uniquingKeysWith: { first, _ in first })
            let shared = try Self.real().entities.filter { groups[$0.id] != nil }
            #expect(shared.count == 4_659)
            for entity in shared {
                #expect(entity.remarks?.hasPrefix((groups[entity.id] ?? "-") + ";") == true, "\(entity.id)")
            }
        }

        @Test("the CSV form of the same rows reads to the same entities")
        func csvFormReadsTheSame() throws {
            let rows = try XLSXSheet.rows(of: try Self.realFile())
            let csv = rows.map { row in row.cells.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }
                .joined(separator: "\r\n") + "\r\n"
            let file = ListFile(path: "uk/ConList.csv", data: Data(csv.utf8))
            #expect(ListFormatDetection.detect(file.data) == "ofsi-conlist-csv")
            let list = try NewFormatSupport.parse(file, format: .ofsiConListCSV, source: "uk")
            #expect(list.entities == (try Self.real().entities))
            #expect(list.metadata.published == "2025-04-10")
        }

        @Test("malformed rows are reported with their line and skipped (no Group ID, no name, a broken quote); an unreadable date of birth is reported and left out; a group without a reference is identified by its Group ID")
        func malformedRowsAreSkipped() throws {
            let file = ListTestSupport.file("uk/ConList.csv", """
                Last Updated,31/01/2026\r
                Name 6,Name 1,DOB,Other Information,Group Type,Alias Type,Alias Quality,Regime,Group ID\r
                PETROV,Ivan,31/02/1960,(UK Sanctions List Ref):RUS0001.,Individual,Primary name,,Russia,1\r
                PETROFF,Ivan,00/00/1960,(UK Sanctions List Ref):RUS0001.,Individual,AKA,Low quality,Russia,1\r
                NOGROUP,,,,Individual,Primary name,,Russia,\r
                ,,,,Entity,Primary name,,Russia,2\r
                BROKEN "quote,,,,Entity,Primary name,,Russia,3\r
                ACME LTD,,,(UN Ref):QDe.1,Entity,Primary name,,Russia,4\r

                """)
            let list = try OFSIConsolidatedList.parseCSV(source: "uk", file: file)
            #expect(list.entities.map(\.id) == ["uk:RUS0001", "uk:4"])
            #expect(list.published == "2026-01-31")
            #expect(list.skipped.count == 3)
            let petrov = try #require(list.entities.first)
            #expect(petrov.aliases == [Alias(name: "PETROFF Ivan", strength: .weak, kind: "AKA, Low quality")])
            #expect(petrov.datesOfBirth == [DateOfBirth(year: 1960)])
            #expect(list.issues.contains(ParseIssue(file: "uk/ConList.csv", line: 3, field: "DOB", message: "unreadable or impossible date of birth \"31/02/1960\"; left out")))
            #expect(list.issues.contains(ParseIssue(file: "uk/ConList.csv", line: 5, field: "Group ID", message: "no Group ID; row skipped")))
            #expect(list.issues.contains(ParseIssue(file: "uk/ConList.csv", line: 6, field: "Name 6", message: "no name in Name 1-6; row skipped")))
            #expect(list.issues.contains { $0.line == 7 && $0.message.hasPrefix("unreadable row") })
            #expect(list.issues.contains(ParseIssue(file: "uk/ConList.csv", line: 8, field: "Other Information", message: "group 4 has no UK Sanctions List Ref; id uk:4 from its Group ID")))
        }

        @Test("a file without the ConList header is refused naming the file")
        func otherFilesAreRefused() {
            let file = ListTestSupport.file("uk/x.csv", "a,b\r\n1,2\r\n")
            #expect(throws: ListLoadError.self) { try OFSIConsolidatedList.parseCSV(source: "uk", file: file) }
            let error = #expect(throws: ListLoadError.self) { try OFSIConsolidatedList.parseCSV(source: "uk", file: file) }
            #expect(error?.description.hasPrefix("uk/x.csv:1:") == true)
        }

        @Test("the real workbook and its CSV form are recognised by their content; the OFSI formats may stand for the UK list only")
        func detection() throws {
            #expect(ListFormatDetection.detect(try Self.realFile().data) == "ofsi-conlist-xlsx")
            #expect(ListFormatDetection.detect(Data("Last Updated,10/04/2025\r\nName 6,Name 1\r\n".utf8)) == "ofsi-conlist-csv")
            #expect(ListFormatDetection.mayReplace("uk-sanctions-list-ods", with: "ofsi-conlist-xlsx"))
            #expect(ListFormatDetection.mayReplace("fcdo-uk-sanctions-xml", with: "ofsi-conlist-csv"))
            #expect(!ListFormatDetection.mayReplace("un-consolidated-xml", with: "ofsi-conlist-xlsx"))
        }

        @Test("seeded fuzz of a workbook of the real first 300 rows, its zip bytes damaged: refused naming the file, or read soundly; never a crash or a hang")
        func fuzzWorkbook() throws {
            let refused = NewFormatSupport.fuzz(
                ListFile(path: "uk/ConList.xlsx", data: try XLSXSheetTests.realPrefix(rows: 300)), format: .ofsiConListXLSX, source: "uk",
                seed: 0x0F51_0001, rounds: 14, wholeAfterCut: { _ in false })
            #expect(refused >= 7)
        }

        @Test("seeded fuzz of the CSV form of the real rows (first 400): refused naming the file, or read soundly; never a crash or a hang")
        func fuzzCSV() throws {
            let rows = try XLSXSheet.rows(of: try Self.realFile()).prefix(400)
            let csv = rows.map { row in row.cells.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }
                .joined(separator: "\r\n") + "\r\n"
            NewFormatSupport.fuzz(
                ListFile(path: "uk/ConList.csv", data: Data(csv.utf8)), format: .ofsiConListCSV, source: "uk", seed: 0x0F51_0002, rounds: 28,
                wholeAfterCut: { $0.last == 0x0A })
        }
    }
}
