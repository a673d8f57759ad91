extension TransferDecision {
    /// The decision for a reader: the verdict line first, then why, the rules, the steps, the
    /// agreements and conflicts, the notes and the data version.
    public var text: String {
        var lines: [String] = []
        let route = from == fromJurisdiction ? from : "\(from) (\(fromJurisdiction))"
        let target = to == toJurisdiction ? to : "\(to) (\(toJurisdiction))"
        let when = dateGiven ? "on \(date)" : "on \(date) (today, UTC: no --date given)"
        lines.append("\(outcome.rawValue.uppercased()): category \(category), from \(route) to \(target) \(when)")
        if !mechanisms.isEmpty || !certifications.isEmpty || !facts.isEmpty {
            var given: [String] = []
            if !mechanisms.isEmpty { given.append("mechanisms \(mechanisms.joined(separator: ", "))") }
            if !certifications.isEmpty { given.append("recipient certified \(certifications.joined(separator: ", "))") }
            if !facts.isEmpty {
                given.append("facts " + facts.keys.sorted().map { "\($0)=\(facts[$0] == true ? "yes" : "no")" }.joined(separator: ", "))
            }
            lines.append("Given: \(given.joined(separator: "; "))")
        }
        lines.append("")
        lines.append("Why:")
        lines += reasons.map { "  - \($0)" }
        if !rules.isEmpty {
            lines.append("")
            lines.append("Rules applied:")
            for rule in rules {
                let effective = rule.effective.map { "from \($0)" } ?? "date not recorded"
                lines.append("  \(rule.id) [\(rule.outcome.rawValue)] \(rule.jurisdiction), \(rule.ruleType), \(effective), confidence \(rule.confidence)")
                lines.append("    \(rule.legalBasis) (\(rule.source))")
            }
        }
        lines.append("")
        if steps.isEmpty {
            lines.append("Steps still required: none")
        } else {
            lines.append("Steps still required:")
            for (index, step) in steps.enumerated() {
                lines.append("  \(index + 1). \(step.text)\(step.ruleID.map { " [\($0)]" } ?? "")")
            }
        }
        lines.append("")
        if agreements.isEmpty {
            lines.append("Trade agreements in force between \(from) and \(to) on \(date): none in the data")
        } else {
            lines.append("Trade agreements in force between \(from) and \(to) on \(date):")
            for agreement in agreements {
                let dates = agreement.inForceFor.map { "\($0.party) \($0.date)" }.joined(separator: ", ")
                lines.append("  \(agreement.id): \(agreement.name) (in force: \(dates); confidence \(agreement.confidence))")
                for (label, discipline) in [
                    ("data flows", Discipline.dataFlows), ("localisation", .localization), ("source code", .sourceCode),
                    ("financial services data", .financialServicesData), ("personal information", .personalInformation),
                    ("exceptions", .exceptions), ("dispute settlement", .disputeSettlement),
                ] {
                    let article = agreement.articles[discipline] ?? ""
                    if !article.isEmpty { lines.append("    \(label): \(article)") }
                }
            }
        }
        if !conflicts.isEmpty {
            lines.append("")
            lines.append("Conflicts with agreement disciplines:")
            for conflict in conflicts {
                lines.append("  \(conflict.ruleID) vs \(conflict.agreementID) \(conflict.discipline.rawValue): \(conflict.assessment.rawValue)")
                lines += conflict.reasons.map { "    - \($0)" }
            }
        }
        if !notes.isEmpty {
            lines.append("")
            lines.append("Notes:")
            lines += notes.map { "  - \($0)" }
        }
        lines.append("")
        lines.append("Data: \(dataVersion); compiled \(dataCompiled), \(dataAgeDays) days before \(date)"
            + (staleTables.isEmpty ? "" : "; past their age limit: \(staleTables.joined(separator: ", "))"))
        return lines.joined(separator: "\n")
    }
}
