import DataFormats

/// One request evaluated against the tables: RULES.md A.0 steps 1–5 in order.
struct TransferEvaluation {
    let tables: TransferTables
    let request: TransferRequest
    /// The jurisdictions whose rules are read: EU and EEA states are `EU` (CORRECTIONS.md 7).
    let fromJurisdiction: String
    let toJurisdiction: String
    /// The codes the agreements use: EU member states (not EEA) are `EU`.
    let fromParty: String
    let toParty: String
    /// The recipient's certifications with what they include (the UK Extension includes the DPF).
    let certifications: Set<String>

    init(tables: TransferTables, request: TransferRequest) {
        self.tables = tables
        self.request = request
        func member(_ code: String) -> UnionMembership? {
            tables.memberships.first { $0.iso2 == code && $0.span.contains(request.date) }
        }
        fromJurisdiction = request.origin == "EU" || member(request.origin) != nil ? "EU" : request.origin
        toJurisdiction = request.destination == "EU" || member(request.destination) != nil ? "EU" : request.destination
        fromParty = member(request.origin)?.union == .eu ? "EU" : request.origin
        toParty = member(request.destination)?.union == .eu ? "EU" : request.destination
        var certifications = Set(request.certifications)
        for id in request.certifications { certifications.formUnion(tables.mechanism(id)?.implies ?? []) }
        self.certifications = certifications
    }

    /// What one rule gives for this request.
    private enum Finding {
        case applies(outcome: TransferOutcome, reason: String, steps: [String], notes: [String])
        case notApplicable(String)
    }

    private var date: CivilDate { request.date }

    func decision() -> TransferDecision {
        var applied: [AppliedRule] = []
        var steps: [RequiredStep] = []
        var notes: [String] = []
        var upcoming: [UpcomingRule] = []
        var reasons: [String] = []
        var outcome = TransferOutcome.permitted

        func addStep(_ text: String, rule: String?) {
            if !steps.contains(where: { $0.text == text }) { steps.append(RequiredStep(text: text, ruleID: rule)) }
        }
        func addNote(_ text: String) {
            if !notes.contains(text) { notes.append(text) }
        }

        let mapped = tables.mappings.filter { $0.category == request.category }
            .compactMap { mapping in tables.rule(mapping.ruleID).map { (mapping, $0) } }
        let categoryName = tables.categories.first { $0.id == request.category }?.name ?? request.category

        if fromJurisdiction == toJurisdiction {
            // Step 1: no cross-border transfer under these rules.
            if request.origin == request.destination {
                reasons.append("Origin and destination are the same (\(request.origin)): not a cross-border transfer, so these rules do not apply")
            } else if mapped.contains(where: { $0.1.iso2 == "EU" }) {
                reasons.append(
                    "Both \(request.origin) and \(request.destination) are in the EU/EEA on \(date): GDPR Chapter V does not apply to transfers within the EEA (the GDPR itself still does)")
            } else {
                outcome = .needsReview
                reasons.append(
                    "Both \(request.origin) and \(request.destination) are in the EU/EEA on \(date), but no EU-level rule for \(categoryName) is recorded: member-state law governs (RULES.md A.18) and is not in the data")
            }
        } else {
            for (mapping, rule) in mapped where rule.iso2 == fromJurisdiction {
                guard rule.span.contains(date) else {
                    if let from = rule.span.from, date < from {
                        upcoming.append(UpcomingRule(id: rule.id, jurisdiction: rule.jurisdiction, from: from))
                    } else if let to = rule.span.to {
                        addNote("\(rule.id) no longer applies after \(to) (\(rule.dateNote))")
                    }
                    continue
                }
                if let fact = mapping.fact, request.facts[fact] == false {
                    addNote("\(rule.id) does not apply: \(fact)=no")
                    continue
                }
                switch evaluate(rule) {
                case .notApplicable(let why):
                    addNote(why)
                case .applies(var ruleOutcome, var reason, let ruleSteps, let ruleNotes):
                    var pendingFact: String?
                    var stepPrefix = ""
                    if let fact = mapping.fact, request.facts[fact] == nil {
                        // An unanswered fact: a rule that could block needs review; a rule of steps is a condition.
                        pendingFact = fact
                        let question = tables.facts.first { $0.key == fact }?.question ?? fact
                        reason = "Only if yes to \"\(question)\" (--fact \(fact)=yes|no): \(reason)"
                        ruleOutcome = ruleOutcome >= .needsReview ? .needsReview : max(ruleOutcome, .permittedWithConditions)
                        stepPrefix = "If \(fact): "
                    }
                    if rule.confidence.lowercased().hasPrefix("low") {
                        ruleOutcome = max(ruleOutcome, .needsReview)
                        reason += " (low confidence: confirm the rule before relying on it)"
                    }
                    if mapping.asPersonal {
                        ruleOutcome = max(ruleOutcome, .permittedWithConditions)
                        addStep(
                            "\(stepPrefix)Meet \(rule.jurisdiction)'s stricter conditions for \(categoryName) (RULES.md A.18: as personal data plus stricter consent; not detailed in the data)",
                            rule: rule.id)
                    }
                    if rule.span.from == nil { addNote("\(rule.id): no effective date recorded; treated as in force") }
                    for step in ruleSteps { addStep(stepPrefix + step, rule: rule.id) }
                    for note in ruleNotes { addNote(note) }
                    outcome = max(outcome, ruleOutcome)
                    applied.append(
                        AppliedRule(
                            id: rule.id, jurisdiction: rule.jurisdiction, iso2: rule.iso2, ruleType: rule.ruleType.rawValue,
                            requirement: rule.requirement, legalBasis: rule.legalBasis, effective: rule.span.from,
                            effectiveText: rule.effectiveText, confidence: rule.confidence, source: rule.place,
                            original: rule.sourceLine.map { "data_transfer_rules.csv:\($0)" }, outcome: ruleOutcome, reason: reason,
                            pendingFact: pendingFact, asPersonal: mapping.asPersonal))
                }
            }
            if applied.isEmpty {
                outcome = .needsReview
                reasons.append(
                    "No rule is recorded for \(categoryName) leaving \(request.origin) (\(fromJurisdiction)) on \(date) that applies here: the data does not say the transfer is permitted (CORRECTIONS.md 8)")
            }
            for rule in applied.sorted(by: { $0.outcome > $1.outcome }) {
                reasons.append("\(rule.id) (\(rule.outcome.rawValue)): \(rule.reason)")
            }
            noteUnusedMechanisms(applied: applied, note: addNote)
        }
        let category = tables.categories.first { $0.id == request.category }
        if let step = category?.step { addStep(step, rule: nil) }
        if let note = category?.note { addNote(note) }
        for upcomingRule in upcoming {
            addNote("\(upcomingRule.id) (\(upcomingRule.jurisdiction)) applies only from \(upcomingRule.from), after the transfer date")
        }

        let report = AgreementReport(
            tables: tables, date: date, origin: request.origin, fromParty: fromParty, toParty: toParty, category: request.category)
        let agreements = fromParty == toParty ? [] : report.agreementsInForce(note: addNote)
        let conflicts = report.conflicts(applied: applied, agreements: agreements)
        for note in tables.notes where note.span.contains(date) { addNote(note.text) }
        if let warning = tables.freshness.warning(on: date, what: "transfer") {
            let reason = "Needs review because " + warning
            if outcome < .needsReview { reasons.insert(reason, at: 0) } else { reasons.append(reason) }
            outcome = max(outcome, .needsReview)
        }

        return TransferDecision(
            outcome: outcome, category: request.category, from: request.origin, to: request.destination,
            fromJurisdiction: fromJurisdiction, toJurisdiction: toJurisdiction, date: date, dateGiven: request.dateGiven,
            mechanisms: request.mechanisms, certifications: request.certifications, facts: request.facts, reasons: reasons,
            rules: applied, steps: steps, agreements: agreements, conflicts: conflicts, upcoming: upcoming, notes: notes,
            dataVersion: tables.dataVersion, dataCompiled: tables.freshness.compiled, dataAgeDays: tables.freshness.age(on: date),
            staleTables: tables.freshness.stale(on: date).map(\.file))
    }

    // MARK: - Rules (A.0 steps 2-4)

    private func evaluate(_ rule: TransferRule) -> Finding {
        let (usable, unavailable) = usableMechanisms(rule)
        var notes = unavailable
        let ids = rule.mechanisms.joined(separator: ", ")
        let listed = rule.mechanisms.map { id in tables.mechanism(id).map { "\(id) (\($0.name))" } ?? id }.joined(separator: "; ")
        switch rule.ruleType.family {
        case .conditional:
            var adequacyNotes: [String] = []
            if let entry = adequacy(for: rule, notes: &adequacyNotes) {
                notes += adequacyNotes
                let always = texts(rule, .always)
                notes += always.notes
                let scope = entry.scope == "full" ? "" : "; scope: \(entry.scope)"
                return .applies(
                    outcome: always.steps.isEmpty ? .permitted : .permittedWithConditions,
                    reason: "\(request.destination) is adequate for \(rule.jurisdiction) on \(date): \(entry.instrument), from \(entry.span.from.map(String.init(describing:)) ?? "?")\(scope) [\(entry.place)]",
                    steps: always.steps, notes: notes)
            }
            notes += adequacyNotes
            var found = texts(rule, .always)
            let reason: String
            if usable.isEmpty {
                found.steps.insert("Put in place one of: \(listed)", at: 0)
                reason = "\(request.destination) has no adequacy decision of \(rule.jurisdiction) in the data on \(date): permitted only with one of \(ids)"
            } else {
                for id in usable { found = found + texts(rule, .mechanism(id)) }
                reason = "No adequacy for \(request.destination); the transfer relies on \(usable.joined(separator: ", ")), with the steps below"
            }
            found = found + texts(rule, .safeguard)
            return .applies(outcome: .permittedWithConditions, reason: reason, steps: found.steps, notes: notes + found.notes)
        case .localisation:
            var found = texts(rule, .always)
            if !usable.isEmpty {
                for id in usable { found = found + texts(rule, .mechanism(id)) }
                return .applies(
                    outcome: .permittedWithConditions,
                    reason: "Localisation rule; the transfer relies on \(usable.joined(separator: ", ")): \(rule.requirement)",
                    steps: found.steps, notes: notes + found.notes)
            }
            let unless = rule.mechanisms.isEmpty ? "" : " unless \(ids)"
            let copies = found.copies.map { "\(rule.id) still allows: \($0)" }
            return .applies(
                outcome: .blocked,
                reason: "Must be stored/processed in \(rule.jurisdiction)\(unless): \(rule.requirement)",
                steps: found.steps, notes: notes + copies + found.notes)
        case .prohibition:
            let setName = rule.destinationSet ?? ""
            let inSet = tables.countrySets.contains { $0.set == setName && $0.iso2 == request.destination && $0.from <= date }
            guard inSet else {
                return .notApplicable("\(rule.id) does not apply: \(request.destination) is not in \(setName) on \(date)")
            }
            var found = texts(rule, .always)
            if !usable.isEmpty {
                for id in usable { found = found + texts(rule, .mechanism(id)) }
                return .applies(
                    outcome: .permittedWithConditions,
                    reason: "\(request.destination) is in \(setName); the transfer relies on \(usable.joined(separator: ", "))",
                    steps: found.steps, notes: notes + found.notes)
            }
            return .applies(
                outcome: .blocked,
                reason: "Prohibited or restricted toward \(request.destination) (\(setName)) unless an exemption or licence applies: \(rule.requirement)",
                steps: found.steps, notes: notes + found.notes)
        case .unrestricted:
            let found = texts(rule, .always)
            return .applies(outcome: .permitted, reason: rule.requirement, steps: found.steps, notes: notes + found.notes)
        case .review:
            let found = texts(rule, .always)
            return .applies(
                outcome: .needsReview, reason: "Depends on facts the data does not hold: \(rule.requirement)", steps: found.steps,
                notes: notes + found.notes)
        case .steps:
            var found = texts(rule, .always)
            if !rule.mechanisms.isEmpty {
                if usable.isEmpty {
                    found.steps.insert("Put in place one of: \(listed)", at: 0)
                } else {
                    for id in usable { found = found + texts(rule, .mechanism(id)) }
                }
            }
            return .applies(
                outcome: .permittedWithConditions, reason: "\(rule.ruleType.rawValue): \(rule.requirement)", steps: found.steps,
                notes: notes + found.notes)
        }
    }

    /// The adequacy entry covering the destination for the rule's origin on the date, if the
    /// recipient holds the certification it needs; explains in `notes` when a certification is missing.
    private func adequacy(for rule: TransferRule, notes: inout [String]) -> AdequacyEntry? {
        let entries = tables.adequacy.filter {
            $0.origin == rule.iso2 && ($0.destination == toJurisdiction || $0.destination == request.destination) && $0.span.contains(date)
        }
        for entry in entries {
            guard let needed = entry.certification else { return entry }
            if certifications.contains(needed) { return entry }
            let name = tables.mechanism(needed)?.name ?? needed
            notes.append(
                "\(rule.jurisdiction)'s adequacy for \(request.destination) covers only recipients certified \(needed) (\(name)): give --recipient-certified \(needed) if the recipient is [\(entry.place)]")
            if needed == "dpf-uk", certifications.contains("dpf") {
                notes.append(
                    "CORRECTIONS.md 9: a plain DPF certification is not enough for UK transfers; the recipient must have opted in to the UK Extension (--recipient-certified dpf-uk)")
            }
        }
        return nil
    }

    /// The rule's mechanisms the request supplies that exist on the date, and notes on those that do not yet.
    private func usableMechanisms(_ rule: TransferRule) -> (usable: [String], notes: [String]) {
        var usable: [String] = []
        var notes: [String] = []
        for id in rule.mechanisms where request.mechanisms.contains(id) || certifications.contains(id) {
            if let from = tables.mechanism(id)?.availableFrom, date < from {
                notes.append("\(id) is available only from \(from), after the transfer date: not counted")
            } else {
                usable.append(id)
            }
        }
        return (usable, notes)
    }

    /// A mechanism or certification the request gives that no applied rule accepts is named, not silently dropped.
    private func noteUnusedMechanisms(applied: [AppliedRule], note: (String) -> Void) {
        let accepted = Set(applied.compactMap { tables.rule($0.id) }.flatMap(\.mechanisms))
        let adequacyCertifications = Set(tables.adequacy.filter { $0.origin == fromJurisdiction }.compactMap(\.certification))
        for id in request.mechanisms + request.certifications {
            let covers = [id] + (tables.mechanism(id)?.implies ?? [])
            guard !covers.contains(where: { accepted.contains($0) || adequacyCertifications.contains($0) }) else { continue }
            let accepters = tables.mechanism(id)?.acceptedBy.joined(separator: ", ") ?? ""
            note("\(id) is not accepted by the rules of \(fromJurisdiction) applied here (it is accepted by \(accepters)); not counted")
        }
    }

    /// The step, note and copy texts of a rule for one `when`, in force on the date.
    private struct Texts {
        var steps: [String] = []
        var notes: [String] = []
        var copies: [String] = []

        static func + (lhs: Texts, rhs: Texts) -> Texts {
            Texts(steps: lhs.steps + rhs.steps, notes: lhs.notes + rhs.notes, copies: lhs.copies + rhs.copies)
        }
    }

    private func texts(_ rule: TransferRule, _ when: RuleStep.When) -> Texts {
        var texts = Texts()
        for step in tables.steps where step.ruleID == rule.id && step.when == when && step.span.contains(date) {
            switch step.kind {
            case .step: texts.steps.append(step.text)
            case .note: texts.notes.append("\(rule.id): \(step.text)")
            case .copy: texts.copies.append(step.text)
            }
        }
        if rule.ruleType.family != .localisation {
            texts.notes += texts.copies.map { "\(rule.id): \($0)" }
            texts.copies = []
        }
        return texts
    }
}
