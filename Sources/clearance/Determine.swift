import ArgumentParser
import BundledData
import CommandSupport
import Determination
import Foundation
import Screening

/// `clearance determine`: does an export need a US license under the EAR, why, and which exceptions could apply.
struct Determine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "determine",
        abstract: "Determine whether an export needs a license under the EAR, with every step cited.",
        discussion: """
            Follows 15 CFR Part 732: jurisdiction, Part 746 embargoes, Part 744 end uses and listed \
            parties, the CCL against the Country Chart, then license exceptions with their unmet \
            conditions. The outcome is the most restrictive finding: NLR, NEEDS_REVIEW (a fact is \
            missing; the finding names it), LICENSE_REQUIRED, PROHIBITED, NOT_SUBJECT or \
            OUT_OF_SCOPE_ITAR. With --input, every CSV row (columns named like the options: eccn, \
            destination, end_use, end_user_country, parent_country, value, date, party, fact, \
            transit, us_content, red_flag, id; several values in one cell separated by ';') gets one \
            JSON line; --summary counts the batch by outcome, reason and regime. The exit status is 1 \
            when a row could not be determined, 2 on wrong usage or input.

            Examples:
              clearance determine --eccn 3A001.a.2 --destination CN
              clearance determine --eccn 3A001.b.3 --destination JP --fact civil-telecommunications=no
              clearance determine --eccn EAR99 --destination DE --end-use nuclear --format json
              clearance determine --eccn 5A003 --destination BR --value 400 --party "Acme GmbH"
              clearance determine --input orders.csv --format jsonl --summary
            """
    )

    @Option(help: ArgumentHelp("The item's ECCN with its paragraph (3A001.a.2), EAR99, or USML.", valueName: "ECCN"))
    var eccn: String?

    @Option(help: ArgumentHelp("ISO 3166 alpha-2 code, HK, or UA-43 (Crimea), UA-14 (Donetsk), UA-09 (Luhansk).", valueName: "CC"))
    var destination: String?

    @Option(name: .customLong("end-use"), help: ArgumentHelp(
        "What the item will be used for, as far as you know (repeatable): nuclear, missile, cbw, military, military-intelligence, supercomputer, advanced-ic, ...",
        valueName: "TAG"))
    var endUses: [String] = []

    @Option(name: .customLong("end-user-country"), help: ArgumentHelp("Where the end user is headquartered.", valueName: "CC"))
    var endUserCountry: String?

    @Option(name: .customLong("parent-country"), help: ArgumentHelp("Where the end user's ultimate parent is headquartered.", valueName: "CC"))
    var parentCountry: String?

    @Option(help: ArgumentHelp("The shipment's value in U.S. dollars (for LVS).", valueName: "USD"))
    var value: String?

    @Option(help: ArgumentHelp("The transaction date; rules with effective dates are chosen by it (default: the current rules).", valueName: "YYYY-MM-DD"))
    var date: String?

    @Option(name: .customLong("party"), help: ArgumentHelp(
        "A consignee or end user to screen against the restricted-party lists (repeatable).", valueName: "NAME"))
    var parties: [String] = []

    @Option(name: .customLong("fact"), help: ArgumentHelp(
        "A fact the rules ask about (repeatable), e.g. civil-telecommunications=no; `clearance determine --facts` lists them.",
        valueName: "KEY=yes|no"))
    var facts: [String] = []

    @Option(help: ArgumentHelp("A country the shipment passes through (repeatable; GP8).", valueName: "CC"))
    var transit: [String] = []

    @Option(name: .customLong("us-content"), help: ArgumentHelp(
        "For a foreign-made item: its controlled U.S.-origin content in percent (de minimis, 734.4).", valueName: "PERCENT"))
    var usContent: String?

    @Option(name: .customLong("red-flag"), help: ArgumentHelp("An unresolved red flag (repeatable; Supp. No. 3 to Part 732).", valueName: "TEXT"))
    var redFlags: [String] = []

    @Flag(name: .customLong("ai-diffusion-enforced"), help: "Apply the AI Diffusion rule's text, which BIS said on 2025-05-13 it would not enforce (default: off).")
    var aiDiffusionEnforced = false

    @Option(help: ArgumentHelp("A CSV file of transactions ('-' for standard input).", valueName: "FILE.csv"))
    var input: String?

    @Flag(help: "With --input: print counts by outcome, reason and regime (on standard error when --format jsonl).")
    var summary = false

    @Option(help: "text or json for one transaction; jsonl with --input (json prints the --summary as JSON).")
    var format: String?

    @Flag(name: .customLong("facts"), help: "List the facts --fact accepts and the end-use tags, then exit.")
    var listFacts = false

    @Option(name: .customLong("ear-dir"), help: ArgumentHelp("A folder laid out like the bundled EAR tables (tables.json plus CSV files).", valueName: "DIR"))
    var earDirectory: String?

    @OptionGroup var lists: ListSelection

    func validate() throws {
        if listFacts { return }
        if input == nil {
            guard eccn != nil, destination != nil else {
                throw ValidationError("give --eccn and --destination, or --input FILE.csv")
            }
            if summary { throw ValidationError("--summary needs --input") }
            if let format, !["text", "json"].contains(format) {
                throw ValidationError("--format must be text or json for one transaction, got '\(format)'")
            }
        } else {
            if eccn != nil || destination != nil { throw ValidationError("give either --input or --eccn/--destination, not both") }
            if let format, !["jsonl", "json", "text"].contains(format) {
                throw ValidationError("--format must be jsonl with --input (json or text for the --summary), got '\(format)'")
            }
            if let format, format != "jsonl", !summary { throw ValidationError("--format \(format) with --input needs --summary; rows are written as jsonl") }
        }
    }

    func run() throws {
        let determiner = try loadDeterminer()
        if listFacts {
            print("Facts (--fact KEY=yes|no):")
            for fact in determiner.facts { print("  \(fact.key): \(fact.question)") }
            print("End uses (--end-use TAG): \(determiner.endUseTags.joined(separator: ", "))")
            return
        }
        if let input {
            let failures = try DetermineBatch(
                path: input, determiner: determiner, parties: try partyScreener(needed: true, lazily: true),
                format: format ?? (summary ? "text" : "jsonl"), summary: summary
            ).run()
            if failures > 0 { throw ExitCode.failure }
            return
        }
        var fields = Determiner.Input(eccn: eccn ?? "", destination: destination ?? "")
        fields.endUses = endUses
        fields.endUserCountry = endUserCountry
        fields.parentCountry = parentCountry
        fields.value = value
        fields.date = date
        fields.facts = facts
        fields.transit = transit
        fields.usContent = usContent
        fields.redFlags = redFlags
        let request: DeterminationRequest
        do {
            _ = try determiner.request(from: fields)
            var screenings: [PartyScreening] = []
            if let screener = try partyScreener(needed: !parties.isEmpty, lazily: false) {
                let loaded = try screener.value
                screenings = parties.map { loaded.screen($0) }
            }
            request = try determiner.request(from: fields, parties: screenings)
        } catch let error as DeterminationError {
            throw ValidationError(error.description)
        }
        let answer: Determination
        do {
            answer = try determiner.determine(request)
        } catch {
            throw ValidationError(error.description)
        }
        if format == "json" {
            FileHandle.standardOutput.write(answer.jsonData(pretty: true) + Data("\n".utf8))
        } else {
            print(answer.text)
        }
    }

    private func loadDeterminer() throws -> Determiner {
        let directory: URL
        if let earDirectory {
            directory = URL(fileURLWithPath: earDirectory, isDirectory: true)
        } else if let environment = ProcessInfo.processInfo.environment["CLEARANCE_EAR_DIR"], !environment.isEmpty {
            directory = URL(fileURLWithPath: environment, isDirectory: true)
        } else {
            directory = BundledData.earDirectory
        }
        do {
            return try Determiner(
                reference: ReferenceData(directory: directory), policy: DeterminationPolicy(aiDiffusionEnforced: aiDiffusionEnforced))
        } catch {
            FileHandle.standardError.write(Data("clearance: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// The party screener, loaded only when a party is to be screened (lazily: on the first batch row with one).
    private func partyScreener(needed: Bool, lazily: Bool) throws -> LazyPartyScreener? {
        guard needed else { return nil }
        let lists = self.lists
        let loader = LazyPartyScreener {
            let loaded = try lists.load()
            return PartyScreener(screener: Screener(index: loaded.index))
        }
        if !lazily { _ = try loader.value }
        return loader
    }
}

/// Loads the restricted-party lists on first use: a batch without a `party` column never pays for them.
final class LazyPartyScreener {
    private let load: () throws -> PartyScreener
    private var loaded: PartyScreener?

    init(_ load: @escaping () throws -> PartyScreener) {
        self.load = load
    }

    var value: PartyScreener {
        get throws {
            if let loaded { return loaded }
            let screener = try load()
            loaded = screener
            return screener
        }
    }
}
