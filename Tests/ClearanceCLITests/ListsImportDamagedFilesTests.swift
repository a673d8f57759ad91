import Foundation
import Store
import Testing

/// End-to-end: damaged UN XML files through `clearance lists import` are refused with exit status 2
/// and a message naming the place, the process never traps, and the active version stays.
@Suite(.serialized) struct ListsImportDamagedFilesTests {
    static let bundledUN = CLI.repositoryRoot.appendingPathComponent("Data/lists/un/UN_consolidated.xml")

    /// The bundled UN list with `text` (its first occurrence) replaced by `bytes`.
    static func un(replacing text: String, with bytes: [UInt8]) throws -> [UInt8] {
        let source = Array(try Data(contentsOf: bundledUN))
        let needle = Array(text.utf8)
        guard let offset = (0...(source.count - needle.count)).first(where: { source[$0..<$0 + needle.count].elementsEqual(needle) }) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return Array(source[..<offset]) + bytes + Array(source[(offset + needle.count)...])
    }

    /// Damaged copies and what the refusal must say: the byte flips in an element name, an attribute
    /// name and a comment trapped XMLParser (SIGILL) before, the others were imported.
    static func damaged() throws -> [(name: String, bytes: [UInt8], message: String)] {
        let whole = Array(try Data(contentsOf: bundledUN))
        return [
            ("element-name", try un(replacing: "<FIRST_NAME>", with: Array("<FIRST_".utf8) + [0xFF] + Array("AME>".utf8)), "not UTF-8 text"),
            ("attribute-name", try un(replacing: "dateGenerated", with: Array("dateG".utf8) + [0xE9] + Array("nerated".utf8)), "not UTF-8 text"),
            ("comment", try un(replacing: "<INDIVIDUALS>", with: Array("<INDIVIDUALS><!-- ".utf8) + [0xC3, 0x28] + Array(" -->".utf8)), "not UTF-8 text"),
            ("cut-2000", Array(whole.prefix(2_000)), "not well-formed XML"),
            ("nul", try un(replacing: "<SECOND_NAME>", with: Array("<SECOND_NAME>".utf8) + [0]), "a NUL byte"),
            ("duplicate-tag", try un(replacing: "</FIRST_NAME>", with: Array("</FIRST_NAME></FIRST_NAME>".utf8)), "not well-formed XML"),
        ]
    }

    static func activeVersions(_ database: String) async throws -> [String: Int64] {
        let store = try await StoreLocation(database).open(leaseTimeout: PostgresStore.testLeaseTimeout)
        defer { (store as? PostgresStore)?.shutdown() }
        return Dictionary(uniqueKeysWithValues: try await store.activeListVersions().map { ($0.source, $0.id) })
    }

    @Test("damaged UN XML files exit 2 with the place, never trap, and leave the active version", arguments: Server.Backend.allCases)
    func damagedUNFilesAreRefusedAndChangeNothing(backend: Server.Backend) async throws {
        let database = try await Server.freshDatabase(backend)
        let opened = try await CLI.run(["lists", "import", Self.bundledUN.path, "--source", "un", "--lists", "un", "--database", database])
        #expect(opened.status == 0, "\(opened.stderr)")
        let before = try await Self.activeVersions(database)
        #expect(before["un"] != nil)

        let directory = URL(fileURLWithPath: try CLI.temporaryFile("", name: "placeholder")).deletingLastPathComponent()
        for item in try Self.damaged() {
            let path = directory.appendingPathComponent("\(item.name).xml")
            try Data(item.bytes).write(to: path)
            let result = try await CLI.run(["lists", "import", path.path, "--source", "un", "--lists", "un", "--database", database])
            #expect(result.status == 2, "\(item.name): status \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("\(item.name).xml:"), "\(item.name): \(result.stderr)")
            #expect(result.stderr.contains(item.message), "\(item.name): \(result.stderr)")
        }
        #expect(try await Self.activeVersions(database) == before)
        let verify = try await CLI.run(["audit", "verify", "--database", database])
        #expect(verify.status == 0, "\(verify.stdout)")
    }
}
