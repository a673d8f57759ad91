import Foundation
import Store
import Testing

/// End-to-end: `clearance lists import` reads a file in the format its content shows (or `--list-format`),
/// imports the EU list that is not bundled, and `clearance lists` says that it is not bundled.
@Suite(.serialized) struct ListsImportFormatsTests {
    static let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/ScreeningTests/Fixtures")

    @Test("clearance lists says the EU list is not bundled and how to import it")
    func theEUListIsSaidToBeNotBundled() async throws {
        let output = try await CLI.run(["lists", "--lists", "un"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("eu          NOT BUNDLED: EU Financial Sanctions Files"))
        #expect(output.stdout.contains("clearance lists import FILE --source eu"))
    }

    @Test("the EU XML and OFAC's enhanced zip import by their content; a forced wrong format is refused naming the file", arguments: Server.Backend.allCases)
    func filesImportInTheFormatTheirContentShows(backend: Server.Backend) async throws {
        let database = try await Server.freshDatabase(backend)
        let eu = Self.fixtures.appendingPathComponent("eu/eu_fsf_excerpt_2026-08-05.xml").path
        let imported = try await CLI.run(["lists", "import", eu, "--source", "eu", "--lists", "un", "--database", database])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("eu version "), "\(imported.stdout)")
        #expect(imported.stdout.contains("5 entities"), "\(imported.stdout)")

        let enhanced = Self.fixtures.appendingPathComponent("ofac_enhanced/CONS_ENHANCED.ZIP").path
        let cons = try await CLI.run(["lists", "import", enhanced, "--source", "ofac-cons", "--lists", "un", "--database", database, "--force"])
        #expect(cons.status == 0, "\(cons.stderr)")
        #expect(cons.stdout.contains("443 entities"), "\(cons.stdout)")

        let forced = try await CLI.run(["lists", "import", eu, "--source", "eu", "--list-format", "un-consolidated-xml", "--lists", "un", "--database", database])
        #expect(forced.status != 0)
        #expect(forced.stderr.contains("eu_fsf_excerpt_2026-08-05.xml"), "\(forced.stderr)")
        let unknown = try await CLI.run(["lists", "import", eu, "--source", "eu", "--list-format", "pdf", "--lists", "un", "--database", database])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown format pdf"), "\(unknown.stderr)")
    }
}

/// End-to-end: `clearance-bench parse` times a list file's parse and says how fast it went.
@Suite struct BenchParseCommandTests {
    @Test("clearance-bench parse reads a real file in the format its content shows and reports MB/s")
    func parseSpeedIsReported() async throws {
        let eu = ListsImportFormatsTests.fixtures.appendingPathComponent("eu/eu_fsf_excerpt_2026-08-05.xml").path
        let result = try await CLI.run(["parse", eu, "--source", "eu", "--runs", "2"], executable: CLI.benchExecutable)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("eu_fsf_excerpt_2026-08-05.xml (eu-fsf-xml): 5 entities, 0.04 MB; median of 2: "), "\(result.stdout)")
        #expect(result.stdout.contains(" MB/s"))
        let unknown = try await CLI.run(["parse", eu, "--source", "eu", "--runs", "0"], executable: CLI.benchExecutable)
        #expect(unknown.status != 0)
    }
}
