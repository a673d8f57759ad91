import ArgumentParser
import Foundation
import Service
import Store

/// `clearance keys create`: a new API key, printed once.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage API keys.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key; the secret is printed once and only its SHA-256 is stored.",
            discussion: "Roles: screener (screen, determine, file exclusion requests and comments), analyst (+ parties, cases, audit), reviewer (+ decide and extend exclusions, read their confidential business information), admin (+ lists, keys).")

        @Option(help: "screener, analyst, reviewer or admin.")
        var role: String

        @OptionGroup var database: DatabaseOption

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role must be screener, analyst, reviewer or admin, got '\(role)'") }
        }

        func run() async throws {
            let store = try await database.open()
            let (secret, key) = ComplianceService.makeKey(role: Role(rawValue: role) ?? .screener)
            do {
                _ = try await store.createKey(key, audit: ComplianceService.keyCreation(key, actor: DatabaseOption.actor))
            } catch {
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
            print("\(key.id) \(role)")
            print(secret)
        }
    }
}
