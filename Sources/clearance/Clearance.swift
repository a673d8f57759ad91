import ArgumentParser
import Foundation

/// The `clearance` command-line tool.
@main
struct Clearance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clearance",
        abstract: "Restricted-party screening and trade-compliance checks on the public government lists.",
        discussion: """
            Examples:
              clearance screen "Banco Nacional de Cuba"
              clearance screen "Hasan Nasrallah" --type person --dob 1960 --format json
              clearance screen --input customers.csv --format jsonl > results.jsonl
              clearance determine --eccn 3A001.a.2 --destination CN
              clearance transfer --category personal --from DE --to US --date 2025-06-01
              clearance lists
              clearance keys create --role analyst && clearance serve --port 8080
            """,
        subcommands: [
            Screen.self, Determine.self, Transfer.self, Duty.self, Exclusions.self, Lists.self, Serve.self, Keys.self, Parties.self,
            Cases.self, AuditCommand.self, Worker.self, Licenses.self, Authorize.self, Token.self, Artifacts.self, Gate.self, Users.self,
            MonitorCommand.self, Devices.self, Landmarks.self, Landmark.self, Agent.self,
        ]
    )

    /// Runs the tool; usage errors and bad input exit with status 2 as the CLI contract says.
    static func main() async {
        if let problem = ArgumentText.problem(in: ArgumentText.rawArguments) {
            FileHandle.standardError.write(Data("Error: \(problem)\n".utf8))
            Foundation.exit(2)
        }
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(for: error)
        }
        do {
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as ValidationError {
            _ = await CommandCheckpoints.finish()
            // Bad input found while running (an unknown ECCN, an unreadable file): say what, not the usage.
            let type = type(of: command)
            let name = type.configuration.commandName ?? String(describing: type).lowercased()
            FileHandle.standardError.write(Data("Error: \(error.message)\nSee 'clearance \(name) --help'.\n".utf8))
            Foundation.exit(2)
        } catch {
            _ = await CommandCheckpoints.finish()
            exit(for: error)
        }
        if await !CommandCheckpoints.finish() { Foundation.exit(1) }
    }

    private static func exit(for error: Error) -> Never {
        if exitCode(for: error) == .validationFailure {
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
        exit(withError: error)
    }
}
