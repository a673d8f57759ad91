import ArgumentParser
import Foundation
import Operations
import Store

/// `clearance keys create`: a new API key, printed once; `clearance keys revoke`: an API or signing key revoked.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage API keys and release-signing keys.", subcommands: [Create.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create an API key; the secret is printed once and only its SHA-256 is stored.",
            discussion: "Roles: screener (screen, determine, file exclusion requests and comments), analyst (+ parties, cases, audit), reviewer (+ decide and extend exclusions, read their confidential business information), admin (+ lists, keys); landmark (only posting signed measurement records, POST /v1/monitor/measurements).")

        @Option(help: "landmark, screener, analyst, reviewer or admin.")
        var role: String

        @OptionGroup var database: DatabaseOption

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role must be landmark, screener, analyst, reviewer or admin, got '\(role)'") }
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

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke an API key or a release-signing key, with immediate effect, audited.",
            discussion: """
                An API key (key_…) stops authenticating at once, in every process sharing the store. A release-signing \
                key (its kid, rk_…) leaves the published key set at once, so gates refuse the tokens it signed from \
                their next poll; if it was the active key, a new one is made and signs from now on.

                Examples:
                  clearance keys revoke key_3f9a0c1d2e4b --reason "laptop lost"
                  clearance keys revoke rk_9c1e55aa03d2b7f1 --reason "private key exposed in a backup"
                """)

        @Argument(help: "The key id: key_… (an API key) or a signing key's kid.") var id: String
        @Option(help: "Why (kept in the audit record).") var reason: String
        @OptionGroup var database: DatabaseOption

        func validate() throws {
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("--reason must not be empty") }
        }

        func run() async throws {
            let store = try await database.open()
            let revoked: RevokedKey
            do {
                revoked = try await ComplianceService.revokeKey(id: id, reason: reason, actor: DatabaseOption.actor, store: store)
            } catch let error as StoreError {
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            } catch let error as KeyRevocationInputError {
                throw ValidationError(error.description)
            }
            switch revoked {
            case .apiKey(let id): print("revoked API key \(id)")
            case .signingKey(let id, nil): print("revoked signing key \(id)")
            case .signingKey(let id, let replacement?): print("revoked signing key \(id); \(replacement) signs from now on")
            }
        }
    }
}
