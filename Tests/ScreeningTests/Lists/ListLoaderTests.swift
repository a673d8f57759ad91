import Crypto
import Foundation
import Testing
@testable import Screening

extension ListParsing {
    @Suite struct ListLoaderTests {
        @Test func loadsAllSixBundledListsWithTheirProvenanceDigests() throws {
            let lists = try ListLoader.load(directory: ListTestSupport.listsDirectory)
            #expect(lists.map(\.metadata.source) == ["ofac-sdn", "ofac-cons", "un", "us-dpl", "us-csl", "uk"])
            let digests = Dictionary(uniqueKeysWithValues: lists.map { ($0.metadata.source, $0.metadata.sha256) })
            #expect(digests["un"] == "66b392a4090868d2d39161e8d748efd39138377b0e6e60b7921aa67a4f99c8bf")
            #expect(digests["us-dpl"] == "b4d9a287f8527af7c5713f7cc03751c639819aa44595863088506a80cd63988a")
            // The CSL and UK digests cover the primary file, then the older one (manifest key `older`).
            #expect(digests["us-csl"] == "5da58b1358355d2e73120625073377c03a0ef308382928284c190666620829ee")
            #expect(digests["uk"] == "74e933fb304407beb10f47134afe77a5ac4683bcd02983dc937e103d2f7bab29")
            #expect(lists.first { $0.metadata.source == "us-csl" }?.metadata.partial != nil)
            #expect(lists.first { $0.metadata.source == "un" }?.metadata.partial == nil)
            #expect(lists.map(\.entities.count) == [13_821, 442, 1_003, 577, 3_211, 5_300])
        }

        @Test func multiFileDigestCoversFilesInManifestOrder() throws {
            let entry = try ListTestSupport.manifestEntry("ofac-cons")
            var bytes = Data()
            for path in [entry.files.primary, entry.files.addresses, entry.files.aliases, entry.files.comments].compactMap({ $0 }) {
                bytes.append(try Data(contentsOf: ListTestSupport.listsDirectory.appendingPathComponent(path)))
            }
            let list = try ListLoader.loadList(entry: entry, directory: ListTestSupport.listsDirectory)
            #expect(list.metadata.sha256 == Hex.string(SHA256.hash(data: bytes)))
        }

        @Test func sourcesSelectASubset() throws {
            let lists = try ListLoader.load(directory: ListTestSupport.listsDirectory, sources: ["un", "us-dpl"])
            #expect(lists.map(\.metadata.source) == ["un", "us-dpl"])
        }

        @Test func unknownSourceNamesTheAvailableOnes() {
            #expect(throws: ListLoadError.unknownSources(["eu"], available: ["ofac-sdn", "ofac-cons", "un", "us-dpl", "us-csl", "uk"])) {
                try ListLoader.load(directory: ListTestSupport.listsDirectory, sources: ["eu"])
            }
        }

        @Test func unknownSourceMessageSaysHowToChoose() {
            let error = ListLoadError.unknownSources(["eu"], available: ["un", "uk"])
            #expect(error.description.contains("pass --lists with some of: un, uk"))
        }

        @Test func emptySourceSetThrowsNoListsSelected() {
            #expect(throws: ListLoadError.noListsSelected(available: ["ofac-sdn", "ofac-cons", "un", "us-dpl", "us-csl", "uk"])) {
                try ListLoader.load(directory: ListTestSupport.listsDirectory, sources: [])
            }
            #expect(ListLoadError.noListsSelected(available: ["un"]).description.contains("no lists selected"))
        }

        @Test func malformedFileWithoutLineHasNoBogusLineNumber() {
            #expect(ListLoadError.malformedFile(file: "uk/x.ods", line: nil, detail: "bad").description.hasPrefix("uk/x.ods: cannot read"))
            #expect(ListLoadError.malformedFile(file: "un/x.xml", line: 7, detail: "bad").description.hasPrefix("un/x.xml:7: cannot read"))
        }

        @Test func missingManifestSaysWhereAndWhatToDo() throws {
            let folder = try Self.temporaryFolder()
            let error = #expect(throws: ListLoadError.self) { try ListLoader.load(directory: folder) }
            #expect(error?.description.contains(folder.appendingPathComponent("manifest.json").path) == true)
            #expect(error?.description.contains("lists folder") == true)
        }

        @Test func unknownFormatNamesTheManifestLine() throws {
            let folder = try Self.temporaryFolder()
            let manifest = """
                {
                  "lists": [
                    {"source": "x", "name": "X", "files": {"primary": "x.csv"},
                     "format": "eu-fsf-csv"}
                  ]
                }
                """
            try Data(manifest.utf8).write(to: folder.appendingPathComponent("manifest.json"))
            let error = #expect(throws: ListLoadError.self) { try ListLoader.load(directory: folder) }
            guard case .unknownFormat(let format, let source, _, let line) = error else {
                Issue.record("expected unknownFormat, got \(String(describing: error))")
                return
            }
            #expect(format == "eu-fsf-csv")
            #expect(source == "x")
            #expect(line == 4)
            #expect(error?.description.contains("manifest.json:4 [format]") == true)
            #expect(error?.description.contains("ofac-legacy-csv") == true)
        }

        @Test func missingFileNamesItsPathAndManifestKey() throws {
            let folder = try Self.temporaryFolder()
            let manifest = #"{"lists": [{"source": "un", "name": "UN", "format": "un-consolidated-xml", "files": {"primary": "un/none.xml"}}]}"#
            try Data(manifest.utf8).write(to: folder.appendingPathComponent("manifest.json"))
            let error = #expect(throws: ListLoadError.self) { try ListLoader.load(directory: folder) }
            #expect(error == .missingFile(path: folder.appendingPathComponent("un/none.xml").path, source: "un", role: "primary"))
            #expect(error?.description.contains("files.primary") == true)
        }

        @Test("a manifest that is there but cannot be read is an error naming it, not a missing manifest")
        func unreadableManifestIsNamed() throws {
            let folder = try Self.temporaryFolder()
            let manifest = folder.appendingPathComponent("manifest.json")
            try FileManager.default.createDirectory(at: manifest, withIntermediateDirectories: true)
            let error = #expect(throws: ListLoadError.self) { try ListManifest.read(from: folder) }
            guard case .unreadableManifest(let path, _) = error else {
                Issue.record("expected unreadableManifest, got \(String(describing: error))")
                return
            }
            #expect(path == manifest.path)
        }

        @Test func manifestReadsSnakeCaseKeys() throws {
            let manifest = try ListManifest.read(from: ListTestSupport.listsDirectory)
            let csl = try #require(manifest.lists.first { $0.source == "us-csl" })
            #expect(csl.skipSources == ["SDN", "DPL", "SSI", "PLC", "CMIC", "NS-MBS", "FSE", "CAP"])
            #expect(csl.published == "2023-11-30")
            #expect(manifest.lists.first?.files.comments == "ofac/sdn/sdn_comments.csv")
        }

        private static func temporaryFolder() throws -> URL {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-lists-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }
    }
}
