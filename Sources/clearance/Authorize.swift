import ArgumentParser
import CommandSupport
import Enforcement
import Foundation
import Operations
import Store
import DataFormats

/// `clearance authorize`: the decision point from the command line (PERMIT with a token, DENY or REVIEW).
struct Authorize: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authorize",
        abstract: "Decide whether something controlled may be released to someone: PERMIT (with a signed token), DENY or REVIEW.",
        discussion: """
            Screens the party (confirmed matches deny, open alerts hold for review), determines every \
            destination, checks the stored licences, and records the answer in the audit chain. A PERMIT \
            on a licence draws on it. Exit status: 0 PERMIT, 1 DENY or REVIEW.

            Examples:
              clearance authorize --party C-1001 --artifact fab-process-notes --destination CN
              clearance authorize --person "Li Wei" --citizenship CN --eccn 3E001 (deemed export, 15 CFR 734.13)
            """)

    @Option(help: "A stored party id.") var party: String?
    @Option(help: "A person not stored as a party (with --citizenship for a deemed export).") var person: String?
    @Option(name: .customLong("citizenship"), help: "The person's citizenship (repeatable).") var citizenships: [String] = []
    @Option(name: .customLong("permanent-residence"), help: "The person's country of permanent residence.") var permanentResidence: String?
    @Option(help: "The item's ECCN (with paragraph) or EAR99.") var eccn: String?
    @Option(help: "A registered artefact id (clearance artifacts register).") var artifact: String?
    @Option(help: "The destination country (omit for a release inside the US to --person).") var destination: String?
    @Option(name: .customLong("end-use"), help: "A stated end use (repeatable).") var endUses: [String] = []
    @Option(help: "The consignee, when a licence names one.") var consignee: String?
    @Option(help: "The value in USD.") var value: Double = 0
    @Option(help: "The quantity.") var quantity: Int = 1
    @Option(help: ArgumentHelp("The day of the release (default today).", valueName: "YYYY-MM-DD")) var date: String?
    @Option(name: .customLong("fact"), help: ArgumentHelp("A stated fact (repeatable).", valueName: "KEY=yes|no")) var facts: [String] = []
    @Option(help: "How long the release token is valid, in seconds (60 to 86400).") var ttl: Int = 3600
    @Option(help: "text or json.") var format: String = "text"

    @OptionGroup var database: DatabaseOption
    @OptionGroup var lists: ListSelection

    func validate() throws {
        guard (party == nil) != (person == nil) else { throw ValidationError("give exactly one of --party or --person") }
        guard (eccn == nil) != (artifact == nil) else { throw ValidationError("give exactly one of --eccn or --artifact") }
        guard party == nil || destination != nil else { throw ValidationError("--destination is required with --party") }
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json, got '\(format)'") }
        guard (60...86_400).contains(ttl) else { throw ValidationError("--ttl must be from 60 to 86400 seconds") }
        guard value >= 0, value.isFinite else { throw ValidationError("--value must not be negative") }
        guard quantity >= 1 else { throw ValidationError("--quantity must be at least 1: a release is at least one unit") }
        for (option, name) in [("--person", person), ("--consignee", consignee)] {
            if let name, let problem = InputText.problem(in: name, limit: InputText.nameLimit) {
                throw ValidationError("\(option) \(problem)")
            }
        }
    }

    func run() async throws {
        let service = try await database.service(lists: lists)
        let recipient: AuthorizationRequest.Recipient = party.map { .party(id: $0) }
            ?? .person(.init(name: person ?? "", citizenships: citizenships.map { $0.uppercased() }, permanentResidence: permanentResidence?.uppercased()))
        let subject: AuthorizationRequest.Subject = eccn.map { .item(eccn: $0) } ?? .artifact(id: artifact ?? "")
        let request = AuthorizationRequest(
            recipient: recipient, subject: subject, destination: destination, endUses: endUses, consignee: consignee, value: value,
            quantity: quantity, date: date, facts: facts, tokenLifetime: ttl)
        let answer: AuthorizationAnswer
        do {
            answer = try await service.authorize(request, actor: DatabaseOption.actor, body: Data(CommandLine.arguments.joined(separator: " ").utf8))
        } catch let error as AuthorizationInputError {
            throw ValidationError("--\(error.field.replacingOccurrences(of: "_", with: "-")): \(error.problem)")
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
            throw ExitCode.failure
        }
        if format == "json" {
            print(answer.json())
        } else {
            print("\(answer.verdict.rawValue)  \(answer.decisionID)  \(answer.artifact.map { "\($0) (\(answer.item))" } ?? answer.item) → "
                + (answer.destinations.isEmpty ? "US" : answer.destinations.joined(separator: ", ")) + " for \(answer.subject)"
                + (answer.deemedExport ? " (deemed export, 15 CFR 734.13)" : ""))
            for reason in answer.reasons {
                print("  [\(reason.verdict.rawValue)] \(reason.code): \(reason.explanation)" + (reason.citation.map { " — \($0)" } ?? ""))
            }
            if let license = answer.license {
                print("  licence \(license.id): " + [license.valueLeft.map { "$\($0) left" }, license.quantityLeft.map { "\($0) units left" }]
                    .compactMap { $0 }.joined(separator: ", "))
            }
            if let token = answer.token {
                print("  token (expires \(answer.expiresAt ?? "")):")
                print(token)
            }
            print("  audit record \(answer.auditSequence)")
        }
        if answer.verdict != .permit { throw ExitCode.failure }
    }
}
