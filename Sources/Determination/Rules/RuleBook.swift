import Foundation
import DataFormats

/// Every table read and checked once: destination sets compiled, CCL rows read, the two CCL tables merged.
///
/// Built once per `ReferenceData`; determinations only look things up in it.
final class RuleBook: Sendable {
    let reference: ReferenceData
    let destinations: DestinationCatalog
    let entries: [String: CompiledEntry]
    let facts: [String: FactDefinition]
    let factOrder: [FactDefinition]
    /// The first fact key (in `factOrder`) of each lower-cased key, as `--fact` matches keys.
    let factKeysByLowercase: [String: String]
    let endUseRules: [(row: EndUseRuleRow, destinations: DestinationSet)]
    let embargoRules: [String: [(row: EmbargoRuleRow, from: CivilDate?, to: CivilDate?)]]
    let regimes: [RegimeRule]
    let groupSets: [CountryGroup: Set<String>]
    let gp8Transit: NamedDestinationSet?
    let gp8TransitSet: DestinationSet?
    let endUseTags: [String]
    /// The fact each scope-clause condition asks about, read once (exception-line wordings are matched when asked).
    let conditionFacts: [String: String]
    /// Regimes of finding kinds (`embargo`, `end-use`).
    let findingRegimes: [String: Regime]
    /// Part 740 sections by exception code.
    let exceptionSections: [String: String]
    /// `the conditions of SECTION: summary` by exception code, as unmet conditions word it.
    let exceptionConditions: [String: String]
    /// STA paragraphs, the headquarters rule and the chart footnotes, compiled.
    let regulation: RegulationBook

    init(reference data: ReferenceData) throws(TableDataError) {
        reference = data
        let catalog = DestinationCatalog(chart: data.countryChart, groups: data.countryGroups)
        destinations = catalog
        let rules = data.rules
        var named: [String: Set<String>] = ["un-arms-embargo": Set(data.unArmsEmbargoDestinations.rows.map(\.code))]
        for set in rules.destinationSets {
            for member in set.members where !catalog.chartCodes.contains(member) {
                throw Self.error(set.location, "members", "\"\(member)\" is not a Country Chart destination")
            }
            named[set.name] = Set(set.members)
        }
        func compile(_ expression: String, _ location: RowLocation, _ column: String) throws(TableDataError)
            -> DestinationSet
        {
            do {
                return try DestinationSet(expression, catalog: catalog, groups: data.countryGroups, named: named)
            } catch {
                throw Self.error(location, column, error.message)
            }
        }
        var destinationRules: [(row: DestinationRuleRow, set: DestinationSet?, fallback: DestinationSet?)] = []
        for row in rules.destinationRules {
            let set = try row.destinations.map { text throws(TableDataError) in try compile(text, row.location, "destinations") }
            let fallback = try row.fallback.map { text throws(TableDataError) in try compile(text, row.location, "fallback") }
            switch row.kind {
            case .requirement where set == nil:
                throw Self.error(row.location, "destinations", "a requirement needs a destination expression")
            case .aiDiffusion where set == nil || fallback == nil:
                throw Self.error(row.location, "fallback", "an ai-diffusion rule needs both destinations and fallback")
            default: break
            }
            destinationRules.append((row, set, fallback))
        }
        var facts: [String: FactDefinition] = [:]
        for fact in rules.facts { facts[fact.key] = fact }
        self.facts = facts
        self.factOrder = rules.facts
        var byLowercase: [String: String] = [:]
        for fact in rules.facts where byLowercase[fact.key.lowercased()] == nil { byLowercase[fact.key.lowercased()] = fact.key }
        factKeysByLowercase = byLowercase
        var endUse: [(row: EndUseRuleRow, destinations: DestinationSet)] = []
        for row in rules.endUseRules {
            if let fact = row.requiresFact, facts[fact] == nil {
                throw Self.error(row.location, "requires_fact", "\"\(fact)\" is not in rules/facts.csv")
            }
            guard ["all", "technology", "supp-2-744", "any"].contains(row.items) else {
                throw Self.error(row.location, "items", "\"\(row.items)\" is not all, technology, supp-2-744 or any")
            }
            guard ["GP5", "GP7"].contains(row.prohibition) else {
                throw Self.error(row.location, "prohibition", "\"\(row.prohibition)\" is not GP5 or GP7")
            }
            endUse.append((row, try compile(row.destinations, row.location, "destinations")))
        }
        endUseRules = endUse
        var tags: [String] = []
        for row in rules.endUseRules where !tags.contains(row.tag) { tags.append(row.tag) }
        for fact in rules.facts where fact.isEndUseTag && !tags.contains(fact.key) { tags.append(fact.key) }
        endUseTags = tags
        var embargo: [String: [(row: EmbargoRuleRow, from: CivilDate?, to: CivilDate?)]] = [:]
        for row in rules.embargoRules {
            guard catalog[row.destination] != nil else {
                throw Self.error(row.location, "destination", "\"\(row.destination)\" is not a known destination")
            }
            let itemForms = row.items == "all" || row.items == "ccl" || row.items == "ccl-column" || row.items.hasPrefix("reasons:")
            guard itemForms else {
                throw Self.error(row.location, "items", "\"\(row.items)\" is not all, ccl, ccl-column or reasons:…")
            }
            for fact in row.excludedFacts where facts[fact] == nil {
                throw Self.error(row.location, "excluded_fact", "\"\(fact)\" is not in rules/facts.csv")
            }
            embargo[row.destination, default: []].append(
                (row, row.effectiveFrom.flatMap(CivilDate.init), row.effectiveTo.flatMap(CivilDate.init)))
        }
        embargoRules = embargo
        regimes = rules.regimes
        var groupSets: [CountryGroup: Set<String>] = [:]
        for group in CountryGroup.allCases { groupSets[group] = data.countryGroups.countries(in: group) }
        self.groupSets = groupSets
        regulation = try RegulationBook(data.regulationRules, chart: data.countryChart, compile: compile)
        gp8Transit = rules.destinationSets.first { $0.name == "gp8-transit" }
        gp8TransitSet = gp8Transit.map { _ in DestinationSet(members: named["gp8-transit"] ?? [], expression: "@gp8-transit") }

        let reader = RowReader(
            rules: destinationRules, overrides: rules.scopeOverrides)
        var entries: [String: CompiledEntry] = [:]
        for entry in data.ccl.entries {
            entries[entry.eccn] = try Self.compile(
                entry, summary: data.eccnSummary[entry.eccn], reader: reader, kinds: rules.entryKinds, regimes: rules.regimes)
        }
        self.entries = entries
        var conditions: [String: String] = [:]
        let phrases = rules.facts.map { fact in (fact.key, fact.scopePhrases.map { $0.lowercased() }) }
        for entry in entries.values {
            let texts = (entry.rules + entry.notes).flatMap { rule in
                ((rule.scope.base ?? []) + rule.scope.exceptions).compactMap(\.condition)
            }
            for text in texts where conditions[text] == nil {
                conditions[text] = Self.factKey(for: text, in: phrases) ?? ""
            }
        }
        conditionFacts = conditions
        var findingRegimes: [String: Regime] = [:]
        for kind in ["embargo", "end-use"] {
            findingRegimes[kind] = Self.regime(rules.regimes, eccn: nil, paragraph: nil, reason: nil, finding: kind)
        }
        self.findingRegimes = findingRegimes
        var sections: [String: String] = [:]
        for row in data.licenseExceptions.rows {
            for code in row.code.split(separator: "/") where sections[String(code)] == nil { sections[String(code)] = row.section }
            sections[row.code] = row.section
        }
        exceptionSections = sections
        var conditionTexts: [String: String] = [:]
        for code in Set(sections.keys).union(Evaluation.listBasedCodes) {
            conditionTexts[code] = "the conditions of \(sections[code] ?? "Part 740")"
                + (data.licenseExceptions[code].map { ": \($0.summary)" } ?? "")
        }
        exceptionConditions = conditionTexts
    }

    /// The fact a condition's wording asks about: the first fact one of whose (lowercased) phrases it contains.
    ///
    /// A phrase written `!phrase` asks the fact's opposite (`!systems and equipment` for `component`): the
    /// key is then returned as `!key`.
    static func factKey(for condition: String, in phrases: [(key: String, phrases: [String])]) -> String? {
        let text = condition.lowercased()
        for fact in phrases {
            for phrase in fact.phrases {
                if phrase.hasPrefix("!") {
                    if text.includes(phrase.dropFirst()) { return "!" + fact.key }
                } else if text.includes(phrase) {
                    return fact.key
                }
            }
        }
        return nil
    }

    /// The fact a condition asks about (known wordings are read once; others are matched now).
    func factKey(for condition: String) -> String? {
        if let known = conditionFacts[condition] { return known.isEmpty ? nil : known }
        return Self.factKey(for: condition, in: factOrder.map { ($0.key, $0.scopePhrases.map { $0.lowercased() }) })
    }

    /// The regime of a control (by ECCN, paragraph, reason, third character) or of a finding kind.
    static func regime(
        _ rules: [RegimeRule], eccn: String?, paragraph: String?, reason: String?, finding: String?
    ) -> Regime? {
        let third = eccn.flatMap { $0.count >= 3 ? String(Array($0)[2]) : nil }
        for rule in rules {
            let hit: Bool
            switch rule.match {
            case .finding: hit = finding == rule.value
            case .eccn: hit = finding == nil && eccn == rule.value
            case .paragraph: hit = finding == nil && paragraph == rule.value
            case .reason: hit = reason.map { $0 == rule.value || $0.hasPrefix(rule.value) } ?? false
            case .thirdCharacter: hit = finding == nil && third == rule.value
            }
            if hit { return Regime(name: rule.regime, isMultilateral: rule.isMultilateral, source: rule.location) }
        }
        return nil
    }

    static func error(_ location: RowLocation, _ column: String, _ message: String) -> TableDataError {
        TableDataError(.ear, file: location.file, line: location.line, column: column, problem: .invalidValue(message))
    }

    private static func compile(
        _ entry: CCLEntry, summary: ECCNSummaryEntry?, reader: RowReader, kinds: [EntryKindRule], regimes: [RegimeRule]
    ) throws(TableDataError) -> CompiledEntry {
        let cclRows = try entry.controls.map { control throws(TableDataError) in try reader.read(control, eccn: entry.eccn) }
        var rows = cclRows
        var provenance = "CCL (\(entry.sourceDate)), \(entry.location.file)"
        let summaryControls = summary?.controls.filter { $0.reason != nil } ?? []
        if !summaryControls.isEmpty {
            let summaryRows = try summaryControls.map { control throws(TableDataError) in
                try reader.read(control, eccn: entry.eccn)
            }
            let differences = Self.differences(cclRows, summaryRows)
            if differences.isEmpty {
                provenance += "; the newer ECCN summary (2026-09-24) agrees in substance"
            } else {
                rows = summaryRows
                provenance =
                    "newer ECCN summary (2026-09-24), \(summaryControls[0].location.file): it differs from the CCL "
                    + "(\(entry.sourceDate)) in substance (\(differences.joined(separator: "; "))), so its rows are used"
            }
        }
        let requirements = rows.filter { $0.destination != .note }
        let notes = rows.filter { $0.destination == .note }
        var kind = EntryKind.controlled
        if requirements.isEmpty {
            let text = entry.heading + " " + (entry.itemsSummary ?? "")
            if let rule = kinds.first(where: { text.lowercased().includes($0.phrase.lowercased()) }) {
                kind = rule.kind == .itar ? .itar(rule.explanation) : .noItems(rule.explanation)
            } else {
                kind = .uncaptured
            }
        } else if requirements.allSatisfy({ $0.destination == .itar }) {
            kind = .itar(requirements[0].reading)
        }
        var lines: [String: String] = [:]
        var sources: [String: RowLocation] = [:]
        for line in entry.licenseExceptions where lines[line.code] == nil {
            lines[line.code] = line.condition ?? ""
            sources[line.code] = line.location
        }
        for (code, text) in [("STA", entry.staNote), ("LVS", entry.lvs), ("GBS", entry.gbs)] where lines[code] == nil {
            guard let text else { continue }
            lines[code] = text
            sources[code] = entry.location
        }
        let summaryLVS = summary?.licenseExceptions.first { $0.code == "LVS" }?.valuesUSD ?? []
        return CompiledEntry(
            eccn: entry.eccn, heading: entry.heading, productGroup: entry.eccn.dropFirst().first ?? "A", kind: kind,
            rules: requirements, notes: notes, exceptionLines: lines, lineSources: sources,
            lvsValues: summaryLVS.isEmpty ? Self.dollars(in: lines["LVS"] ?? "") : summaryLVS, provenance: provenance,
            regimes: regimes)
    }

    /// The requirement rows of one table that the other lacks, as `reason → destinations [scope]`.
    ///
    /// Substance is the reason, the destinations (chart column or member set) and the paragraphs the
    /// scope names; wording, and conditions carved out of the same paragraphs, are not compared.
    private static func differences(_ older: [ControlRule], _ newer: [ControlRule]) -> [String] {
        func signature(_ rule: ControlRule) -> String? {
            let target: String
            switch rule.destination {
            case .note: return nil
            case .chart(let column): target = column.rawValue
            case .set(let set): target = set.members.sorted().joined(separator: ",")
            case .aiDiffusion(let enforced, let fallback):
                target = "AI:" + enforced.members.sorted().joined(separator: ",") + "/" + fallback.members.sorted().joined(separator: ",")
            case .review: target = "review"
            case .itar: target = "ITAR"
            }
            return "\(rule.reason) → \(target) [\(rule.scope.signature)]"
        }
        func describe(_ rule: ControlRule) -> String {
            let wording = rule.wording.isEmpty ? rule.label : rule.wording
            return "\(rule.reason) \(wording.prefix(70)) [\(rule.scope.text.prefix(70))]"
        }
        let old = older.compactMap { rule in signature(rule).map { ($0, rule) } }
        let new = newer.compactMap { rule in signature(rule).map { ($0, rule) } }
        guard old.map(\.0).sorted() != new.map(\.0).sorted() else { return [] }
        let oldSet = Set(old.map(\.0))
        let newSet = Set(new.map(\.0))
        var result = new.filter { !oldSet.contains($0.0) }.map { "summary has " + describe($0.1) }
        result += old.filter { !newSet.contains($0.0) }.map { "CCL has " + describe($0.1) }
        return result.isEmpty ? ["row counts differ"] : result
    }

    /// `$1,500` → 1500; every dollar amount in a line.
    static func dollars(in text: String) -> [Int] {
        var values: [Int] = []
        var rest = Substring(text)
        while let sign = rest.firstIndex(of: "$") {
            rest = rest[rest.index(after: sign)...]
            let digits = rest.prefix { $0.isNumber || $0 == "," }.filter(\.isNumber)
            if let value = Int(digits), !values.contains(value) { values.append(value) }
        }
        return values
    }
}

extension DestinationSet {
    init(members: Set<String>, expression: String) {
        self.expression = expression
        self.members = members
    }
}

extension ParagraphScope {
    /// The scope's substance, for comparing two tables: the paragraphs it covers and the paragraphs it
    /// excepts beyond those (a condition carved out of the covered paragraphs is wording, not substance).
    var signature: String {
        let covered = Set((base ?? []).flatMap(\.paragraphs).map(\.description))
        let excepted = Set(exceptions.flatMap(\.paragraphs).map(\.description)).subtracting(covered)
        let head = base == nil ? "all" : covered.sorted().joined(separator: ",")
        return excepted.isEmpty ? head : head + " except " + excepted.sorted().joined(separator: ",")
    }
}

/// Reads one License Requirements row: its scope, its destination wording, its citation and flags.
struct RowReader: Sendable {
    let rules: [(row: DestinationRuleRow, set: DestinationSet?, fallback: DestinationSet?)]
    let overrides: [ScopeOverride]

    func read(_ control: ECCNControl, eccn: String) throws(TableDataError) -> ControlRule {
        let reason = control.reason ?? "(other)"
        var flags: [String] = []
        var scopeText = control.appliesTo ?? ""
        if let override = overrides.first(where: {
            $0.eccn == eccn && $0.reason == reason && $0.appliesTo == scopeText
        }) {
            scopeText = override.replacement
            flags.append(override.flag)
        }
        let isNote = reason == "(LR note)"
        if let column = control.chartColumn {
            let label = column.rawValue.hasPrefix(reason) ? column.rawValue : "\(reason) (\(column.rawValue))"
            var citation = Self.chartCitation(column)
            if let cite = control.cite { citation = cite + "; " + citation }
            return ControlRule(
                reason: reason, label: label, scope: ParagraphScope(scopeText.isEmpty ? "entire entry" : scopeText, eccn: eccn),
                destination: .chart(column), citation: citation,
                wording: "\(column.rawValue) column of the Country Chart",
                reading: "a license is required where the destination's Country Chart row has an X under \(column.rawValue)",
                flags: flags, source: control.location)
        }
        let wording = control.nonChartDestinationRule ?? ""
        // A note becomes a requirement only through a rule written for it (one that names its paragraphs).
        let lowered = wording.lowercased()
        let matched = rules.first { (!isNote || $0.row.scope != nil) && lowered.includes($0.row.match.lowercased()) }
        let label = isNote ? "LR note" : reason == "(other)" ? (control.cite ?? reason) : reason
        if let rule = matched?.row, let scope = rule.scope, scopeText.isEmpty { scopeText = scope }
        guard let matched else {
            var reading = "the destination rule is not one the engine reads"
            if isNote {
                reading = wording
            } else if wording.isEmpty {
                reading = "the row names neither a Country Chart column nor a destination rule"
                flags.append("data gap: this row's Country Chart cell was not captured (e.g. the 1D018 MT row)")
            }
            return ControlRule(
                reason: reason, label: label, scope: ParagraphScope(scopeText.isEmpty ? "entire entry" : scopeText, eccn: eccn),
                destination: isNote ? .note : .review, citation: control.cite ?? "Supp. No. 1 to Part 774, \(eccn)",
                wording: wording, reading: reading, flags: flags, source: control.location)
        }
        let destination: RuleDestination
        switch matched.row.kind {
        case .requirement: destination = matched.set.map(RuleDestination.set) ?? .review
        case .aiDiffusion:
            guard let enforced = matched.set, let fallback = matched.fallback else { destination = .review; break }
            destination = .aiDiffusion(enforced: enforced, fallback: fallback)
        case .review: destination = .review
        case .note: destination = .note
        case .itar: destination = .itar
        }
        if let flag = matched.row.flag { flags.append(flag) }
        let citation = control.cite ?? matched.row.cite ?? "Supp. No. 1 to Part 774, \(eccn)"
        if citation.includes("742.6(a)(12)") && !flags.contains(where: { $0.includes("CORRECTIONS.md 6") }) {
            flags.append("citation clash (CORRECTIONS.md 6): 742.6(a)(12) is cited for two different rules")
        }
        if scopeText.isEmpty && destination != .note && destination != .itar && control.appliesTo == nil && !isNote {
            flags.append("data gap (CORRECTIONS.md 5): the row's paragraph scope was not captured")
        }
        return ControlRule(
            reason: reason, label: label,
            scope: ParagraphScope(scopeText.isEmpty ? "entire entry" : scopeText, eccn: eccn), destination: destination,
            citation: citation, wording: wording,
            reading: matched.row.explanation, flags: flags, source: control.location)
    }

    /// The Part 742 section of a chart column, with the chart itself.
    static func chartCitation(_ column: ChartColumn) -> String {
        let section: String
        switch column {
        case .cb1, .cb2, .cb3: section = "742.2"
        case .np1, .np2: section = "742.3"
        case .ns1, .ns2: section = "742.4"
        case .mt1: section = "742.5"
        case .rs1, .rs2: section = "742.6"
        case .fc1: section = "742.17"
        case .cc1, .cc2, .cc3: section = "742.7"
        case .at1, .at2: section = "742.8-742.10, 742.19"
        }
        return "\(section); Supp. No. 1 to Part 738"
    }
}
