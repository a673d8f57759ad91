import ArgumentParser
import Foundation
import Operations
import Store

/// `clearance devices add|list|show`: the released devices whose location is monitored.
struct Devices: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "Register and read monitored devices (released hardware with an Ed25519 attestation key and a licensed location).",
        subcommands: [Add.self, List.self, Show.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Register a device, audited (monitor.device.register).",
            discussion: """
                The key is the device's raw 32-byte Ed25519 public key in base64 (anything else is refused). The licence or \
                authorisation must be recorded and the end user a stored party.

                Example:
                  clearance devices add gpu-0042 --public-key "$(cat gpu-0042.pub.b64)" --eccn 4A090.a --serial SN0042 \\
                    --authorization D1234567 --end-user acme-de --country DE \\
                    --site-latitude 50.11 --site-longitude 8.68 --site-radius-km 30 --check-in-interval 3600
                """)

        @Argument(help: "The device id (as its challenges and records name it).") var id: String
        @Option(name: .customLong("public-key"), help: "The raw 32-byte Ed25519 public key, base64.") var publicKey: String
        @Option(help: "The ECCN it was classified under.") var eccn: String
        @Option(help: "Its serial number.") var serial: String
        @Option(help: "The licence number or authorisation id it was released under.") var authorization: String
        @Option(name: .customLong("end-user"), help: "The end user's party id.") var endUser: String
        @Option(help: "The licensed country (ISO 3166 alpha-2).") var country: String
        @Option(name: .customLong("site-latitude"), help: "The licensed site's latitude.") var siteLatitude: Double?
        @Option(name: .customLong("site-longitude"), help: "The licensed site's longitude.") var siteLongitude: Double?
        @Option(name: .customLong("site-radius-km"), help: "The licensed site's radius, km.") var siteRadiusKm: Double?
        @Option(name: .customLong("check-in-interval"), help: ArgumentHelp("How often it must check in.", valueName: "SECONDS"))
        var checkInInterval: Int64
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let draft = DeviceDraft(
                id: id, publicKey: publicKey, eccn: eccn, serial: serial, authorizationID: authorization, endUserPartyID: endUser,
                country: country, siteLatitude: siteLatitude, siteLongitude: siteLongitude, siteRadiusKm: siteRadiusKm,
                checkInIntervalSeconds: checkInInterval)
            let device = try await MonitorCLI.run(database) { service in try await service.registerDevice(draft, actor: DatabaseOption.actor) }
            print("device \(device.id) registered")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Print every device, by id, as JSON Lines.")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await MonitorCLI.run(database) { service in
                var after = ""
                while true {
                    let page = try await service.devices(after: after, limit: 500)
                    for device in page { print(try MonitorJSON.encode(device)) }
                    guard page.count == 500, let last = page.last else { return }
                    after = last.id
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print one device, as JSON.")
        @Argument(help: "The device id.") var id: String
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            print(try MonitorJSON.encode(try await MonitorCLI.run(database) { service in try await service.device(id: id) }))
        }
    }
}

/// What the registry commands share: opening the service, and how refusals end the command (a field the
/// operation refuses or a taken id or unknown name: a usage error, status 2; a store failure: status 1).
enum MonitorCLI {
    static func run<T>(_ database: DatabaseOption, _ body: (MonitorService) async throws -> T) async throws -> T {
        let store = try await database.open()
        do {
            return try await body(try MonitorService(store: store))
        } catch let error as InvalidInput {
            throw ValidationError("\(error.field): \(error.message)")
        } catch let error as StoreError where error.kind == .conflict || error.kind == .notFound {
            throw ValidationError(error.message)
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
            throw ExitCode.failure
        }
    }
}
