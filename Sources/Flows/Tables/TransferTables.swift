import Foundation
import DataFormats

/// Every data-transfer table, loaded from a folder laid out like `Data/trade/transfers` and
/// checked against each other: a mapping to a missing rule, a rule naming an unknown mechanism or
/// a date that is not a date stops the load with the file, line and column.
public struct TransferTables: Sendable {
    /// The rules, in file order.
    public let rules: [TransferRule]
    /// The CLI categories.
    public let categories: [TransferCategory]
    /// Category → rule mappings (CORRECTIONS.md 8).
    public let mappings: [CategoryMapping]
    /// The posture facts `--fact` accepts.
    public let facts: [PostureFact]
    /// Mechanisms and certifications.
    public let mechanisms: [Mechanism]
    /// The rules' dated steps and notes.
    public let steps: [RuleStep]
    /// Adequacy decisions by origin.
    public let adequacy: [AdequacyEntry]
    /// The country sets prohibitions are directed at.
    public let countrySets: [CountrySetMember]
    /// EU and EEA membership, dated (CORRECTIONS.md 7).
    public let memberships: [UnionMembership]
    /// The trade agreements with party lists.
    public let agreements: [TradeAgreement]
    /// The agreements' articles per discipline, dated.
    public let articles: [AgreementArticle]
    /// Each agreement's parties and entry-into-force dates.
    public let parties: [AgreementParty]
    /// Exceptions and caveats for conflicts.
    public let carveOuts: [CarveOut]
    /// Dated notes reported with every decision.
    public let notes: [DatedNote]
    /// The transfer dates the data answers for (tables.json `coverage`).
    public let coverage: ClosedRange<CivilDate>
    /// Where each table came from, as tables.json states.
    public let sources: [TransferTableSource]
    /// The tables' compilation date (the end of `coverage`) and each table's age limit.
    public let freshness: DataFreshness
    /// The snapshot and corrections, e.g. `trade-transfers 2026-11-23 (…), corrections 7,8,9`.
    public let dataVersion: String

    private let rulesByID: [String: TransferRule]
    private let mechanismsByID: [String: Mechanism]

    /// Loads the tables from `directory` (its `tables.json` names the files).
    public init(directory: URL) throws(TableDataError) {
        let files = try TransferTableFiles(directory: directory)
        rules = try Self.rules(files)
        var rulesByID: [String: TransferRule] = [:]
        for rule in rules { rulesByID[rule.id] = rule }
        self.rulesByID = rulesByID

        facts = try Self.facts(files)
        mechanisms = try Self.mechanisms(files)
        var mechanismsByID: [String: Mechanism] = [:]
        for mechanism in mechanisms { mechanismsByID[mechanism.id] = mechanism }
        self.mechanismsByID = mechanismsByID
        categories = try Self.categories(files)
        mappings = try Self.mappings(
            files, rules: Set(rulesByID.keys), categories: Set(categories.map(\.id)), facts: Set(facts.map(\.key)))
        steps = try Self.steps(files, rules: Set(rulesByID.keys), mechanisms: Set(mechanismsByID.keys))
        adequacy = try Self.adequacy(files, certifications: Set(mechanisms.filter { $0.kind == .certification }.map(\.id)))
        countrySets = try Self.countrySets(files)
        memberships = try Self.memberships(files)
        agreements = try Self.agreements(files)
        articles = try Self.articles(files, agreements: Set(agreements.map(\.id)))
        parties = try Self.parties(files, agreements: Set(agreements.map(\.id)))
        carveOuts = try Self.carveOuts(files, agreements: Set(agreements.map(\.id)), categories: Set(categories.map(\.id)))
        notes = try Self.notes(files)
        coverage = files.coverage
        sources = files.sources
        freshness = DataFreshness(
            compiled: files.coverage.upperBound,
            limits: files.sources.map { DataFreshness.Limit(table: $0.table, file: $0.file, staleAfterDays: $0.staleAfterDays) })
        let corrections = files.corrections.map(String.init).joined(separator: ",")
        dataVersion = corrections.isEmpty ? files.snapshot : "\(files.snapshot), corrections \(corrections)"
        try checkRuleMechanisms()
    }

    /// The rule with key `id`.
    public func rule(_ id: String) -> TransferRule? { rulesByID[id] }

    /// The mechanism or certification with key `id`.
    public func mechanism(_ id: String) -> Mechanism? { mechanismsByID[id] }

    /// Each rule's mechanisms must exist and be accepted by the rule's jurisdiction.
    private func checkRuleMechanisms() throws(TableDataError) {
        for rule in rules {
            for id in rule.mechanisms {
                guard let mechanism = mechanismsByID[id] else {
                    throw TableDataError(
                        .transfers, file: rule.file, line: rule.line, column: "mechanisms",
                        problem: .unknownReference("mechanism \"\(id)\" is not in mechanisms.csv"))
                }
                guard mechanism.acceptedBy.contains(rule.iso2) else {
                    throw TableDataError(
                        .transfers, file: rule.file, line: rule.line, column: "mechanisms",
                        problem: .unknownReference("mechanism \"\(id)\" does not list \(rule.iso2) in accepted_by (mechanisms.csv)"))
                }
            }
        }
    }

    private static func rules(_ files: TransferTableFiles) throws(TableDataError) -> [TransferRule] {
        let rows = try files.rows(
            .rules,
            columns: [
                "rule_id", "source_line", "jurisdiction", "iso2", "data_category", "rule_type", "requirement",
                "permitted_mechanisms", "mechanisms", "destination_set", "legal_basis", "effective", "effective_from",
                "effective_to", "date_note", "confidence", "notes",
            ])
        var rules: [TransferRule] = []
        for row in try unique(rows, "rule_id") {
            let id = try row.required("rule_id")
            let typeText = try row.required("rule_type")
            guard let type = RuleType(rawValue: typeText) else {
                throw row.invalid("rule_type", "\"\(typeText)\" is not a rule type the engine knows (\(RuleType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            var sourceLine: Int?
            if let text = row.optional("source_line") {
                guard let line = Int(text) else { throw row.invalid("source_line", "\"\(text)\" is not a line number") }
                sourceLine = line
            }
            let span = DateSpan(from: try row.date("effective_from"), to: try row.date("effective_to"))
            if type.family == .prohibition, row.optional("destination_set") == nil {
                throw row.invalid("destination_set", "a prohibition needs the country set it is directed at")
            }
            rules.append(
                TransferRule(
                    id: id, sourceLine: sourceLine, jurisdiction: try row.required("jurisdiction"), iso2: try row.required("iso2"),
                    dataCategory: row.text("data_category"), ruleType: type, requirement: try row.required("requirement"),
                    permittedMechanisms: row.text("permitted_mechanisms"), mechanisms: row.list("mechanisms"),
                    destinationSet: row.optional("destination_set"), legalBasis: try row.required("legal_basis"),
                    effectiveText: row.text("effective"), span: span, dateNote: row.text("date_note"),
                    confidence: try row.required("confidence"), file: row.file, line: row.line))
        }
        return rules
    }

    private static func categories(_ files: TransferTableFiles) throws(TableDataError) -> [TransferCategory] {
        var categories: [TransferCategory] = []
        for row in try unique(files.rows(.categories, columns: ["category", "name", "description", "step", "note"]), "category") {
            categories.append(
                TransferCategory(
                    id: try row.required("category"), name: try row.required("name"), description: row.text("description"),
                    step: row.optional("step"), note: row.optional("note")))
        }
        return categories
    }

    private static func facts(_ files: TransferTableFiles) throws(TableDataError) -> [PostureFact] {
        var facts: [PostureFact] = []
        for row in try unique(files.rows(.facts, columns: ["fact", "question", "source"]), "fact") {
            facts.append(PostureFact(key: try row.required("fact"), question: try row.required("question")))
        }
        return facts
    }

    private static func mappings(
        _ files: TransferTableFiles, rules: Set<String>, categories: Set<String>, facts: Set<String>
    ) throws(TableDataError) -> [CategoryMapping] {
        var mappings: [CategoryMapping] = []
        var seen: [String: Int] = [:]
        for row in try files.rows(.categoryMap, columns: ["category", "rule_id", "fact", "basis"]) {
            let category = try row.required("category")
            let pair = "\(category) → \(row.text("rule_id"))"
            if let first = seen[pair] {
                throw TableDataError(
                    .transfers, file: row.file, line: row.line, column: "rule_id", problem: .duplicateKey("\(pair) is already on line \(first)"))
            }
            seen[pair] = row.line
            guard categories.contains(category) else {
                throw TableDataError(
                    .transfers, file: row.file, line: row.line, column: "category",
                    problem: .unknownReference("category \"\(category)\" is not in categories.csv"))
            }
            let rule = try row.required("rule_id")
            guard rules.contains(rule) else {
                throw TableDataError(
                    .transfers, file: row.file, line: row.line, column: "rule_id", problem: .unknownReference("rule \"\(rule)\" is not in rules.csv"))
            }
            let fact = row.optional("fact")
            if let fact, !facts.contains(fact) {
                throw TableDataError(
                    .transfers, file: row.file, line: row.line, column: "fact", problem: .unknownReference("fact \"\(fact)\" is not in facts.csv"))
            }
            let basis = try row.required("basis")
            guard basis == "direct" || basis == "as-personal" else {
                throw row.invalid("basis", "\"\(basis)\" must be direct or as-personal")
            }
            mappings.append(CategoryMapping(category: category, ruleID: rule, fact: fact, asPersonal: basis == "as-personal"))
        }
        return mappings
    }

    private static func mechanisms(_ files: TransferTableFiles) throws(TableDataError) -> [Mechanism] {
        let rows = try unique(
            files.rows(.mechanisms, columns: ["mechanism", "kind", "name", "accepted_by", "implies", "effective_from", "source"]),
            "mechanism")
        var mechanisms: [Mechanism] = []
        for row in rows {
            let kindText = try row.required("kind")
            guard let kind = Mechanism.Kind(rawValue: kindText) else {
                throw row.invalid("kind", "\"\(kindText)\" must be mechanism or certification")
            }
            mechanisms.append(
                Mechanism(
                    id: try row.required("mechanism"), kind: kind, name: try row.required("name"), acceptedBy: row.list("accepted_by"),
                    implies: row.list("implies"), availableFrom: try row.date("effective_from")))
        }
        return mechanisms
    }

    private static func steps(_ files: TransferTableFiles, rules: Set<String>, mechanisms: Set<String>) throws(TableDataError)
        -> [RuleStep]
    {
        let rows = try files.rows(.ruleSteps, columns: ["rule_id", "when", "kind", "text", "effective_from", "effective_to", "source"])
        var steps: [RuleStep] = []
        for row in rows {
            let rule = try row.required("rule_id")
            guard rules.contains(rule) else {
                throw TableDataError(
                    .transfers, file: row.file, line: row.line, column: "rule_id", problem: .unknownReference("rule \"\(rule)\" is not in rules.csv"))
            }
            let whenText = try row.required("when")
            let when: RuleStep.When
            switch whenText {
            case "always": when = .always
            case "safeguard": when = .safeguard
            default:
                guard whenText.hasPrefix("mechanism:"), mechanisms.contains(String(whenText.dropFirst("mechanism:".count))) else {
                    throw row.invalid("when", "\"\(whenText)\" must be always, safeguard or mechanism:ID with an id from mechanisms.csv")
                }
                when = .mechanism(String(whenText.dropFirst("mechanism:".count)))
            }
            let kindText = try row.required("kind")
            guard let kind = RuleStep.Kind(rawValue: kindText) else { throw row.invalid("kind", "\"\(kindText)\" must be step, note or copy") }
            steps.append(
                RuleStep(
                    ruleID: rule, when: when, kind: kind, text: try row.required("text"),
                    span: DateSpan(from: try row.date("effective_from"), to: try row.date("effective_to"))))
        }
        return steps
    }

    private static func adequacy(_ files: TransferTableFiles, certifications: Set<String>) throws(TableDataError) -> [AdequacyEntry] {
        let rows = try files.rows(
            .adequacy,
            columns: [
                "origin", "destination", "scope", "certification", "instrument", "effective_from", "effective_to", "confidence", "source",
            ])
        var entries: [AdequacyEntry] = []
        for row in rows {
            let certification = row.optional("certification")
            if let certification, !certifications.contains(certification) {
                throw TableDataError(
                    .transfers, file: row.file, line: row.line, column: "certification",
                    problem: .unknownReference("certification \"\(certification)\" is not a certification in mechanisms.csv"))
            }
            guard let from = try row.date("effective_from") else {
                throw row.invalid("effective_from", "an adequacy decision needs the date it applies from")
            }
            entries.append(
                AdequacyEntry(
                    origin: try row.required("origin"), destination: try row.required("destination"), scope: try row.required("scope"),
                    certification: certification, instrument: try row.required("instrument"),
                    span: DateSpan(from: from, to: try row.date("effective_to")), confidence: try row.required("confidence"),
                    source: try row.required("source"), place: row.place))
        }
        return entries
    }

    private static func countrySets(_ files: TransferTableFiles) throws(TableDataError) -> [CountrySetMember] {
        var members: [CountrySetMember] = []
        for row in try files.rows(.countrySets, columns: ["set", "iso2", "name", "effective_from", "source"]) {
            guard let from = try row.date("effective_from") else { throw row.invalid("effective_from", "a set member needs its start date") }
            members.append(
                CountrySetMember(set: try row.required("set"), iso2: try row.required("iso2"), name: try row.required("name"), from: from))
        }
        return members
    }

    private static func memberships(_ files: TransferTableFiles) throws(TableDataError) -> [UnionMembership] {
        var members: [UnionMembership] = []
        for row in try files.rows(.euMembers, columns: ["iso2", "name", "union", "joined", "left", "source"]) {
            let unionText = try row.required("union")
            guard let union = UnionMembership.Union(rawValue: unionText) else { throw row.invalid("union", "\"\(unionText)\" must be EU or EEA") }
            guard let joined = try row.date("joined") else { throw row.invalid("joined", "a member needs its accession date") }
            members.append(
                UnionMembership(
                    iso2: try row.required("iso2"), name: try row.required("name"), union: union,
                    span: DateSpan(from: joined, to: try row.date("left"))))
        }
        return members
    }

    private static func agreements(_ files: TransferTableFiles) throws(TableDataError) -> [TradeAgreement] {
        var agreements: [TradeAgreement] = []
        for row in try unique(files.rows(.agreements, columns: ["agreement_id", "name", "chapter", "confidence", "source"]), "agreement_id") {
            agreements.append(
                TradeAgreement(
                    id: try row.required("agreement_id"), name: try row.required("name"), chapter: row.text("chapter"),
                    confidence: try row.required("confidence")))
        }
        return agreements
    }

    private static func articles(_ files: TransferTableFiles, agreements: Set<String>) throws(TableDataError) -> [AgreementArticle] {
        let rows = try files.rows(
            .agreementArticles, columns: ["agreement_id", "discipline", "article", "covered", "effective_from", "effective_to", "source"])
        var articles: [AgreementArticle] = []
        for row in rows {
            let id = try knownAgreement(row, agreements)
            let disciplineText = try row.required("discipline")
            guard let discipline = Discipline(rawValue: disciplineText) else {
                throw row.invalid("discipline", "\"\(disciplineText)\" is not one of \(Discipline.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let coveredText = try row.required("covered")
            guard let covered = AgreementArticle.Coverage(rawValue: coveredText) else {
                throw row.invalid("covered", "\"\(coveredText)\" must be yes, no or unverified")
            }
            articles.append(
                AgreementArticle(
                    agreementID: id, discipline: discipline, article: try row.required("article"), covered: covered,
                    span: DateSpan(from: try row.date("effective_from"), to: try row.date("effective_to"))))
        }
        return articles
    }

    private static func parties(_ files: TransferTableFiles, agreements: Set<String>) throws(TableDataError) -> [AgreementParty] {
        var parties: [AgreementParty] = []
        for row in try files.rows(.agreementParties, columns: ["agreement_id", "party_iso2", "in_force_for_party", "note"]) {
            parties.append(
                AgreementParty(
                    agreementID: try knownAgreement(row, agreements), party: try row.required("party_iso2"),
                    inForce: try row.date("in_force_for_party"), note: row.text("note")))
        }
        return parties
    }

    private static func carveOuts(_ files: TransferTableFiles, agreements: Set<String>, categories: Set<String>) throws(TableDataError)
        -> [CarveOut]
    {
        let rows = try files.rows(
            .carveOuts,
            columns: ["agreement_id", "discipline", "category", "party", "effect", "text", "effective_from", "effective_to", "source"])
        var carveOuts: [CarveOut] = []
        for row in rows {
            let id = try knownAgreement(row, agreements)
            let disciplineText = try row.required("discipline")
            var discipline: Discipline?
            if disciplineText != "*" {
                guard let known = Discipline(rawValue: disciplineText) else {
                    throw row.invalid("discipline", "\"\(disciplineText)\" must be * or one of \(Discipline.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                discipline = known
            }
            let categoryText = try row.required("category")
            if categoryText != "*", !categories.contains(categoryText) {
                throw TableDataError(
                    .transfers, file: row.file, line: row.line, column: "category",
                    problem: .unknownReference("category \"\(categoryText)\" is not in categories.csv"))
            }
            let partyText = try row.required("party")
            let effectText = try row.required("effect")
            guard let effect = CarveOut.Effect(rawValue: effectText) else {
                throw row.invalid("effect", "\"\(effectText)\" must be not-challengeable or caveat")
            }
            carveOuts.append(
                CarveOut(
                    agreementID: id, discipline: discipline, category: categoryText == "*" ? nil : categoryText,
                    party: partyText == "*" ? nil : partyText, effect: effect, text: try row.required("text"),
                    span: DateSpan(from: try row.date("effective_from"), to: try row.date("effective_to"))))
        }
        return carveOuts
    }

    private static func notes(_ files: TransferTableFiles) throws(TableDataError) -> [DatedNote] {
        var notes: [DatedNote] = []
        for row in try unique(files.rows(.notes, columns: ["note_id", "text", "effective_from", "effective_to", "source"]), "note_id") {
            notes.append(
                DatedNote(
                    id: try row.required("note_id"), text: try row.required("text"),
                    span: DateSpan(from: try row.date("effective_from"), to: try row.date("effective_to"))))
        }
        return notes
    }

    /// `rows`, checked to have a different, non-empty `column` each: a key given twice is an error naming both lines.
    private static func unique(_ rows: [CSVRow], _ column: String) throws(TableDataError) -> [CSVRow] {
        var seen: [String: Int] = [:]
        for row in rows {
            let key = try row.required(column)
            if let first = seen[key] {
                throw TableDataError(
                    .transfers, file: row.file, line: row.line, column: column, problem: .duplicateKey("\(key) is already on line \(first)"))
            }
            seen[key] = row.line
        }
        return rows
    }

    private static func knownAgreement(_ row: CSVRow, _ agreements: Set<String>) throws(TableDataError) -> String {
        let id = try row.required("agreement_id")
        guard agreements.contains(id) else {
            throw TableDataError(
                .transfers, file: row.file, line: row.line, column: "agreement_id",
                problem: .unknownReference("agreement \"\(id)\" is not in agreements.csv"))
        }
        return id
    }
}
