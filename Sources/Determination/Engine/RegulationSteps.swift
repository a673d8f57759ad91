import Foundation
import DataFormats

extension Evaluation {
    // MARK: - 744.23(a)(3): where the end user and its parent are headquartered

    /// The headquarters rules of `rules/headquarters_rules.csv` for this item: a license to any destination
    /// when the end user, or its ultimate parent, is headquartered in the rule's countries (Macau, D:5);
    /// NEEDS_REVIEW naming the missing fact when either headquarters is not given.
    func headquartersRules(entry: CompiledEntry) {
        for rule in book.regulation.headquarters[entry.eccn] ?? [] {
            if let date = request.date, date < rule.from { continue }
            let scope = rule.scope.evaluate(paragraph: item.paragraph) { statedFact(for: $0) }
            if scope == .excluded { continue }
            let parties = [("end user", request.endUserCountry), ("ultimate parent", request.parentCountry)]
            let hits = parties.compactMap { party, code in
                code.flatMap { book.destinations[$0] }.flatMap { rule.countries.contains($0) ? "\(party) in \($0.name)" : nil }
            }
            let missing = [("end-user-country", request.endUserCountry), ("parent-country", request.parentCountry)]
                .filter { $0.1 == nil }.map(\.0)
            let inForce = "\(rule.rule.citation) (in force since \(rule.rule.effectiveFrom); \(rule.rule.location.file):\(rule.rule.location.line))"
            let outcome: Outcome
            var why: String
            var missingFact: String?
            switch (hits.isEmpty, scope) {
            case (false, .applies):
                outcome = .licenseRequired
                why = "The \(hits.joined(separator: " and ")) is headquartered in Macau or Country Group D:5: \(inForce) requires a license for \(itemText) to any destination, \(destination.name) included"
            case (false, _):
                outcome = .needsReview
                missingFact = "paragraph"
                why = "The \(hits.joined(separator: " and ")) is headquartered in Macau or Country Group D:5, and \(inForce) reaches \(rule.scope.text) of \(entry.eccn): give the paragraph of \(itemText) to settle it"
            case (true, _) where !missing.isEmpty:
                outcome = .needsReview
                missingFact = missing[0]
                why = "\(inForce) requires a license for \(rule.scope.text) of \(entry.eccn) to any destination when the end user or its ultimate parent is headquartered in Macau or Country Group D:5: give --\(missing.joined(separator: " and --"))"
            case (true, _):
                outcome = .nlr
                why = "\(inForce): the end user (\(request.endUserCountry ?? "")) and its ultimate parent (\(request.parentCountry ?? "")) are not headquartered in Macau or Country Group D:5"
            }
            add(
                Finding(
                    prohibition: "GP5", reason: "744.23(a)(3)", outcome: outcome, citation: rule.rule.citation,
                    explanation: why, regime: regime(reason: nil, finding: "end-use"), sources: [rule.rule.location],
                    missingFact: missingFact, flags: ["confidence \(rule.rule.confidence): \(rule.rule.source)"],
                    allowedExceptions: outcome == .licenseRequired ? [] : nil))
        }
    }

    // MARK: - Country Chart footnotes (Supp. No. 1 to Part 738)

    /// Every footnote on the destination's chart row, applied as `rules/chart_footnotes.csv` says; a footnote
    /// with no rule, or whose scope the data does not hold, is NEEDS_REVIEW naming it.
    func chartFootnotes(entry: CompiledEntry) {
        for number in destination.chart.footnotes {
            let summary = reference.countryChart.footnotes[number] ?? ""
            guard let rules = book.regulation.footnotes[number] else {
                add(
                    Finding(
                        prohibition: "GP1", reason: "chart footnote \(number)", outcome: .needsReview,
                        citation: "Supp. No. 1 to Part 738, footnote \(number)",
                        explanation: "\(destination.name)'s Country Chart row carries footnote \(number) (\"\(summary)\"), which the engine cannot apply: no line of rules/chart_footnotes.csv reads it",
                        regime: nil, sources: [destination.chart.location], missingFact: "chart footnote \(number)", flags: []))
                continue
            }
            for rule in rules { apply(rule, footnote: number, entry: entry) }
        }
    }

    private func apply(_ footnote: RegulationBook.Footnote, footnote number: Int, entry: CompiledEntry) {
        let rule = footnote.rule
        let cite = "\(rule.citation); \(rule.location.file):\(rule.location.line)"
        switch rule.effect {
        case .covered, .note:
            notes.append("Country Chart footnote \(number) on \(destination.name)'s row: \(rule.explanation)")
        case .refer:
            guard let code = rule.referTo, let other = reference.countryChart[code] else { return }
            if other.columns == destination.chart.columns {
                notes.append("Country Chart footnote \(number) on \(destination.name)'s row: \(rule.explanation); its row's marks equal \(other.name)'s")
            } else {
                add(
                    Finding(
                        prohibition: "GP1", reason: "chart footnote \(number)", outcome: .needsReview, citation: rule.citation,
                        explanation: "\(rule.explanation), but \(destination.name)'s chart row differs from \(other.name)'s: review which marks apply",
                        regime: nil, sources: [rule.location, destination.chart.location],
                        missingFact: "chart footnote \(number)", flags: []))
            }
        case .requirement, .review:
            guard rule.eccn == entry.eccn, let scope = footnote.scope else { return }
            let reach = scope.evaluate(paragraph: item.paragraph) { statedFact(for: $0) }
            if reach == .excluded { return }
            let settled = reach == .applies && rule.effect == .requirement
            add(
                Finding(
                    prohibition: "GP1", reason: "chart footnote \(number)", outcome: settled ? .licenseRequired : .needsReview,
                    citation: rule.citation,
                    explanation: settled
                        ? "\(destination.name)'s Country Chart row carries footnote \(number): \(rule.explanation), whatever its X marks show (\(cite))"
                        : "\(destination.name)'s Country Chart row carries footnote \(number): \(rule.explanation); the engine cannot settle whether it reaches \(itemText) (scope \"\(scope.text)\"; \(cite))",
                    regime: regime(reason: nil, finding: "embargo"), sources: [rule.location, destination.chart.location],
                    missingFact: settled ? nil : (reach == .applies ? "chart footnote \(number)" : "paragraph"), flags: [],
                    allowedExceptions: settled ? [] : nil))
        }
    }
}
