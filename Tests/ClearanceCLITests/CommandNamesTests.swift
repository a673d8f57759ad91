import ArgumentParser
import Testing

@testable import clearance

/// ArgumentParser names a command without a `commandName` from its type with `String(describing:)`, which scans
/// the binary's protocol conformances at every start: a third of `clearance determine`'s start-up once.
struct CommandNamesTests {
    @Test("every command of clearance names itself, so starting the CLI never derives a name from a type")
    func everyCommandNamesItself() {
        var unnamed: [String] = []
        var named = 0
        func visit(_ command: any ParsableCommand.Type, path: String) {
            let configuration = command.configuration
            guard let name = configuration.commandName else {
                unnamed.append("\(path) \(command)")
                return
            }
            named += 1
            for subcommand in configuration.subcommands { visit(subcommand, path: path + " " + name) }
        }
        visit(Clearance.self, path: "")
        #expect(unnamed.isEmpty, "commands without commandName: \(unnamed.joined(separator: ", "))")
        #expect(named > 50)
    }
}
