import ArgumentParser
import Foundation
import Operations
import Store

/// `clearance landmarks add|list|trust|distrust`: the measurement servers whose signed records locate devices.
struct Landmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landmarks",
        abstract: "Register, read, trust and distrust landmarks (measurement servers at known places, each with an Ed25519 key).",
        subcommands: [Add.self, List.self, Trust.self, Distrust.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Register a landmark, audited (monitor.landmark.register); trusted unless --untrusted.",
            discussion: """
                Example:
                  clearance landmarks add lm-fra1 --latitude 50.11 --longitude 8.68 --country DE --public-key "$(cat lm-fra1.pub.b64)"
                """)

        @Argument(help: "The landmark id (as its records name it).") var id: String
        @Option(help: "Its latitude, degrees north.") var latitude: Double
        @Option(help: "Its longitude, degrees east.") var longitude: Double
        @Option(help: "The country it stands in (ISO 3166 alpha-2).") var country: String
        @Option(name: .customLong("public-key"), help: "The raw 32-byte Ed25519 public key it signs with, base64.") var publicKey: String
        @Flag(help: "Register it distrusted: its records are refused until `landmarks trust`.") var untrusted = false
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let draft = LandmarkDraft(id: id, latitude: latitude, longitude: longitude, country: country, publicKey: publicKey, trusted: !untrusted)
            let landmark = try await MonitorCLI.run(database) { service in try await service.registerLandmark(draft, actor: DatabaseOption.actor) }
            print("landmark \(landmark.id) registered (\(landmark.trusted ? "trusted" : "not trusted"))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Print every landmark, by id, as JSON Lines.")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await MonitorCLI.run(database) { service in
                var after = ""
                while true {
                    let page = try await service.landmarks(after: after, limit: 500)
                    for landmark in page { print(try MonitorJSON.encode(landmark)) }
                    guard page.count == 500, let last = page.last else { return }
                    after = last.id
                }
            }
        }
    }

    struct Trust: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "trust", abstract: "Trust a landmark again: its records are accepted from now (audited).")
        @Argument(help: "The landmark id.") var id: String
        @Option(help: "Why (recorded in the audit chain).") var reason: String
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            _ = try await MonitorCLI.run(database) { service in try await service.setTrust(landmark: id, trusted: true, reason: reason, actor: DatabaseOption.actor) }
            print("landmark \(id) trusted")
        }
    }

    struct Distrust: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "distrust", abstract: "Distrust a landmark: its records are refused from now (audited).")
        @Argument(help: "The landmark id.") var id: String
        @Option(help: "Why (recorded in the audit chain).") var reason: String
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            _ = try await MonitorCLI.run(database) { service in try await service.setTrust(landmark: id, trusted: false, reason: reason, actor: DatabaseOption.actor) }
            print("landmark \(id) distrusted")
        }
    }
}
