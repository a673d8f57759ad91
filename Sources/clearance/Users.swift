import ArgumentParser
import Foundation
import Operations
import Store

/// `clearance users create NAME --role ROLE --password-stdin` and `clearance users list`: the Workbench's accounts.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the Workbench's users (people who sign in to the web pages of `clearance serve`).",
        subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a user; the password is read from standard input and only its bcrypt hash is stored.",
            discussion: """
                Roles as for API keys: screener, analyst, reviewer, admin. The password (at least 12 characters, at most \
                72 bytes) is the first line of standard input, so it never appears in the process list or shell history. \
                The creation is audited (user.create) with the command line's actor.

                Examples:
                  printf '%s\\n' "$PASSWORD" | clearance users create ana --role analyst --password-stdin
                  clearance users create admin --role admin --password-stdin < admin-password.txt
                """)

        @Argument(help: "The user name: 1 to 64 letters, digits, '.', '_', '-' or '@'.") var name: String
        @Option(help: "screener, analyst, reviewer or admin.") var role: String
        @Flag(help: "Read the password from standard input (required: there is no other way to give it).") var passwordStdin = false
        @OptionGroup var database: DatabaseOption

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role must be screener, analyst, reviewer or admin, got '\(role)'") }
            guard passwordStdin else { throw ValidationError("give the password on standard input with --password-stdin") }
        }

        func run() async throws {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("the password on standard input is not UTF-8") }
            let password = String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            let store = try await database.open()
            do {
                let accounts = try Accounts(store: store)
                let user = try await accounts.createUser(name: name, role: Role(rawValue: role) ?? .screener, password: password, actor: DatabaseOption.actor)
                print("created user \(user.name) (\(user.role.rawValue))")
            } catch let error as InvalidInput {
                throw ValidationError(error.field == "password" ? "the password on standard input: \(error.message)" : error.message)
            } catch let error as StoreError {
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users: name, role, created (UTC), and whether disabled.")

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let store = try await database.open()
            do {
                let accounts = try Accounts(store: store)
                var after = ""
                while true {
                    let page = try await accounts.users(after: after, limit: 500)
                    for user in page {
                        let created = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(user.createdAt) / 1000))
                        print("\(user.name)\t\(user.role.rawValue)\t\(created)\(user.disabled ? "\tdisabled" : "")")
                    }
                    guard page.count == 500, let last = page.last else { break }
                    after = last.name
                }
            } catch {
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
