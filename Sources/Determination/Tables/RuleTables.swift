import Foundation
import DataFormats

/// What a destination rule of a License Requirements row does (`rules/destination_rules.csv`).
public enum DestinationRuleKind: String, Sendable, Hashable, CaseIterable {
    /// A license is required to the destinations of the rule's expression.
    case requirement
    /// An AI Diffusion rule: its expression applies only when the toggle is on, its fallback otherwise.
    case aiDiffusion = "ai-diffusion"
    /// The destinations cannot be settled from the bundled data: a hit needs review.
    case review
    /// Information only (e.g. a reporting note); never a license requirement.
    case note
    /// The item is subject to the ITAR.
    case itar
}

/// How the wording of one kind of License Requirements row is read (`rules/destination_rules.csv`).
public struct DestinationRuleRow: Sendable, Hashable {
    /// Text the row's destination wording contains (case-insensitive); the first matching rule wins.
    public var match: String
    public var kind: DestinationRuleKind
    /// The destinations as an expression over codes, groups and named sets, e.g. `MO + D:5`.
    public var destinations: String?
    /// For AI Diffusion rules: the destinations while BIS does not enforce the rule.
    public var fallback: String?
    /// Paragraphs the rule applies to when the row itself names none (License Requirement Notes).
    public var scope: String?
    /// The citation to report when the row has none.
    public var cite: String?
    /// A data-quality flag to show with every finding the rule makes.
    public var flag: String?
    /// The rule in words, for explanations.
    public var explanation: String
    public var location: RowLocation
}

/// A transaction or item fact the engine may need and the user may state (`rules/facts.csv`).
public struct FactDefinition: Sendable, Hashable {
    /// The key users pass (`--fact KEY=yes|no`), e.g. `civil-telecommunications`.
    public var key: String
    /// The fact as a question, for NEEDS_REVIEW explanations.
    public var question: String
    /// Phrases whose presence in a scope condition means the condition is this fact.
    public var scopePhrases: [String]
    /// Whether `--end-use KEY` states the fact as true.
    public var isEndUseTag: Bool
    public var source: String
    public var location: RowLocation
}

/// One Part 744 end-use rule, or a 744.6 U.S.-person rule (`rules/end_use_rules.csv`).
public struct EndUseRuleRow: Sendable, Hashable {
    /// The end-use tag that triggers it, e.g. `military-intelligence`.
    public var tag: String
    /// `GP5` or `GP7`.
    public var prohibition: String
    public var section: String
    /// The destinations it covers, as an expression.
    public var destinations: String
    /// `all` items subject to the EAR, `technology`, `supp-2-744` (a list not bundled) or `any` (activities).
    public var items: String
    /// A fact that must be true as well (e.g. `us-person-support` for GP7).
    public var requiresFact: String?
    public var outcome: Outcome
    /// The only license exceptions the rule allows.
    public var exceptions: [String]
    public var confidence: String
    public var citation: String
    public var explanation: String
    public var location: RowLocation
}

/// One Part 746 embargo rule for a destination, valid over a date range (`rules/embargo_rules.csv`).
public struct EmbargoRuleRow: Sendable, Hashable {
    /// A destination code (`CU`, `UA-43`, …).
    public var destination: String
    public var section: String
    /// The first and last day the rule applies (`YYYY-MM-DD`), when bounded.
    public var effectiveFrom: String?
    public var effectiveTo: String?
    /// `all`, `ccl` (any ECCN), `ccl-column` (any row with a chart column) or `reasons:NS MT …`.
    public var items: String
    /// ECCNs the section lists by name.
    public var listedECCNs: [String]
    /// The outcome for EAR99 items when `items` does not reach them (nil: no finding).
    public var ear99Outcome: Outcome?
    /// Facts that, when true for an EAR99 item, exclude it.
    public var excludedFacts: [String]
    /// The outcome for an excluded item (NLR, or NEEDS_REVIEW where the exclusion is unclear).
    public var excludedOutcome: Outcome?
    /// The only license exceptions the section allows.
    public var exceptions: [String]
    public var policy: String?
    public var citation: String
    public var confidence: String
    public var explanation: String
    public var location: RowLocation
}

/// Which regime a control comes from, matched by ECCN, paragraph, reason or the ECCN's third character.
public struct RegimeRule: Sendable, Hashable {
    /// What the rule matches on.
    public enum Match: String, Sendable, Hashable {
        case eccn, paragraph, reason, finding
        case thirdCharacter = "third-character"
    }

    public var match: Match
    public var value: String
    public var regime: String
    public var isMultilateral: Bool
    public var source: String
    public var location: RowLocation
}

/// A correction to one row's paragraph scope (`rules/scope_overrides.csv`).
public struct ScopeOverride: Sendable, Hashable {
    public var eccn: String
    public var reason: String
    /// The scope as the data has it.
    public var appliesTo: String
    /// The scope to use instead.
    public var replacement: String
    public var flag: String
    public var location: RowLocation
}

/// What an ECCN without License Requirements is (`rules/entry_kinds.csv`).
public struct EntryKindRule: Sendable, Hashable {
    /// What the heading or item summary says.
    public enum Kind: String, Sendable, Hashable {
        case itar
        case noItems = "no-items"
    }

    public var phrase: String
    public var kind: Kind
    public var explanation: String
    public var location: RowLocation
}

/// A named set of destinations the expressions may use as `@name` (`rules/destination_sets.csv`).
public struct NamedDestinationSet: Sendable, Hashable {
    public var name: String
    public var members: [String]
    public var source: String
    public var confidence: String
    public var location: RowLocation
}

/// Clearance's own rule tables: how the EAR tables' wording is read, as data beside them.
///
/// The EAR tables are copies of their sources; these say how the engine reads them (destination
/// wordings, facts, Parts 744 and 746, regimes), each row with its source.
public struct RuleTables: Sendable {
    public let destinationRules: [DestinationRuleRow]
    public let facts: [FactDefinition]
    public let endUseRules: [EndUseRuleRow]
    public let embargoRules: [EmbargoRuleRow]
    public let regimes: [RegimeRule]
    public let scopeOverrides: [ScopeOverride]
    public let entryKinds: [EntryKindRule]
    public let destinationSets: [NamedDestinationSet]

    init(files: TableFiles) throws(TableDataError) {
        destinationRules = try files.rows(
            .destinationRules,
            columns: ["match", "kind", "destinations", "fallback", "scope", "cite", "flag", "explanation"]
        ).map { row throws(TableDataError) in
            DestinationRuleRow(
                match: try row.required("match"), kind: try row.choice("kind"), destinations: row.optional("destinations"),
                fallback: row.optional("fallback"), scope: row.optional("scope"), cite: row.optional("cite"),
                flag: row.optional("flag"), explanation: try row.required("explanation"), location: row.location)
        }
        var keys: Set<String> = []
        facts = try files.rows(.facts, columns: ["key", "question", "scope_phrase", "end_use_tag", "source"]).map {
            row throws(TableDataError) in
            let key = try row.required("key")
            guard keys.insert(key).inserted else { throw row.error("key", .duplicateKey("fact \(key) is listed twice")) }
            return FactDefinition(
                key: key, question: try row.required("question"),
                scopePhrases: row.text("scope_phrase").split(separator: "|").map(String.init),
                isEndUseTag: try row.yesNo("end_use_tag"), source: try row.required("source"), location: row.location)
        }
        endUseRules = try files.rows(
            .endUseRules,
            columns: [
                "tag", "prohibition", "section", "destinations", "items", "requires_fact", "outcome", "exceptions",
                "confidence", "citation", "explanation",
            ]
        ).map { row throws(TableDataError) in
            EndUseRuleRow(
                tag: try row.required("tag"), prohibition: try row.required("prohibition"),
                section: try row.required("section"), destinations: try row.required("destinations"),
                items: try row.required("items"), requiresFact: row.optional("requires_fact"),
                outcome: try row.choice("outcome"), exceptions: row.words("exceptions", separator: "|"),
                confidence: try row.required("confidence"), citation: try row.required("citation"),
                explanation: try row.required("explanation"), location: row.location)
        }
        embargoRules = try files.rows(
            .embargoRules,
            columns: [
                "destination", "section", "effective_from", "effective_to", "items", "listed_eccns", "ear99",
                "excluded_fact", "excluded_outcome", "exceptions", "policy", "citation", "confidence", "explanation",
            ]
        ).map { row throws(TableDataError) in
            EmbargoRuleRow(
                destination: try row.required("destination"), section: try row.required("section"),
                effectiveFrom: try row.date("effective_from"), effectiveTo: try row.date("effective_to"),
                items: try row.required("items"), listedECCNs: row.words("listed_eccns", separator: " "),
                ear99Outcome: row.optional("ear99") == nil ? nil : try row.choice("ear99"),
                excludedFacts: row.words("excluded_fact", separator: " "),
                excludedOutcome: row.optional("excluded_outcome") == nil ? nil : try row.choice("excluded_outcome"),
                exceptions: row.words("exceptions", separator: "|"), policy: row.optional("policy"),
                citation: try row.required("citation"), confidence: try row.required("confidence"),
                explanation: try row.required("explanation"), location: row.location)
        }
        regimes = try files.rows(.regimes, columns: ["match", "value", "regime", "multilateral", "source"]).map {
            row throws(TableDataError) in
            RegimeRule(
                match: try row.choice("match"), value: try row.required("value"), regime: try row.required("regime"),
                isMultilateral: try row.yesNo("multilateral"), source: try row.required("source"),
                location: row.location)
        }
        scopeOverrides = try files.rows(
            .scopeOverrides, columns: ["eccn", "reason", "applies_to", "replacement", "flag"]
        ).map { row throws(TableDataError) in
            ScopeOverride(
                eccn: try row.required("eccn"), reason: try row.required("reason"),
                appliesTo: try row.required("applies_to"), replacement: try row.required("replacement"),
                flag: try row.required("flag"), location: row.location)
        }
        entryKinds = try files.rows(.entryKinds, columns: ["phrase", "kind", "explanation"]).map {
            row throws(TableDataError) in
            EntryKindRule(
                phrase: try row.required("phrase"), kind: try row.choice("kind"),
                explanation: try row.required("explanation"), location: row.location)
        }
        destinationSets = try files.rows(.destinationSets, columns: ["name", "members", "source", "confidence"]).map {
            row throws(TableDataError) in
            NamedDestinationSet(
                name: try row.required("name"), members: row.words("members", separator: " "),
                source: try row.required("source"), confidence: try row.required("confidence"),
                location: row.location)
        }
    }
}

extension CSVRow {
    /// A cell holding one of an enumeration's raw values.
    func choice<Value: RawRepresentable>(_ column: String) throws(TableDataError) -> Value
    where Value.RawValue == String {
        let text = try required(column)
        guard let value = Value(rawValue: text) else {
            throw error(column, .invalidValue("\"\(text)\" is not one of the values this column accepts"))
        }
        return value
    }

    /// A `yes`/`no` cell.
    func yesNo(_ column: String) throws(TableDataError) -> Bool {
        switch text(column) {
        case "yes": return true
        case "no": return false
        case let other: throw error(column, .invalidValue("\"\(other)\" is neither yes nor no"))
        }
    }

    /// A cell holding a list, split on `separator`, with empty parts dropped.
    func words(_ column: String, separator: Character) -> [String] {
        text(column).split(separator: separator).map { $0.trimmed }.filter { !$0.isEmpty }
    }

    /// An optional `YYYY-MM-DD` cell.
    func date(_ column: String) throws(TableDataError) -> String? {
        guard let text = optional(column) else { return nil }
        guard CivilDate(text) != nil else { throw error(column, .invalidValue("\"\(text)\" is not a YYYY-MM-DD date")) }
        return text
    }
}
