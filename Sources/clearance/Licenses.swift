import ArgumentParser
import BundledData
import Determination
import Foundation
import Operations
import Store
import DataFormats

/// `clearance licenses add|list|show`: the company's licences and other authorisations.
struct Licenses: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "licenses",
        abstract: "Record and read licences (BIS licences, licence exceptions relied on, OFAC licences, internal approvals).",
        subcommands: [Add.self, List.self, Show.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a licence.",
            discussion: """
                Example:
                  clearance licenses add D1234567 --kind bis-license --eccn 3A001.b --destination JP \\
                    --consignee "Tokyo Devices KK" --value-limit 50000 --quantity-limit 10 \\
                    --valid-from 2026-01-01 --valid-to 2027-12-31 --condition "No reexport without BIS approval"
                """)

        @Argument(help: "The licence number.") var number: String
        @Option(help: "bis-license, license-exception, ofac-general, ofac-specific or internal.") var kind: String
        @Option(name: .customLong("eccn"), help: "An ECCN (with paragraph) it covers (repeatable).") var eccns: [String] = []
        @Option(name: .customLong("destination"), help: "A destination it covers (repeatable).") var destinations: [String] = []
        @Option(help: "The consignee it names.") var consignee: String?
        @Option(name: .customLong("end-user"), help: "The end user it names.") var endUser: String?
        @Option(name: .customLong("end-use"), help: "An end use it allows (repeatable; none: no limit).") var endUses: [String] = []
        @Option(name: .customLong("value-limit"), help: "The total value in USD it allows.") var valueLimit: Double?
        @Option(name: .customLong("quantity-limit"), help: "The total quantity it allows.") var quantityLimit: Int?
        @Option(name: .customLong("valid-from"), help: ArgumentHelp("First day of validity.", valueName: "YYYY-MM-DD")) var validFrom: String
        @Option(name: .customLong("valid-to"), help: ArgumentHelp("Last day of validity.", valueName: "YYYY-MM-DD")) var validTo: String
        @Option(name: .customLong("condition"), help: "A rider or condition, in words (repeatable).") var conditions: [String] = []

        @OptionGroup var database: DatabaseOption

        func validate() throws {
            guard LicenseKind(rawValue: kind) != nil else {
                throw ValidationError("--kind must be one of \(LicenseKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(kind)'")
            }
            guard !eccns.isEmpty else { throw ValidationError("give at least one --eccn") }
            guard !destinations.isEmpty else { throw ValidationError("give at least one --destination") }
            for (name, day) in [("--valid-from", validFrom), ("--valid-to", validTo)] {
                guard CivilDate(day) != nil else {
                    throw ValidationError("\(name) must be YYYY-MM-DD, got '\(day)'")
                }
            }
            guard validFrom <= validTo else { throw ValidationError("--valid-from \(validFrom) is after --valid-to \(validTo)") }
            if let valueLimit, valueLimit < 0 || !valueLimit.isFinite { throw ValidationError("--value-limit must be a non-negative number") }
            if let quantityLimit, quantityLimit < 0 { throw ValidationError("--quantity-limit must not be negative") }
            for eccn in eccns where ItemClassification(eccn) == nil {
                throw ValidationError("--eccn: \"\(eccn)\" is not an ECCN such as 3A001.b or EAR99")
            }
            for (option, name) in [("--consignee", consignee), ("--end-user", endUser)] {
                if let name, let problem = InputText.problem(in: name, limit: InputText.nameLimit) { throw ValidationError("\(option) \(problem)") }
            }
            if number.count > 100 { throw ValidationError("the licence number is longer than 100 characters") }
        }

        func run() async throws {
            let determiner: Determiner
            do {
                determiner = try Determiner(reference: ReferenceData(directory: BundledData.earDirectory))
            } catch {
                FileHandle.standardError.write(Data("clearance: \(error.description)\n".utf8))
                throw ExitCode.failure
            }
            for destination in destinations {
                do {
                    _ = try determiner.destination(destination, field: "--destination")
                } catch {
                    throw ValidationError(error.description)
                }
            }
            let store = try await database.open()
            let license = LicenseRecord(
                id: number, kind: LicenseKind(rawValue: kind) ?? .bisLicense, eccns: eccns,
                destinations: destinations.map { $0.uppercased() }, consignee: consignee, endUser: endUser, endUses: endUses,
                valueLimit: valueLimit, quantityLimit: quantityLimit, validFrom: validFrom, validTo: validTo, conditions: conditions)
            let input = Data(try LicenseJSON.encode(license).utf8)
            do {
                try await store.addLicense(license, audit: ComplianceService.licenseRecord(license, actor: DatabaseOption.actor, input: input))
            } catch {
                if error.kind == .conflict { throw ValidationError(error.message) }
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
            print("licence \(number) recorded")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Print every licence with its balance, as JSON Lines.")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let store = try await database.open()
            do {
                for license in try await store.licenses() { print(try LicenseJSON.encode(license)) }
            } catch let error as StoreError {
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print one licence with its balance, as JSON.")
        @Argument(help: "The licence number.") var number: String
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let store = try await database.open()
            guard let license = try await store.license(id: number) else { throw ValidationError("no licence \(number)") }
            print(try LicenseJSON.encode(license))
        }
    }
}

extension Licenses {
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke a licence; every outstanding release token that drew on it is revoked with it.")
        @Argument(help: "The licence number.") var number: String
        @Option(help: "Why (recorded in the audit chain and the revocation feed).") var reason: String
        @OptionGroup var database: DatabaseOption

        func validate() throws {
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must not be empty") }
        }

        func run() async throws {
            let store = try await database.open()
            do {
                let result = try await store.revokeLicense(
                    id: number, reason: reason,
                    audit: ComplianceService.licenseRevocation(id: number, reason: reason, actor: DatabaseOption.actor))
                print("licence \(number) revoked; \(result.revoked) outstanding release\(result.revoked == 1 ? "" : "s") revoked")
            } catch {
                if error.kind == .notFound || error.kind == .conflict { throw ValidationError(error.message) }
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}

/// Licences as sorted-key JSON.
enum LicenseJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
