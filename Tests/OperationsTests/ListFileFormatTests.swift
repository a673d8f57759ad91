import Foundation
import Screening
import Store
import Testing

@testable import Operations

/// Importing a list file in the format its content shows: the HTTP upload's path (`importListFile`) and the CLI's (`parseList`).
@Suite struct ListFileFormatTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ path: String) throws -> Data {
        try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/ScreeningTests/Fixtures").appendingPathComponent(path))
    }

    @Test("an uploaded EU XML imports as the not-bundled source eu, and OFAC's enhanced zip as ofac-cons, each by its content", arguments: ServiceBackend.allCases)
    func uploadsAreReadInTheirOwnFormat(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let eu = try await harness.service.importListFile(
            source: "eu", data: try Self.fixture("eu/eu_fsf_excerpt_2026-08-05.xml"), published: nil, force: false, actor: "key_admin")
        #expect(eu.source == "eu" && eu.entities == 5 && eu.added == 5)
        #expect(harness.service.screener.screen(ScreeningQuery(name: "Khalid Sheikh Mohammed")).contains { $0.entityID == "eu:191" })
        let cons = try await harness.service.importListFile(
            source: "ofac-cons", data: try Self.fixture("ofac_enhanced/CONS_ENHANCED.ZIP"), published: nil, force: false, actor: "key_admin")
        #expect(cons.entities == 443)
    }

    @Test("a file in another list's format is refused naming the formats, before anything is stored", arguments: ServiceBackend.allCases)
    func aFileOfAnotherListIsRefused(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let before = try await harness.head()
        await #expect {
            _ = try await harness.service.importListFile(
                source: "ofac-sdn", data: try Self.fixture("eu/eu_fsf_excerpt_2026-08-05.xml"), published: nil, force: true, actor: "key_admin")
        } throws: { error in
            "\(error)".contains("the file is in format eu-fsf-xml, but source ofac-sdn is read as ofac-legacy-csv")
        }
        #expect(try await harness.records(after: before).isEmpty)
    }
}
