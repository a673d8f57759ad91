import ArgumentParser
import Foundation
import Operations
import Store
import TariffExclusions

/// `clearance exclusions request|list|show|comment|decide|extend|consistency`: the tariff-exclusion process.
struct Exclusions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exclusions",
        abstract: "File, comment on, decide and extend tariff-exclusion requests; report inconsistent decisions.",
        discussion: """
            Example:
              clearance exclusions request --requester "Dana Whitfield" --organisation "Great Lakes Hydraulics LLC" \\
                --hts10 8481.90.9020 --description "Valve bodies, of aluminum, for oleohydraulic transmissions" \\
                --action section301 --heading 9903.88.03 --ground not_available_us --ground severe_economic_harm \\
                --figure annual_import_value_usd=1250000:USD --confidential-figure unit_cost_usd=41.7:USD
            """,
        subcommands: [Request.self, List.self, Show.self, Comment.self, Decide.self, Extend.self, Consistency.self])

    /// The options every exclusion command shares. Filings, comments, decisions and extensions carry
    /// the real time: no option moves the clock of a record.
    struct Common: ParsableArguments {
        @OptionGroup var database: DatabaseOption
        @Option(help: "text or json.") var format: OutputFormat = .text

        func service() async throws -> ExclusionService {
            ExclusionService(store: try await database.open(), isKnownHTS10: TradeTables.isKnownHTS10)
        }
    }

    /// `--as-of`, for the commands that only read: statuses and windows as they stand at another time.
    struct AsOf: ParsableArguments {
        @Option(
            name: .customLong("as-of"),
            help: ArgumentHelp("Show statuses as of this time instead of now (reading only).", valueName: "YYYY-MM-DD|YYYY-MM-DDTHH:MM:SSZ"))
        var text: String?

        func validate() throws {
            if let text, Instant(iso: text) == nil {
                throw ValidationError("--as-of must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got '\(text)'")
            }
        }

        /// A read-only view of `common`'s store with the clock at `--as-of` (or now).
        func service(_ common: Common) async throws -> ExclusionService {
            guard let text, let instant = Instant(iso: text) else { return try await common.service() }
            return ExclusionService(store: try await common.database.open(), isKnownHTS10: TradeTables.isKnownHTS10, clock: { instant })
        }
    }

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "request", abstract: "File an exclusion request; its comment window opens at once.")
        @Option(help: "The requester's name.") var requester: String
        @Option(help: "The organisation the request is filed for.") var organisation: String
        @Option(help: "The HTS-10 code, with or without dots.") var hts10: String
        @Option(help: "The product, in words (public).") var description: String
        @Option(help: "section301, section232, ieepa or section122.") var action: String
        @Option(help: "The Chapter 99 heading it asks relief from, e.g. 9903.88.03.") var heading: String
        @Option(name: .customLong("ground"), help: "not_available_us, not_available_third_countries, severe_economic_harm or strategic_importance (repeatable).")
        var grounds: [String] = []
        @Option(name: .customLong("figure"), help: ArgumentHelp("A supporting figure (repeatable).", valueName: "NAME=VALUE:UNIT")) var figures: [String] = []
        @Option(name: .customLong("confidential-figure"), help: ArgumentHelp("A figure that is confidential business information (repeatable).", valueName: "NAME=VALUE:UNIT"))
        var confidentialFigures: [String] = []
        @Option(name: .customLong("confidential-statement"), help: "Confidential business information supporting the request.") var statement: String?
        @Option(name: .customLong("comment-days"), help: "Days the comment window stays open (10 to 90, default 30).") var commentDays: Int?
        @Option(name: .customLong("rebuttal-days"), help: "Days rebuttals are accepted after it closes (1 to 30, default 7).") var rebuttalDays: Int?
        @OptionGroup var common: Common

        func run() async throws {
            let figures = try self.figures.map { try Self.figure($0, confidential: false) }
                + confidentialFigures.map { try Self.figure($0, confidential: true) }
            let draft = ExclusionRequestDraft(
                requesterName: requester, requesterOrganisation: organisation, hts10: hts10, productDescription: description,
                actionKind: action, actionHeading: heading, grounds: grounds, figures: figures, confidentialStatement: statement,
                commentDays: commentDays, rebuttalDays: rebuttalDays)
            let service = try await common.service()
            let docket = try await Exclusions.reporting { try await service.file(draft, actor: DatabaseOption.actor) }
            Exclusions.print(docket, service: service, format: common.format, audience: .reviewer)
        }

        static func figure(_ text: String, confidential: Bool) throws -> ExclusionRequestDraft.FigureDraft {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            let valueUnit = parts.count == 2 ? parts[1].split(separator: ":", maxSplits: 1).map(String.init) : []
            guard parts.count == 2, valueUnit.count == 2, let value = Double(valueUnit[0]) else {
                throw ValidationError("a figure is NAME=VALUE:UNIT, e.g. annual_import_value_usd=1250000:USD; got '\(text)'")
            }
            return .init(name: parts[0], value: value, unit: valueUnit[1], confidential: confidential)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List requests, oldest first, one line each (or JSON Lines).")
        @Option(help: "Only requests on this HTS-10 code.") var hts10: String?
        @Option(help: "Only requests in this status: \(ExclusionStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var status: String?
        @Option(help: "public or reviewer (the CLI reads the whole store; public leaves out confidential business information).")
        var view: String = "reviewer"
        @OptionGroup var common: Common
        @OptionGroup var asOf: AsOf

        func validate() throws {
            if let status, ExclusionStatus(rawValue: status) == nil {
                throw ValidationError("--status must be one of \(ExclusionStatus.allCases.map(\.rawValue).joined(separator: ", ")), got '\(status)'")
            }
            guard ExclusionAudience(rawValue: view) != nil else { throw ValidationError("--view must be public or reviewer, got '\(view)'") }
        }

        func run() async throws {
            let service = try await asOf.service(common)
            let dockets = try await Exclusions.reporting {
                try await service.dockets(hts10: hts10, status: status.flatMap(ExclusionStatus.init(rawValue:)))
            }
            let audience = ExclusionAudience(rawValue: view) ?? .public
            for docket in dockets {
                let shown = ExclusionView(docket, for: audience, at: service.clock())
                Swift.print(common.format == .json ? ExclusionJSON.encode(shown) : ExclusionText.summary(shown))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a request: its timeline, docket and decision.")
        @Argument(help: "The request id (excl_…).") var id: String
        @Option(help: "public or reviewer.") var view: String = "reviewer"
        @OptionGroup var common: Common
        @OptionGroup var asOf: AsOf

        func validate() throws {
            guard ExclusionAudience(rawValue: view) != nil else { throw ValidationError("--view must be public or reviewer, got '\(view)'") }
        }

        func run() async throws {
            let service = try await asOf.service(common)
            let docket = try await Exclusions.reporting { try await service.docket(id: id) }
            Exclusions.print(docket, service: service, format: common.format, audience: ExclusionAudience(rawValue: view) ?? .public)
        }
    }

    struct Comment: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "comment",
            abstract: "Comment on a request within its comment window, or rebut a comment (--replies-to) within the rebuttal window.")
        @Argument(help: "The request id.") var id: String
        @Option(help: "Who comments.") var author: String
        @Option(help: "The organisation they comment for.") var organisation: String?
        @Option(help: "support, oppose or neutral.") var position: String
        @Option(help: "The comment (public).") var text: String
        @Option(name: .customLong("confidential-text"), help: "Confidential business information (reviewers only).") var confidentialText: String?
        @Option(name: .customLong("replies-to"), help: "The comment this rebuts.") var repliesTo: String?
        @OptionGroup var common: Common

        func run() async throws {
            let service = try await common.service()
            let draft = CommentDraft(
                repliesTo: repliesTo, author: author, organisation: organisation, position: position, text: text,
                confidentialText: confidentialText)
            let docket = try await Exclusions.reporting { try await service.comment(on: id, draft, actor: DatabaseOption.actor) }
            guard let comment = docket.comments.last else { return }
            if common.format == .json {
                Swift.print(ExclusionJSON.encode(comment))
            } else {
                Swift.print("\(comment.isRebuttal ? "rebuttal" : "comment") \(comment.id) on \(id) recorded at \(comment.submittedAt)")
            }
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decide",
            abstract: "Decide a request against the published criteria, once its rebuttal window has closed.",
            discussion: "Criteria: \(ExclusionCriteria.all.map(\.id).joined(separator: ", ")); results met, not_met, not_assessed.")
        @Argument(help: "The request id.") var id: String
        @Option(help: "granted, denied or granted_in_part.") var outcome: String
        @Option(help: "The written reasons (public).") var reasons: String
        @Option(name: .customLong("finding"), help: ArgumentHelp("A finding on a criterion (repeatable).", valueName: "CRITERION=RESULT[:NOTE]"))
        var findings: [String] = []
        @Option(name: .customLong("effective-from"), help: ArgumentHelp("First day the exclusion applies.", valueName: "YYYY-MM-DD")) var effectiveFrom: String?
        @Option(name: .customLong("effective-to"), help: ArgumentHelp("Last day the exclusion applies.", valueName: "YYYY-MM-DD")) var effectiveTo: String?
        @Option(name: .customLong("consistency-reason"), help: "Why this decision differs from earlier ones on the same product.")
        var consistencyReason: String?
        @OptionGroup var common: Common

        func run() async throws {
            let findings = try self.findings.map { text -> DecisionDraft.FindingDraft in
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw ValidationError("a finding is CRITERION=RESULT[:NOTE], e.g. availability_us=met; got '\(text)'") }
                let result = parts[1].split(separator: ":", maxSplits: 1).map(String.init)
                return .init(criterion: parts[0], result: result.first ?? "", note: result.count == 2 ? result[1] : nil)
            }
            let draft = DecisionDraft(
                outcome: outcome, reasons: reasons, findings: findings, effectiveFrom: effectiveFrom, effectiveTo: effectiveTo,
                consistencyReason: consistencyReason)
            let service = try await common.service()
            let docket = try await Exclusions.reporting { try await service.decide(id, draft, actor: DatabaseOption.actor) }
            Exclusions.print(docket, service: service, format: common.format, audience: .reviewer)
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "extend", abstract: "Extend a granted exclusion to a later last day, with a reason.")
        @Argument(help: "The request id.") var id: String
        @Option(name: .customLong("to"), help: ArgumentHelp("The new last day.", valueName: "YYYY-MM-DD")) var effectiveTo: String
        @Option(help: "Why (e.g. the extension notice).") var reason: String
        @OptionGroup var common: Common

        func run() async throws {
            let service = try await common.service()
            let docket = try await Exclusions.reporting { try await service.extend(id, to: effectiveTo, reason: reason, actor: DatabaseOption.actor) }
            Exclusions.print(docket, service: service, format: common.format, audience: .reviewer)
        }
    }

    struct Consistency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "consistency",
            abstract: "Every decision that differs from an earlier one on the same HTS-10 and a similar description, with the reason recorded.")
        @OptionGroup var common: Common

        func run() async throws {
            let service = try await common.service()
            let pairs = try await Exclusions.reporting { try await service.consistencyReport() }
            if common.format == .json {
                for pair in pairs { Swift.print(ExclusionJSON.encode(pair)) }
            } else {
                Swift.print(ExclusionText.render(pairs))
            }
        }
    }

    static func print(_ docket: ExclusionDocket, service: ExclusionService, format: OutputFormat, audience: ExclusionAudience) {
        let view = ExclusionView(docket, for: audience, at: service.clock())
        Swift.print(format == .json ? ExclusionJSON.encode(view) : ExclusionText.render(view))
    }

    /// Runs `body`; a refused action is bad input (exit 2, naming the field), a store failure exits 1.
    static func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ExclusionError {
            throw ValidationError("\(error.field): \(error.message)")
        } catch let error as StoreError {
            if error.kind == .conflict || error.kind == .notFound { throw ValidationError(error.message) }
            FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
            throw ExitCode.failure
        }
    }
}
