import ArgumentParser
import Foundation
import Operations
import Store

/// `clearance cases list|decide`: the alerts analysts work through.
struct Cases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cases", abstract: "List and decide alerts.", subcommands: [List.self, Decide.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List alerts (open ones by default) as JSON Lines.")

        @Option(help: "open, false_positive, true_match, delisted or all.")
        var status: String = "open"

        @Option(help: "At most this many.")
        var limit: Int = 100

        @OptionGroup var database: DatabaseOption

        func validate() throws {
            guard status == "all" || AlertStatus(rawValue: status) != nil else {
                throw ValidationError("--status must be open, false_positive, true_match, delisted or all, got '\(status)'")
            }
            guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let store = try await database.open()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            do {
                for alert in try await store.alerts(status: AlertStatus(rawValue: status), limit: limit) {
                    print(String(decoding: try encoder.encode(alert), as: UTF8.self))
                }
            } catch let error as StoreError {
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decide",
            abstract: "Decide an open alert: false_positive (suppresses the pair until either side changes) or true_match.")

        @Argument(help: "The alert id.")
        var id: Int64

        @Option(help: "false_positive or true_match.")
        var decision: String

        @Option(help: "Why, in words (kept in the audit log).")
        var reason: String

        @OptionGroup var database: DatabaseOption

        func validate() throws {
            guard Decision(rawValue: decision) != nil else {
                throw ValidationError("--decision must be false_positive or true_match, got '\(decision)'")
            }
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must not be empty") }
        }

        func run() async throws {
            let store = try await database.open()
            do {
                let alert = try await store.decide(
                    alertID: id, decision: Decision(rawValue: decision) ?? .trueMatch, reason: reason, actor: DatabaseOption.actor,
                    audit: ComplianceService.decisionRecord(
                        alertID: id, decision: Decision(rawValue: decision) ?? .trueMatch, reason: reason,
                        actor: DatabaseOption.actor, versions: ""))
                print("alert \(alert.id): \(alert.status.rawValue)")
            } catch {
                if error.kind == .notFound || error.kind == .conflict { throw ValidationError(error.message) }
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
