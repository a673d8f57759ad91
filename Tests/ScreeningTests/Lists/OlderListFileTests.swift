import Foundation
import Testing
@testable import Screening

extension ListParsing {
    /// The complete CSL of 2022 (gzip) and the bundled lists combined from an older and a newer file.
    @Suite struct OlderListFileTests {
        static let csl2022 = "us/csl_2022/consolidated.csv.gz"

        static func entry(skip: [String] = []) -> ListManifest.Entry {
            ListManifest.Entry(source: "us-csl", name: "CSL", format: "trade-gov-csl-csv", files: .init(primary: csl2022), skipSources: skip)
        }

        /// The sources the bundle loads from their own files (Treasury rows repeat their `_id` across SDN, CAP and SSI).
        static let skipped = ["SDN", "DPL", "SSI", "PLC", "CMIC", "NS-MBS", "FSE", "CAP"]

        @Test("the gzip CSL of 2022 is recognised by its content and read whole (less the sources loaded from their own files): the whole Entity List of 2,001 rows with addresses")
        func gzipCSLReadsWhole() throws {
            let file = try ListTestSupport.file(Self.csl2022, in: ListTestSupport.listsDirectory)
            #expect(ListFormatDetection.detect(file.data) == "trade-gov-csl-csv")
            #expect(try Gzip.inflate(file).count == 5_829_294)
            let list = try ListLoader.parse(entry: Self.entry(skip: Self.skipped), format: .tradeGovCSLCSV, files: .init(primary: file), sha256: "")
            #expect(!list.issues.contains { $0.message.contains("skipped") }, "\(list.issues.prefix(3))")
            #expect(list.entities.count == 2_001 + 201 + 163 + 727 + 71, "EL, UVL, ISN, DTC, MEU")
            let entityList = list.entities.filter { $0.programs.first == "Entity List (EL)" }
            #expect(entityList.count == 2_001)
            #expect(entityList.allSatisfy { !$0.addresses.isEmpty })
        }

        @Test("a damaged gzip file is refused naming it: cut off, a flipped byte in the data, a wrong checksum, not gzip at all")
        func damagedGzipIsRefused() throws {
            let bytes = Array(try ListTestSupport.file(Self.csl2022, in: ListTestSupport.listsDirectory).data)
            var flipped = bytes
            flipped[bytes.count / 2] ^= 0x55
            var checksum = bytes
            checksum[bytes.count - 6] ^= 0x01
            for damaged in [Array(bytes.prefix(bytes.count / 2)), Array(bytes.prefix(12)), flipped, checksum] {
                let file = ListFile(path: "us/x.csv.gz", data: Data(damaged))
                let error = #expect(throws: ListLoadError.self) {
                    try ListLoader.parse(entry: Self.entry(skip: Self.skipped), format: .tradeGovCSLCSV, files: .init(primary: file), sha256: "")
                }
                #expect(error?.description.hasPrefix("us/x.csv.gz:") == true, "\(String(describing: error))")
            }
        }

        @Test("seeded fuzz of the real gzip CSL: refused naming the file, or read soundly; never a crash or a hang")
        func fuzzGzip() throws {
            let refused = NewFormatSupport.fuzz(
                try ListTestSupport.file(Self.csl2022, in: ListTestSupport.listsDirectory), format: .tradeGovCSLCSV, source: "us-csl",
                seed: 0x0C51_2022, rounds: 7, wholeAfterCut: { _ in false })
            #expect(refused == 7, "any damage to a gzip file fails its checksum")
        }

        @Test("the bundled CSL keeps every Entity List party of 2022: each 2022 name is in the bundle, the ones the cut-off 2023 file lacks marked as from 2022")
        func bundledCSLKeepsThe2022EntityList() throws {
            let bundled = try ListTestSupport.bundled("us-csl")
            let file = try ListTestSupport.file(Self.csl2022, in: ListTestSupport.listsDirectory)
            let complete = try ListLoader.parse(entry: Self.entry(skip: Self.skipped), format: .tradeGovCSLCSV, files: .init(primary: file), sha256: "")
            let names = Set(bundled.entities.filter { $0.programs.first == "Entity List (EL)" }.map { StableID.normalisedName($0.name) })
            let missing = complete.entities.filter { $0.programs.first == "Entity List (EL)" && !names.contains(StableID.normalisedName($0.name)) }
            #expect(missing.isEmpty, "\(missing.prefix(3).map(\.name))")
            let from2022 = bundled.entities.filter { $0.remarks?.hasPrefix("From the complete list of 2022-04-21") == true }
            #expect(from2022.count > 1_000)
            #expect(!bundled.entities.contains { $0.programs.first == "Specially Designated Nationals (SDN)" }, "skipped sources stay skipped in the older file")
            #expect(bundled.metadata.published == "2023-11-30")
            #expect(bundled.metadata.partial?.contains("2022-04-21") == true)
            #expect(ListSeeds.unsoundEntity(in: bundled) == nil)
        }

        @Test("keep-missing: the newer file's entities stay as they are; an older entity absent by id and by program and name is added, marked")
        func keepMissing() {
            let newer = ParsedList(metadata: .init(source: "s", name: "s", published: "2023-01-01", sha256: ""), entities: [
                Entity(id: "s:1", source: "s", programs: ["EL"], type: .organization, name: "ACME"),
                Entity(id: "s:new-id", source: "s", programs: ["EL"], type: .organization, name: "Beta  Corp"),
            ])
            let older = ParsedList(metadata: .init(source: "s", name: "s", published: "2022-01-01", sha256: ""), entities: [
                Entity(id: "s:1", source: "s", programs: ["EL"], type: .organization, name: "ACME OLD"),
                Entity(id: "s:old-id", source: "s", programs: ["EL"], type: .organization, name: "BETA CORP"),
                Entity(id: "s:3", source: "s", programs: ["EL"], type: .organization, name: "GAMMA", remarks: "r"),
                Entity(id: "s:4", source: "s", programs: ["UVL"], type: .organization, name: "ACME"),
            ])
            let merged = OlderListMerge.merge(newer: newer, older: older, use: .keepMissing, olderPath: "old.csv")
            #expect(merged.entities.map(\.id) == ["s:1", "s:new-id", "s:3", "s:4"])
            #expect(merged.entities[0].name == "ACME")
            #expect(merged.entities[2].remarks == "From the complete list of 2022-01-01: not in the newer file of 2023-01-01, which is cut off; r")
        }

        @Test("details: the newer file decides which parties are listed and their names; the older one adds aliases and details; delisted ones are left out and reported")
        func details() {
            let newer = ParsedList(metadata: .init(source: "uk", name: "uk", published: "2025-08-11", sha256: ""), entities: [
                Entity(id: "uk:A1", source: "uk", programs: ["Russia"], type: .person, name: "PETROV IVAN"),
                Entity(id: "uk:A2", source: "uk", programs: ["Russia"], type: .person, name: "NEW PERSON"),
            ])
            let older = ParsedList(metadata: .init(source: "uk", name: "uk", published: "2025-04-10", sha256: ""), entities: [
                Entity(id: "uk:A1", source: "uk", programs: ["Russia"], type: .person, name: "PETROV Ivan",
                       aliases: [Alias(name: "PETROFF Ivan", strength: .weak, kind: "AKA, Low quality")], datesOfBirth: [DateOfBirth(year: 1960)]),
                Entity(id: "uk:A0", source: "uk", programs: ["Russia"], type: .person, name: "GONE"),
            ])
            let merged = OlderListMerge.merge(newer: newer, older: older, use: .details, olderPath: "uk/old.xlsx")
            #expect(merged.entities.map(\.id) == ["uk:A1", "uk:A2"])
            let petrov = merged.entities[0]
            #expect(petrov.name == "PETROV IVAN")
            #expect(petrov.aliases == [
                Alias(name: "PETROV Ivan", strength: .strong, kind: "name on the list of 2025-04-10"),
                Alias(name: "PETROFF Ivan", strength: .weak, kind: "AKA, Low quality"),
            ])
            #expect(petrov.datesOfBirth == [DateOfBirth(year: 1960)])
            #expect(merged.entities[1] == newer.entities[1])
            #expect(merged.issues.map(\.message) == ["1 designation(s) of the file of 2025-04-10 are not in the newer list of 2025-08-11 (delisted since) and are left out: uk:A0"])
        }

        @Test("the bundled UK list: the summary's 5,300 designations, 4,659 with the ConList's aliases and details; the older file's digest is part of the list's")
        func bundledUKList() throws {
            let uk = try ListTestSupport.bundled("uk")
            #expect(uk.entities.count == 5_300)
            #expect(uk.entities.filter { $0.remarks?.contains("from the list of 2025-04-10") == true }.count == 4_659)
            let bahaji = try #require(uk.entities.first { $0.id == "uk:AQD0300" })
            #expect(bahaji.aliases.contains(Alias(name: "ABBATTAY Mohamed", strength: .weak, kind: "AKA, Low quality")))
            #expect(uk.metadata.published == "2025-08-11")
            #expect(uk.metadata.sha256 != "0104617a113970a350a5ad0d47b49eac07764a4bb598dababa6365c111cd35b4")
        }
    }
}
