import ArgumentParser
import BundledData
import Flows
import Foundation
import Operations
import DataFormats

/// `clearance transfer`: may data of a category leave one country for another on a date, and on what conditions.
struct Transfer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Check a cross-border data transfer against the dated transfer rules and trade agreements.",
        discussion: """
            Follows RULES.md Part A.0: the origin's rules for the category (localisation, then \
            prohibitions toward the destination, then adequacy or a listed mechanism), the steps \
            still required, and the trade agreements in force between the two with their data-flow, \
            localisation and source-code articles and whether an origin localisation rule conflicts \
            with them. The outcome is the most severe rule's: PERMITTED, PERMITTED_WITH_CONDITIONS, \
            NEEDS_REVIEW (no rule recorded, or a fact the rule depends on is not given: --fact) or \
            BLOCKED. Rules are evaluated at --date; without it today's date (UTC) is used. A date after \
            the tables' compilation date is answered from them with their age (data_age_days); past a \
            table's age limit the outcome is at least NEEDS_REVIEW; a date before the data begins is an \
            error. The exit status is 2 on wrong usage or input, \
            1 when the tables cannot be loaded.

            Examples:
              clearance transfer --category personal --from DE --to US --date 2025-06-01
              clearance transfer --category personal --from FR --to US --recipient-certified dpf --date 2025-06-01
              clearance transfer --category personal --from GB --to US --recipient-certified dpf-uk --date 2025-06-01
              clearance transfer --category personal --from CN --to US --mechanism cn-standard-contract --fact ciio=no --date 2025-06-01
              clearance transfer --category financial --from IN --to SG --fact payment-system-data=yes --date 2025-06-01 --format json
              clearance transfer --facts
            """
    )

    @Option(help: ArgumentHelp(
        "What the data is: personal, sensitive, financial, health, government, telecom-metadata, important-data, source-code, non-personal.",
        valueName: "CATEGORY"))
    var category: String?

    @Option(help: ArgumentHelp("The origin: ISO 3166 alpha-2 code (EU member states map to EU).", valueName: "CC"))
    var from: String?

    @Option(help: ArgumentHelp("The destination: ISO 3166 alpha-2 code.", valueName: "CC"))
    var to: String?

    @Option(name: .customLong("mechanism"), help: ArgumentHelp(
        "A transfer mechanism in place (repeatable): scc, bcr, derogation, consent, contract, idta, uk-addendum, cn-standard-contract, ...; --facts lists them.",
        valueName: "MECHANISM"))
    var mechanisms: [String] = []

    @Option(name: .customLong("recipient-certified"), help: ArgumentHelp(
        "A certification the recipient holds (repeatable): dpf, dpf-uk (DPF with the UK Extension), dpf-swiss, cbpr, prp.",
        valueName: "CERTIFICATION"))
    var certifications: [String] = []

    @Option(name: .customLong("fact"), help: ArgumentHelp(
        "A posture fact a rule depends on (repeatable), e.g. ciio=no; --facts lists them.", valueName: "KEY=yes|no"))
    var facts: [String] = []

    @Option(help: ArgumentHelp("The transfer date; rules are evaluated at it (default: today, UTC).", valueName: "YYYY-MM-DD"))
    var date: String?

    @Option(help: "text or json.")
    var format: String?

    @Flag(name: .customLong("facts"), help: "List the categories, mechanisms, certifications and facts, then exit.")
    var listVocabulary = false

    @Option(name: .customLong("transfers-dir"), help: ArgumentHelp(
        "A folder laid out like the bundled transfer tables (tables.json plus CSV files).", valueName: "DIR"))
    var transfersDirectory: String?

    func validate() throws {
        if listVocabulary { return }
        guard category != nil, from != nil, to != nil else {
            throw ValidationError("give --category, --from and --to")
        }
        if let format, !["text", "json"].contains(format) {
            throw ValidationError("--format must be text or json, got '\(format)'")
        }
    }

    func run() throws {
        let checker = try loadChecker()
        if listVocabulary {
            let tables = checker.tables
            print("Categories (--category): \(checker.categoryKeys.joined(separator: ", "))")
            print("Mechanisms (--mechanism):")
            for mechanism in tables.mechanisms where mechanism.kind == .mechanism {
                print("  \(mechanism.id): \(mechanism.name) [accepted by \(mechanism.acceptedBy.joined(separator: ", "))]")
            }
            print("Certifications (--recipient-certified):")
            for mechanism in tables.mechanisms where mechanism.kind == .certification {
                print("  \(mechanism.id): \(mechanism.name) [accepted by \(mechanism.acceptedBy.joined(separator: ", "))]")
            }
            print("Facts (--fact KEY=yes|no):")
            for fact in tables.facts { print("  \(fact.key): \(fact.question)") }
            print("Dates covered: from \(tables.coverage.lowerBound); compiled \(tables.coverage.upperBound) (later dates: answered with the tables' age, needs_review past each table's limit)")
            return
        }
        var input = TransferInput(category: category ?? "", from: from ?? "", to: to ?? "")
        input.mechanisms = mechanisms
        input.certifications = certifications
        input.facts = facts
        input.date = date
        let request: TransferRequest
        do {
            request = try checker.request(input, today: CivilDate(ComplianceService.today()))
        } catch {
            throw ValidationError(error.description)
        }
        let decision = checker.decide(request)
        if format == "json" {
            FileHandle.standardOutput.write(decision.jsonData(pretty: true) + Data("\n".utf8))
        } else {
            print(decision.text)
        }
    }

    private func loadChecker() throws -> TransferChecker {
        let directory: URL
        if let transfersDirectory {
            directory = URL(fileURLWithPath: transfersDirectory, isDirectory: true)
        } else if let environment = ProcessInfo.processInfo.environment["CLEARANCE_TRANSFERS_DIR"], !environment.isEmpty {
            directory = URL(fileURLWithPath: environment, isDirectory: true)
        } else {
            directory = BundledData.transfersDirectory
        }
        do {
            return TransferChecker(tables: try TransferTables(directory: directory))
        } catch {
            FileHandle.standardError.write(Data("clearance: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}
