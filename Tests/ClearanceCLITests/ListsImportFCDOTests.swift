import Foundation
import Testing

/// End-to-end: `clearance lists import` recognises the FCDO UK Sanctions List XML by its content and
/// imports it as the `uk` source, whose bundled file is the summary ODS.
@Suite(.serialized) struct ListsImportFCDOTests {
    static let excerpt = ListsImportFormatsTests.fixtures.appendingPathComponent("uk_fcdo/UK_Sanctions_List_excerpt_2026-09-10.xml").path

    @Test("the FCDO XML imports as the uk source by its content; as another source it is refused naming both formats", arguments: Server.Backend.allCases)
    func fcdoXMLImportsAsTheUKSource(backend: Server.Backend) async throws {
        let database = try await Server.freshDatabase(backend)
        let imported = try await CLI.run(["lists", "import", Self.excerpt, "--source", "uk", "--lists", "un", "--database", database])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("uk version "), "\(imported.stdout)")
        #expect(imported.stdout.contains("5 entities"), "\(imported.stdout)")

        let forced = try await CLI.run([
            "lists", "import", Self.excerpt, "--source", "uk", "--list-format", "fcdo-uk-sanctions-xml", "--lists", "un", "--database", database,
        ])
        #expect(forced.status == 0, "\(forced.stderr)")

        let wrongSource = try await CLI.run(["lists", "import", Self.excerpt, "--source", "un", "--lists", "un", "--database", database])
        #expect(wrongSource.status != 0)
        #expect(wrongSource.stderr.contains("fcdo-uk-sanctions-xml"), "\(wrongSource.stderr)")
        #expect(wrongSource.stderr.contains("UK_Sanctions_List_excerpt_2026-09-10.xml"), "\(wrongSource.stderr)")
    }
}
