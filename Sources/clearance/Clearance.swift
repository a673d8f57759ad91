import ArgumentParser
import Foundation

/// The `clearance` command-line tool.
@main
struct Clearance: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restricted-party screening and trade-compliance checks on the public government lists.",
        discussion: """
            Examples:
              clearance screen "Banco Nacional de Cuba"
              clearance screen "Hasan Nasrallah" --type person --dob 1960 --format json
              clearance screen --input customers.csv --format jsonl > results.jsonl
              clearance determine --eccn 3A001.a.2 --destination CN
              clearance lists
            """,
        subcommands: [Screen.self, Determine.self, Lists.self, Bench.self]
    )

    /// Runs the tool; usage errors exit with status 2 as the CLI contract says.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
