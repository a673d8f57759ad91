import Foundation

extension Evaluation {
    // MARK: - GP6: Part 746 embargoes

    /// The embargo rules in force for the destination on the transaction's date.
    var embargoRules: [EmbargoRuleRow] {
        let rows = book.embargoRules[destination.code] ?? []
        guard let date = request.date else { return rows.filter { $0.row.effectiveTo == nil }.map(\.row) }
        return rows.filter { rule in
            (rule.from.map { date >= $0 } ?? true) && (rule.to.map { date <= $0 } ?? true)
        }.map(\.row)
    }

    func embargoes() {
        for rule in embargoRules {
            var outcome: Outcome = .licenseRequired
            var why = rule.explanation
            var missing: String?
            switch rule.items {
            case "all":
                if isEAR99, !rule.excludedFacts.isEmpty {
                    let stated = rule.excludedFacts.compactMap { key in request.facts[key].map { (key, $0) } }
                    if let excluded = stated.first(where: { $0.1 }) {
                        outcome = rule.excludedOutcome ?? .nlr
                        why += ". The item is stated to be \(excluded.0): "
                            + (outcome == .nlr ? "excluded from this requirement" : "whether it is still excluded must be reviewed")
                        missing = outcome == .needsReview ? excluded.0 : nil
                    } else if stated.count < rule.excludedFacts.count {
                        why += ". Treated as not excluded: state --fact \(rule.excludedFacts.joined(separator: "=yes or --fact "))=yes if it is"
                    }
                }
            case "ccl":
                if isEAR99 {
                    guard let ear99 = rule.ear99Outcome else { continue }
                    outcome = ear99
                    missing = ear99 == .needsReview ? "HTS-listed EAR99 items (supplements to Part 746)" : nil
                    why += ". The item is EAR99: " + (ear99 == .needsReview
                        ? "check whether its HTS code is listed in the Part 746 supplements"
                        : "see the rule")
                }
            case "ccl-column":
                let listed = listedBy(rule)
                let column = entry?.namesChartColumn ?? false
                if isEAR99 {
                    guard let ear99 = rule.ear99Outcome else { continue }
                    outcome = ear99
                    why += ". The item is EAR99, which 746.7(a)(1) does not reach; OFAC's ITSR still requires authorization"
                } else if !column && !listed {
                    outcome = rule.ear99Outcome ?? .nlr
                    why += ". This entry names no Country Chart column and is not listed in 746.7(a)(1), so the EAR "
                        + "requirement does not reach it; OFAC's ITSR still requires authorization"
                }
            default:
                let reasons = Set(rule.items.dropFirst("reasons:".count).split(separator: " ").map(String.init))
                if isEAR99 {
                    guard let ear99 = rule.ear99Outcome else { continue }
                    outcome = ear99
                } else if listedBy(rule) {
                    why += ". \(itemText) is listed by name in the section"
                } else {
                    let matching = applicableRules.filter { reasons.contains($0.rule.reason) }
                    if matching.contains(where: { $0.scope == .applies }) {
                        why += ". The entry is controlled here for " + Set(matching.map(\.rule.reason)).sorted().joined(separator: ", ")
                    } else if let pending = matching.first {
                        outcome = .needsReview
                        missing = missingFact(for: pending.scope)
                        why += ". Whether the \(pending.rule.reason) control covers this item is unsettled"
                    } else {
                        outcome = .nlr
                        why += ". This item is not controlled for any of those reasons"
                    }
                }
            }
            var finding = Finding(
                prohibition: "GP6", reason: rule.section, outcome: outcome, citation: rule.citation,
                explanation: why + (rule.policy.map { ". Review policy: \($0)" } ?? ""),
                regime: regime(reason: nil, finding: "embargo"), sources: [rule.location], missingFact: missing,
                flags: rule.confidence == "H" ? [] : ["confidence \(rule.confidence): \(rule.section) summarised from secondary sources"],
                allowedExceptions: rule.exceptions)
            if outcome == .nlr { finding.allowedExceptions = nil }
            add(finding)
        }
    }

    private func listedBy(_ rule: EmbargoRuleRow) -> Bool {
        rule.listedECCNs.contains { listed in
            let parts = listed.split(separator: ".").map(String.init)
            return parts.first == entry?.eccn && ParagraphPattern(segments: Array(parts.dropFirst())).relation(to: item.paragraph) == .covers
        }
    }

    /// The entry's requirement rows with their scope for this item (rows that exclude the item left out).
    func computeApplicableRules() -> [(rule: ControlRule, scope: ScopeResult)] {
        guard let entry else { return [] }
        return entry.rules.compactMap { rule in
            let scope = rule.scope.evaluate(paragraph: item.paragraph) { statedFact(for: $0) }
            return scope == .excluded ? nil : (rule, scope)
        }
    }

    func missingFact(for scope: ScopeResult) -> String? {
        switch scope {
        case .needs(.paragraph): "paragraph"
        case .needs(.condition(let text, _)): factKey(for: text) ?? "scope condition"
        default: nil
        }
    }

    // MARK: - GP5 / GP7: Part 744 end uses (and 744.6 U.S.-person support)

    func endUses() {
        for tag in request.endUses {
            let rules = book.endUseRules.filter { $0.row.tag == tag }
            guard !rules.isEmpty else { continue }
            var covered = false
            for (rule, destinations) in rules {
                if let fact = rule.requiresFact, request.facts[fact] != true { continue }
                guard destinations.contains(destination) else { continue }
                var outcome = rule.outcome
                var why = rule.explanation
                var missing: String?
                switch rule.items {
                case "technology":
                    guard entry?.productGroup == "E" else { continue }
                case "supp-2-744":
                    if isEAR99 { continue }
                    outcome = .needsReview
                    missing = "Supp. No. 2 to Part 744"
                    why += ". Whether \(itemText) is listed in Supp. No. 2 to Part 744 must be checked: that list is not in the bundled data"
                default: break
                }
                covered = true
                add(
                    Finding(
                        prohibition: rule.prohibition, reason: rule.section, outcome: outcome, citation: rule.citation,
                        explanation: "End use stated: \(tag). \(why)", regime: regime(reason: nil, finding: "end-use"),
                        sources: [rule.location], missingFact: missing,
                        flags: rule.confidence == "H" ? [] : ["confidence \(rule.confidence): \(rule.section) is summarised, not parsed from the regulation"],
                        allowedExceptions: rule.exceptions))
            }
            if !covered {
                let sections = Set(rules.filter { $0.row.requiresFact == nil }.map(\.row.section)).sorted().joined(separator: ", ")
                add(
                    Finding(
                        prohibition: "GP5", reason: sections, outcome: .nlr, citation: sections,
                        explanation: "End use stated: \(tag). The \(sections) rule for it does not reach \(destination.name) or this item",
                        regime: regime(reason: nil, finding: "end-use"), sources: rules.map(\.row.location),
                        missingFact: nil, flags: []))
            }
        }
    }

    // MARK: - GP5: listed parties (Entity List, MEU, UVL, sanctions)

    func parties() {
        for party in request.parties {
            for hit in party.hits {
                let entryText = "\"\(party.name)\" matches \(hit.entry.list) entry \(hit.entry.id) \"\(hit.entry.name)\" (score \(Self.score(hit.entry.score)))"
                var terms = ""
                if let requirement = hit.licenseRequirement { terms += " License requirement: \(requirement)" }
                if let policy = hit.licensePolicy { terms += " Review policy: \(policy)" }
                if let notice = hit.federalRegisterNotice { terms += " Listed at \(notice)." }
                let finding: Finding
                switch hit.list {
                case .deniedPersons: continue
                case .entityList:
                    let outcome = listingOutcome(hit.licenseRequirement)
                    finding = Finding(
                        prohibition: "GP5", reason: "744.11", outcome: outcome, citation: "744.11; Supp. No. 4 to Part 744",
                        explanation: "\(entryText).\(terms) The license requirement and review policy are the entry's; no license exception applies unless the entry says so.",
                        regime: regime(reason: nil, finding: "end-use"), sources: [], missingFact: nil, flags: [],
                        allowedExceptions: [], listEntry: hit.entry)
                case .militaryEndUser:
                    let outcome = listingOutcome(hit.licenseRequirement ?? "supplement no. 2 to part 744")
                    finding = Finding(
                        prohibition: "GP5", reason: "744.21", outcome: outcome,
                        citation: "744.21(b); Supp. No. 7 to Part 744",
                        explanation: "\(entryText).\(terms)"
                            + (outcome == .needsReview ? " Whether \(itemText) is listed in Supp. No. 2 to Part 744 must be checked (not in the bundled data)." : ""),
                        regime: regime(reason: nil, finding: "end-use"), sources: [],
                        missingFact: outcome == .needsReview ? "Supp. No. 2 to Part 744" : nil, flags: [],
                        allowedExceptions: [], listEntry: hit.entry)
                case .unverified:
                    finding = Finding(
                        prohibition: "GP5", reason: "744.15", outcome: .needsReview, citation: "744.15; Supp. No. 6 to Part 744",
                        explanation: "\(entryText). Before any export without a license, obtain the UVL statement of 744.15(b); no license exception may be used.",
                        regime: regime(reason: nil, finding: "end-use"), sources: [], missingFact: "UVL statement",
                        flags: [], allowedExceptions: [], listEntry: hit.entry)
                case .sanctions(let programs):
                    let ear = ["SDGT", "SDT", "FTO", "NPWMD"].filter { code in programs.contains { $0.contains(code) } }
                    finding = Finding(
                        prohibition: "GP5", reason: ear.isEmpty ? "sanctions" : "744.8/744.12-744.14",
                        outcome: ear.isEmpty ? .needsReview : .licenseRequired,
                        citation: ear.isEmpty ? "31 CFR Chapter V; 744.8" : "744.8; 744.12; 744.13; 744.14",
                        explanation: ear.isEmpty
                            ? "\(entryText), programmes \(programs.joined(separator: ", ")). Sanctions outside the EAR may prohibit the transaction; review it under the listing authority's rules"
                            : "\(entryText), programmes \(programs.joined(separator: ", ")). The EAR requires a license for all items subject to the EAR to persons designated under these programmes",
                        regime: regime(reason: nil, finding: "end-use"), sources: [],
                        missingFact: ear.isEmpty ? "sanctions review" : nil, flags: [], allowedExceptions: [],
                        listEntry: hit.entry)
                }
                add(finding)
            }
        }
    }

    /// What a listing's license requirement means for this item.
    private func listingOutcome(_ requirement: String?) -> Outcome {
        guard let text = requirement?.lowercased() else { return .licenseRequired }
        if text.includes("supplement no. 2 to part 744") { return isEAR99 ? .nlr : .needsReview }
        if isEAR99, text.includes("other than ear99") { return .nlr }
        return .licenseRequired
    }

    // MARK: - GP1: the CCL and the Country Chart

    func commerceControlList() {
        guard let entry else {
            if isEAR99 {
                add(
                    Finding(
                        prohibition: "GP1", reason: "EAR99", outcome: .nlr, citation: "734.3(c)",
                        explanation: "EAR99 items are on no CCL entry, so no Country Chart requirement applies; Parts 744 and 746 and GP4-GP10 still do",
                        regime: nil, sources: [], missingFact: nil, flags: []))
            }
            return
        }
        guard entry.kind == .controlled else { return }
        notes.append(entry.rowsNote)
        for (note, line) in zip(entry.notes, entry.noteLines) {
            let scope = note.scope.evaluate(paragraph: item.paragraph) { statedFact(for: $0) }
            if scope != .excluded, !note.wording.isEmpty {
                notes.append(line)
            }
        }
        for (rule, scope) in applicableRules {
            evaluate(rule, scope: scope, entry: entry)
        }
        headquartersRules(entry: entry)
        chartFootnotes(entry: entry)
    }

    private func evaluate(_ rule: ControlRule, scope: ScopeResult, entry: CompiledEntry) {
        let hit: Bool?
        var reading = rule.reading
        var column: ChartColumn?
        switch rule.destination {
        case .chart(let chartColumn):
            column = chartColumn
            hit = destination.chart.columns.contains(chartColumn)
        case .set(let set): hit = set.contains(destination)
        case .aiDiffusion(let enforced, let fallback):
            if policy.aiDiffusionEnforced {
                hit = enforced.contains(destination)
                reading += " [AI Diffusion toggle on: the rule's text is enforced]"
            } else {
                hit = fallback.contains(destination)
                reading += " [AI Diffusion toggle off: the earlier rule is applied]"
            }
        case .review: hit = nil
        case .note, .itar: return
        }
        let isUN = rule.isUN
        let prohibition = isUN ? "GP6" : "GP1"
        var allowed: [String]?
        if isUN { allowed = Self.unFree.contains(destination.chartCode) ? nil : Self.governmentOnly }
        let outcome: Outcome
        var why: String
        var missing: String?
        switch (scope, hit) {
        case (.applies, true?):
            outcome = .licenseRequired
            if let column {
                why = .concatenating(itemText, rule.withinRow, chartPhrases.marked[column.ordinal])
            } else {
                why = "\(itemText) is within the \(rule.label) row (\(rule.scopeWords)); \(reading), and \(destination.name) is covered"
            }
        case (_, false?):
            outcome = .nlr
            if let column {
                why = rule.label == column.rawValue
                    ? chartPhrases.unmarkedRow[column.ordinal] : .concatenating(rule.label, ": ", chartPhrases.unmarked[column.ordinal])
            } else {
                why = "\(rule.label) (\(rule.scopeWords)): \(reading); \(destination.name) is not covered"
            }
        case (.applies, nil):
            outcome = .needsReview
            missing = "destination scope"
            why = "\(itemText) is within the \(rule.label) row (\(rule.scopeWords)), but its destinations cannot be settled from the data: \(rule.wording.isEmpty ? reading : rule.wording)"
        case (.needs(let need), _):
            outcome = .needsReview
            missing = missingFact(for: scope)
            let needWords: String
            switch need {
            case .paragraph: needWords = "give the paragraph of \(entry.eccn) (e.g. \(entry.eccn).a.1) to settle it"
            case .condition(let text, _):
                let key = factKey(for: text)
                needWords = key.map { "state --fact \($0)=yes|no (\(question(for: $0)))" }
                    ?? "the condition \"\(text)\" is not one a stated fact settles; classify the item against it"
            }
            why = "\(rule.label) (\(rule.scopeWords)) would require a license to \(destination.name) if it covers \(itemText): \(needWords)"
        case (.excluded, _): return
        }
        add(
            Finding(
                prohibition: prohibition, reason: rule.label, outcome: outcome, citation: rule.citation, explanation: why,
                regime: regime(reason: rule.reason), sources: rule.sources, missingFact: missing, flags: rule.flags,
                allowedExceptions: allowed))
    }

    /// UN rows allow GOV except to these chart codes (746.1(b)).
    private static let unFree: Set<String> = ["IQ", "KP", "IR"]
    private static let governmentOnly = ["GOV"]

    // MARK: - GP2 / GP3: foreign-made items

    func foreignContent() {
        if let percent = request.usContentPercent {
            let strict = destination.groups.contains(.e1) || destination.groups.contains(.e2)
            let threshold = strict ? 10.0 : 25.0
            let noDeMinimis = entry.map { ($0.eccn.dropFirst(2).hasPrefix("6") || $0.eccn.hasSuffix("515")) } ?? false
                && destination.groups.contains(.d5)
            let subject = percent > threshold || noDeMinimis
            let why = noDeMinimis
                ? "There is no de minimis level for 600-series and 9x515 items to D:5 destinations (734.4(a)); the foreign-made item is subject to the EAR"
                : "The foreign-made item has \(Self.percent(percent)) controlled U.S.-origin content against a de minimis level of \(Self.percent(threshold)) for \(destination.name)"
                    + (subject ? ": it is subject to the EAR, and the findings below apply to its reexport" : ": it is not subject to the EAR (unless a foreign direct product rule applies)")
            if !subject && request.facts["foreign-direct-product"] != true {
                findings.removeAll()
                add(
                    Finding(
                        prohibition: "GP2", reason: "734.4", outcome: .notSubject, citation: "734.4; 736.2(b)(2)",
                        explanation: why, regime: nil, sources: [], missingFact: nil,
                        flags: ["confidence M: de minimis percentages per DETERMINATION.md section 1 (to be verified)"]))
                exceptionsCleared = true
                return
            }
            for index in findings.indices where findings[index].prohibition == "GP1" {
                findings[index].prohibition = "GP2"
            }
            add(
                Finding(
                    prohibition: "GP2", reason: "734.4", outcome: .nlr, citation: "734.4; 736.2(b)(2)", explanation: why,
                    regime: nil, sources: [], missingFact: nil,
                    flags: ["confidence M: de minimis percentages per DETERMINATION.md section 1 (to be verified)"]))
        } else {
            notes.append("Treated as a U.S.-origin item exported from the United States (give --us-content for a foreign-made item)")
        }
        if request.facts["foreign-direct-product"] == true {
            let fdp: (String, String)? = switch destination.chartCode {
            case "RU", "BY": ("734.9(f)", "the Russia/Belarus foreign direct product rule")
            case "IR": ("734.9(j); 746.7(a)(1)(iii)", "the Iran foreign direct product rule")
            default: destination.code.hasPrefix("UA-") ? ("734.9(f)", "the Crimea/DNR/LNR foreign direct product rule") : nil
            }
            add(
                Finding(
                    prohibition: "GP3", reason: "734.9", outcome: fdp == nil ? .needsReview : .licenseRequired,
                    citation: fdp?.0 ?? "734.9",
                    explanation: fdp.map { "The item is a foreign direct product to \(destination.name): \($0.1) makes it subject to the EAR and requires a license" }
                        ?? "The item is a foreign direct product: whether one of the 734.9 rules (NS, 9x515, 600 series, Entity List footnotes, advanced computing, supercomputer) catches it must be reviewed; their scopes are not in the bundled data",
                    regime: regime(reason: nil, finding: "embargo"), sources: [],
                    missingFact: fdp == nil ? "foreign direct product rule" : nil, flags: []))
        }
    }

    static func percent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }

    // MARK: - GP7-GP10

    func usPersonAndOtherProhibitions() {
        if request.facts["us-person-support"] == true,
            !findings.contains(where: { $0.prohibition == "GP7" })
        {
            add(
                Finding(
                    prohibition: "GP7", reason: "744.6", outcome: .nlr, citation: "744.6",
                    explanation: "U.S.-person support is stated, but no 744.6 end use (nuclear, missile, cbw, military-intelligence, advanced-ic) is stated for \(destination.name)",
                    regime: regime(reason: nil, finding: "end-use"), sources: [], missingFact: nil, flags: []))
        }
        for code in request.transit {
            guard let country = book.destinations[code] else { continue }
            let listed = book.gp8TransitSet?.contains(country) ?? false
            guard listed else { continue }
            let needs = entry.map { entry in
                entry.rules.contains { rule in
                    guard rule.scope.evaluate(paragraph: item.paragraph, condition: { statedFact(for: $0) }) == .applies
                    else { return false }
                    switch rule.destination {
                    case .chart(let column): return country.chart.columns.contains(column)
                    case .set(let set): return set.contains(country)
                    default: return false
                    }
                }
            } ?? false
            add(
                Finding(
                    prohibition: "GP8", reason: "736.2(b)(8)", outcome: needs ? .licenseRequired : .nlr,
                    citation: "736.2(b)(8)",
                    explanation: needs
                        ? "The shipment passes through \(country.name), a GP8 country, and \(itemText) would need a license to \(country.name)"
                        : "The shipment passes through \(country.name), a GP8 country; \(itemText) would need no license to \(country.name)",
                    regime: regime(reason: nil, finding: "end-use"), sources: book.gp8Transit.map { [$0.location] } ?? [],
                    missingFact: nil, flags: ["confidence \(book.gp8Transit?.confidence ?? "M"): the GP8 country list must be verified"]))
        }
        if request.facts["license-terms-violated"] == true {
            add(
                Finding(
                    prohibition: "GP9", reason: "736.2(b)(9)", outcome: .prohibited, citation: "736.2(b)(9)",
                    explanation: "The transaction would violate an order, or the terms or conditions of a license or license exception",
                    regime: nil, sources: [], missingFact: nil, flags: [], allowedExceptions: []))
        }
        if request.facts["knows-violation"] == true {
            add(
                Finding(
                    prohibition: "GP10", reason: "736.2(b)(10)", outcome: .prohibited, citation: "736.2(b)(10)",
                    explanation: "You know that a violation has occurred or is about to occur in connection with the item; you may not proceed",
                    regime: nil, sources: [], missingFact: nil, flags: [], allowedExceptions: []))
        }
        for flag in request.redFlags {
            add(
                Finding(
                    prohibition: "GP10", reason: "red flag", outcome: .needsReview,
                    citation: "Supp. No. 3 to Part 732; 736.2(b)(10)",
                    explanation: "Unresolved red flag: \(flag). Resolve it before proceeding; \"knowledge\" includes reason to know (772.1)",
                    regime: nil, sources: [], missingFact: "red flag", flags: []))
        }
    }
}
