import Foundation
import Testing
@testable import Screening

extension ListParsing {
    @Suite struct OFACLegacyCSVTests {
        private static let sdn = """
            306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'BNC'."\r
            4238,"MAR AZUL","vessel","CUBA",-0- ,"CL2192","Tug",-0- ,"212","Cuba","Samir de Navegacion S.A.",-0- \r
            2686,"NASRALLAH, Hasan","individual","SDGT] [SYRIA","Secretary General of Hizballah",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 31 Aug 1960; alt. DOB 31 Aug 1953; Passport 042833 (Lebanon)."\r
            9999,"SHORT ROW",-0- \r
            7000,"N-123",aircraft,"IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r
            \u{1A}
            """

        private static func files(sdn: String = sdn, add: String? = nil, alt: String? = nil, comments: String? = nil) -> OFACLegacyCSV.Files {
            OFACLegacyCSV.Files(
                primary: ListTestSupport.file("sdn.csv", sdn),
                addresses: add.map { ListTestSupport.file("add.csv", $0) },
                aliases: alt.map { ListTestSupport.file("alt.csv", $0) },
                comments: comments.map { ListTestSupport.file("sdn_comments.csv", $0) }
            )
        }

        private static func entity(_ output: ParseOutput, _ id: String) -> Entity? {
            output.entities.first { $0.id == id }
        }

        @Test func idsAreSourcePrefixedEntNums() throws {
            let output = try OFACLegacyCSV.parse(source: "ofac-cons", files: Self.files())
            #expect(output.entities.map(\.id) == ["ofac-cons:306", "ofac-cons:4238", "ofac-cons:2686", "ofac-cons:7000"])
        }

        @Test func nullFieldWithTrailingSpaceIsEmptyAndMeansOrganization() throws {
            let bank = try #require(Self.entity(OFACLegacyCSV.parse(source: "ofac-sdn", files: Self.files()), "ofac-sdn:306"))
            #expect(bank.type == .organization)
            #expect(bank.identifiers.isEmpty)
            #expect(OFACLegacyCSV.nonNull("-0- ") == nil)
        }

        @Test func typesMapToPersonVesselAircraft() throws {
            let output = try OFACLegacyCSV.parse(source: "ofac-sdn", files: Self.files())
            #expect(output.entities.map(\.type) == [.organization, .vessel, .person, .aircraft])
        }

        @Test func programsSplitOnClosingAndOpeningBracket() throws {
            #expect(OFACLegacyCSV.programs("SDGT] [SYRIA") == ["SDGT", "SYRIA"])
            #expect(OFACLegacyCSV.programs("IRAN] [SDGT] [IFSR") == ["IRAN", "SDGT", "IFSR"])
            #expect(OFACLegacyCSV.programs("-0- ") == [])
        }

        @Test func malformedRowIsAnIssueWithItsLineAndIsSkipped() throws {
            let output = try OFACLegacyCSV.parse(source: "ofac-sdn", files: Self.files())
            #expect(output.issues.count == 1)
            #expect(output.issues.first?.file == "sdn.csv")
            #expect(output.issues.first?.line == 4)
            #expect(!output.entities.contains { $0.name == "SHORT ROW" })
        }

        @Test func vesselFieldsBecomeIdentifiers() throws {
            let vessel = try #require(Self.entity(OFACLegacyCSV.parse(source: "ofac-sdn", files: Self.files()), "ofac-sdn:4238"))
            #expect(vessel.identifiers == [
                Identifier(kind: "Call Sign", value: "CL2192"),
                Identifier(kind: "Vessel Type", value: "Tug"),
                Identifier(kind: "Vessel Flag", value: "Cuba", country: "CU"),
                Identifier(kind: "Vessel Owner", value: "Samir de Navegacion S.A."),
            ])
        }

        @Test func ofacWeakAliasesComeFromRemarks() throws {
            let bank = try #require(Self.entity(OFACLegacyCSV.parse(source: "ofac-sdn", files: Self.files()), "ofac-sdn:306"))
            #expect(bank.aliases == [Alias(name: "BNC", strength: .weak, kind: "aka")])
            #expect(bank.remarks == "a.k.a. 'BNC'.")
        }

        @Test func strongAliasesComeFromAltFile() throws {
            let alt = "306,1,\"aka\",\"NATIONAL BANK OF CUBA\",-0- \r\n306,2,\"fka\",\"OLD BANK\",-0- \r\n\u{1A}"
            let bank = try #require(Self.entity(OFACLegacyCSV.parse(source: "ofac-sdn", files: Self.files(alt: alt)), "ofac-sdn:306"))
            #expect(bank.aliases == [
                Alias(name: "NATIONAL BANK OF CUBA", strength: .strong, kind: "aka"),
                Alias(name: "OLD BANK", strength: .strong, kind: "fka"),
                Alias(name: "BNC", strength: .weak, kind: "aka"),
            ])
        }

        @Test func addressesJoinOnEntNumWithCountryCodesAndNullRowsDropped() throws {
            let add = "306,1,\"Calle 1\",\"Havana\",\"Cuba\",-0- \r\n4238,2,-0- ,-0- ,-0- ,-0- \r\n\u{1A}"
            let output = try OFACLegacyCSV.parse(source: "ofac-sdn", files: Self.files(add: add))
            #expect(Self.entity(output, "ofac-sdn:306")?.addresses == [Address(street: "Calle 1", city: "Havana", country: "CU")])
            #expect(Self.entity(output, "ofac-sdn:4238")?.addresses == [])
        }

        @Test func cutRemarksContinueFromCommentsWithoutASpace() throws {
            let head = "Linked To: LAZARUS GROUP; a.k.a. 'snowsjo"
            let padding = String(repeating: "X", count: OFACLegacyCSV.remarksCut - head.count - 8)
            let remarks = "Website \(padding)\(head)"
            #expect(remarks.count == OFACLegacyCSV.remarksCut)
            let sdn = "45,\"HACKER\",individual,\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"\(remarks)\"\r\n\u{1A}"
            let comments = "45,\"hn'; Linked To: LAZARUS GROUP.\"\n\u{1A}"
            let hacker = try #require(try OFACLegacyCSV.parse(source: "ofac-sdn", files: Self.files(sdn: sdn, comments: comments)).entities.first)
            #expect(hacker.aliases == [Alias(name: "snowsjohn", strength: .weak, kind: "aka")])
            #expect(hacker.remarks?.hasSuffix("'snowsjohn'; Linked To: LAZARUS GROUP.") == true)
        }

        @Test func cutRemarksWithoutContinuationAreKeptWithAWarning() throws {
            let remarks = String(repeating: "Y", count: OFACLegacyCSV.remarksCut)
            let sdn = "45,\"CUT\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"\(remarks)\"\r\n"
            let output = try OFACLegacyCSV.parse(source: "ofac-sdn", files: Self.files(sdn: sdn))
            #expect(output.entities.count == 1)
            #expect(output.issues.map(\.field) == ["Remarks"])
        }

        @Test func rowsOfJoinedFilesWithoutAPrimaryRecordAreReported() throws {
            let alt = "123456,1,\"aka\",\"NOBODY\",-0- \r\n"
            let output = try OFACLegacyCSV.parse(source: "ofac-sdn", files: Self.files(alt: alt))
            #expect(output.issues.contains { $0.message.contains("123456") })
        }

        // MARK: - Bundled files

        @Test func bundledSDNHasEveryEntityByType() throws {
            let list = try ListTestSupport.bundled("ofac-sdn")
            let types = Dictionary(grouping: list.entities, by: \.type).mapValues(\.count)
            #expect(list.entities.count == 13_821)
            #expect(types == [.person: 6_646, .organization: 6_033, .vessel: 764, .aircraft: 378])
            #expect(list.entities.filter { $0.programs.count > 1 }.count == 1_584)
            #expect(list.metadata.published == "2023-12-28")
        }

        @Test func bundledSDNBancoNacionalDeCubaHasWeakAliasBNC() throws {
            let list = try ListTestSupport.bundled("ofac-sdn")
            let bank = try #require(list.entities.first { $0.id == "ofac-sdn:306" })
            #expect(bank.name == "BANCO NACIONAL DE CUBA")
            #expect(bank.aliases.contains(Alias(name: "BNC", strength: .weak, kind: "aka")))
        }

        @Test func bundledSDNNasrallahHasBothDatesOfBirth() throws {
            let list = try ListTestSupport.bundled("ofac-sdn")
            let nasrallah = try #require(list.entities.first { $0.id == "ofac-sdn:2686" })
            #expect(nasrallah.name == "NASRALLAH, Hasan")
            #expect(nasrallah.programs == ["SDGT", "SYRIA"])
            #expect(nasrallah.datesOfBirth.contains(DateOfBirth(year: 1960, month: 8, day: 31)))
            #expect(nasrallah.datesOfBirth.contains(DateOfBirth(year: 1953, month: 8, day: 31)))
            #expect(nasrallah.identifiers.contains(Identifier(kind: "Passport", value: "042833", country: "LB")))
        }

        @Test func bundledSDNAliasCountsMatchTheFiles() throws {
            let list = try ListTestSupport.bundled("ofac-sdn")
            let aliases = list.entities.flatMap(\.aliases)
            #expect(aliases.filter { $0.strength == .strong }.count == 17_091)
            // Every `a.k.a. '`, `f.k.a. '`, `n.k.a. '` in Remarks plus their sdn_comments continuations.
            #expect(aliases.filter { $0.strength == .weak }.count == 3_386)
        }

        @Test func bundledSDNOnlyIssueIsTheRemarksCutWithoutContinuation() throws {
            let list = try ListTestSupport.bundled("ofac-sdn")
            #expect(list.issues.count == 1)
            let issue = try #require(list.issues.first)
            #expect(issue.file == "ofac/sdn/sdn.csv")
            #expect(issue.field == "Remarks")
            let cut = try #require(list.entities.first { $0.id == "ofac-sdn:45430" })
            #expect(cut.remarks?.count == OFACLegacyCSV.remarksCut)
            let continued = try #require(list.entities.first { $0.id == "ofac-sdn:17018" })
            #expect((continued.remarks?.count ?? 0) > OFACLegacyCSV.remarksCut)
        }

        @Test func bundledConsolidatedListHas442Entities() throws {
            let list = try ListTestSupport.bundled("ofac-cons")
            #expect(list.entities.count == 442)
            #expect(list.issues.isEmpty)
            #expect(list.entities.allSatisfy { $0.id.hasPrefix("ofac-cons:") })
        }

        @Test func regressionSDN2021FixtureHas8976Entities() throws {
            let base = ListTestSupport.fixturesDirectory.appendingPathComponent("sdn_2021-07")
            let files = OFACLegacyCSV.Files(
                primary: try ListTestSupport.file("sdn.csv", in: base),
                addresses: try ListTestSupport.file("add.csv", in: base),
                aliases: try ListTestSupport.file("alt.csv", in: base),
                comments: try ListTestSupport.file("sdn_comments.csv", in: base)
            )
            let output = try OFACLegacyCSV.parse(source: "ofac-sdn", files: files)
            #expect(output.entities.count == 8_976)
            #expect(output.issues.isEmpty)
            #expect(output.entities.flatMap(\.aliases).filter { $0.strength == .strong }.count == 11_910)
        }
    }
}
