import Foundation
import Testing

/// The CLI's long batches (`screen --input`, `parties import`) show their progress on standard error only when it
/// is a terminal: run with standard error piped, as scripts and these tests run them, they stay quiet.
@Suite("batch progress on standard error")
struct BatchProgressTests {
    static let rows = (0..<300).map { "r\($0),Harbour Freight \($0),organization,GB," }.joined(separator: "\n")

    @Test("screen --input with standard error not a terminal writes no progress: standard error stays empty")
    func screenBatchQuietWhenPiped() async throws {
        let file = try CLI.temporaryFile("id,name,type,country,dob\n\(Self.rows)\n")
        // A limit no bundled list is past: a stale list is named on standard error (ScreenStaleListsTests).
        let output = try await CLI.run(["screen", "--input", file, "--format", "csv", "--lists", "us-dpl", "--stale-after", "36500d"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.split(separator: "\n").count == 301)
        #expect(output.stderr.isEmpty, "\(output.stderr)")
    }

    @Test("parties import with standard error not a terminal writes no progress: standard error stays empty")
    func partiesImportQuietWhenPiped() async throws {
        let database = try await Server.freshDatabase(.sqlite)
        let file = try CLI.temporaryFile("id,name,type,country,dob\n\(Self.rows)\n")
        let output = try await CLI.run(["parties", "import", file, "--chunk-size", "100", "--database", database, "--lists", "us-dpl"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("300 parties: 300 new, 0 changed, 0 unchanged; 300 screened"), "\(output.stdout)")
        #expect(output.stderr.isEmpty, "\(output.stderr)")
    }

    @Test("screen --input on a terminal (a pseudo-terminal from script(1)) shows the rows screened on standard error")
    func screenBatchShowsProgressOnATerminal() async throws {
        let file = try CLI.temporaryFile("id,name,type,country,dob\n\(Self.rows)\n")
        let command = "\(CLI.executable.path) screen --input \(file) --format csv --lists us-dpl >/dev/null"
        let output = try await CLI.run(["-qefc", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("\r300 rows screened (100%)"), "\(output.stdout.debugDescription)")
    }
}
