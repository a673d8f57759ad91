import Foundation
import Testing
@testable import Screening

extension ListParsing {
    /// Damaged list files of every bundled format: refused with the place, or read into sound
    /// entities; never a crash, never a hang, never a cut-off file taken for a whole one.
    @Suite struct ListFuzzTests {
        /// The formats, each with its own generator seed; `uk-zip` damages the archive's bytes,
        /// `uk-content` its `content.xml` before zipping (a CRC would catch most damage to the zip).
        static let formats: [(name: String, seed: UInt64)] = [
            ("un", 0x0C0F_FEE1), ("us-dpl", 0x0D91_0001), ("us-csl", 0x0C51_0002), ("ofac-sdn", 0x05D4_0003),
            ("uk-zip", 0x0B0B_0004), ("uk-content", 0x0B0B_0005),
        ]

        /// Mutations per format: each kind of `Mutation` seven or eight times.
        static let rounds = 48

        /// The seed list of a fuzz format and whether its damage goes into the zip's content.
        private static func seed(_ name: String) throws -> ListSeeds.Seed {
            switch name {
            case "un": try ListSeeds.un()
            case "us-dpl": try ListSeeds.dpl()
            case "us-csl": try ListSeeds.csl()
            case "ofac-sdn": try ListSeeds.sdn()
            default: try ListSeeds.uk()
            }
        }

        @Test("every seed list file reads completely before it is damaged")
        func seedsAreSound() throws {
            for format in Self.formats where format.name != "uk-content" {
                let list = try Self.seed(format.name).parse()
                #expect(list.entities.count > 8, "\(format.name)")
                #expect(list.issues.allSatisfy { !$0.message.hasSuffix("skipped") }, "\(format.name): \(list.issues)")
                #expect(ListSeeds.unsoundEntity(in: list) == nil)
            }
        }

        @Test("seeded fuzz: a damaged list file is refused naming its place, or read into sound entities", arguments: formats)
        func damagedFilesAreRefusedOrReadSoundly(format: (name: String, seed: UInt64)) throws {
            let seed = try Self.seed(format.name)
            let content = format.name == "uk-content" ? try ListSeeds.ukContent() : nil
            var random = SplitMix64(state: format.seed)
            var refused = 0
            for round in 0..<Self.rounds {
                let mutation = Mutation.allCases[round % Mutation.allCases.count]
                var damaged = seed
                let cutAtRecordEnd: Bool
                if let content {
                    let bytes = mutation.apply(to: Array(content), using: &random)
                    damaged.files.primary.data = try ListSeeds.ods(Data(bytes))
                    cutAtRecordEnd = mutation == .truncate && Self.closesTheRoot(bytes)
                } else {
                    let which = format.name == "ofac-sdn" && Bool.random(using: &random) ? Int.random(in: 1...3, using: &random) : 0
                    let file = [seed.files.primary, seed.files.addresses, seed.files.aliases, seed.files.comments][which]
                    let bytes = mutation.apply(to: Array(file?.data ?? Data()), using: &random)
                    damaged.files.set(which, to: Data(bytes))
                    cutAtRecordEnd = mutation == .truncate && Self.endsARecord(bytes, format: seed.format)
                }
                let attempt = damaged
                let outcome = ListSeeds.withinTimeLimit(seconds: 20) {
                    Result { () throws(ListLoadError) in try attempt.parse() }
                }
                let label = "\(format.name) round \(round) (\(mutation.rawValue))"
                switch outcome {
                case nil:
                    Issue.record("\(label): no answer within 20 s")
                case .failure(let error):
                    refused += 1
                    #expect(seed.paths.contains { error.description.contains($0) }, "\(label): the refusal names no file: \(error)")
                case .success(let list):
                    #expect(ListSeeds.unsoundEntity(in: list) == nil, "\(label): \(ListSeeds.unsoundEntity(in: list) ?? "")")
                    if mutation == .truncate {
                        #expect(cutAtRecordEnd, "\(label): a file cut inside a record was read (\(list.entities.count) entities)")
                    }
                }
            }
            #expect(refused >= Self.rounds / 4, "\(format.name): only \(refused) of \(Self.rounds) damaged files were refused")
        }

        /// Whether an XML prefix still holds the whole root element (only white space was cut).
        static func closesTheRoot(_ bytes: [UInt8]) -> Bool {
            let text = String(decoding: bytes, as: UTF8.self).trimmedText
            return text.hasSuffix("</CONSOLIDATED_LIST>") || text.hasSuffix("</office:document-content>")
        }

        /// Whether a cut text file ends where a record ends (a shorter file that is whole).
        static func endsARecord(_ bytes: [UInt8], format: ListFormat) -> Bool {
            if format == .unConsolidatedXML || format == .ukSanctionsListODS { return closesTheRoot(bytes) }
            guard let last = bytes.last else { return true }
            return last == 0x0A || last == 0x0D || last == 0x1A
        }

        @Test("a bundled file cut at any of many offsets is refused, unless the cut falls at a record's end", arguments: ["un", "us-dpl", "us-csl", "ofac-sdn", "uk"])
        func truncatedFilesAreRefused(source: String) throws {
            let seed = try Self.seed(source)
            let bytes = Array(seed.files.primary.data)
            var random = SplitMix64(state: 0x7E57_0000 + UInt64(bytes.count))
            let offsets = (1..<40).map { $0 * bytes.count / 40 } + (0..<40).map { _ in Int.random(in: 1..<bytes.count, using: &random) }
            for offset in offsets {
                var cut = seed
                cut.files.primary.data = Data(bytes[..<offset])
                let outcome = Result { () throws(ListLoadError) in try cut.parse() }
                if case .success = outcome {
                    #expect(Self.endsARecord(Array(bytes[..<offset]), format: seed.format), "\(source) cut at \(offset) was read")
                }
            }
        }

        @Test("the cuts of issue 16 are refused: UN XML after 2,000 bytes, the CSL at 3,000 bytes, half the DPL")
        func theReportedTruncationsAreRefused() throws {
            let cases: [(source: String, path: String, format: ListFormat, cut: (Int) -> Int)] = [
                ("un", "un/UN_consolidated.xml", .unConsolidatedXML, { _ in 2_000 }),
                ("us-csl", "us/csl/csl_TRUNCATED_2023-11.csv", .tradeGovCSLCSV, { _ in 3_000 }),
                ("us-dpl", "us/dpl/dpl.txt", .bisDPLTSV, { $0 / 2 }),
            ]
            for item in cases {
                let data = try Data(contentsOf: ListTestSupport.listsDirectory.appendingPathComponent(item.path))
                let file = ListFile(path: item.path, data: data.prefix(item.cut(data.count)))
                let error = #expect(throws: ListLoadError.self) {
                    try ListLoader.parse(entry: try ListSeeds.entry(item.source), format: item.format, files: .init(primary: file), sha256: "")
                }
                #expect(error?.description.hasPrefix(item.path + ":") == true, "\(String(describing: error))")
            }
        }
    }
}

extension OFACLegacyCSV.Files {
    /// Replaces the bytes of the file at `index` (primary, addresses, aliases, comments).
    mutating func set(_ index: Int, to data: Data) {
        switch index {
        case 1: addresses?.data = data
        case 2: aliases?.data = data
        case 3: comments?.data = data
        default: primary.data = data
        }
    }
}
