import Flows
import Foundation
import Operations
import Tariffs

/// Duty assessments, transfer decisions and ledger reports as the Duty and transfers page shows them: tables,
/// and the duty layers and the ledger's exposure as server-drawn SVG charts with the same figures in the tables.
enum TradeView {
    static func assessment(_ assessment: DutyAssessment) -> [String: Any] {
        let layers = assessment.layers.filter(\.inTotal)
        let segments = layers.map { SVGChart.Segment(label: "\(kindName($0.kind)) \($0.heading): \($0.rate)%", value: Double($0.rate.thousandths)) }
        return [
            "hts": assessment.request.hts.description, "origin": assessment.request.origin, "value": assessment.request.value.description,
            "date": assessment.request.date.description, "description": assessment.description,
            "totalRate": assessment.totalRate.description, "totalAmount": assessment.totalAmount.description,
            "conditional": assessment.isConditional, "dataVersion": assessment.dataVersion, "dataAge": assessment.dataAgeDays,
            "stale": assessment.staleTables.joined(separator: ", "),
            "layers": assessment.layers.map { layer in
                [
                    "kind": kindName(layer.kind), "heading": layer.heading, "rate": layer.rate.description, "base": layer.base?.description ?? "—",
                    "amount": layer.amount?.description ?? "unknown", "basis": layer.basis, "inTotal": layer.inTotal ? "yes" : "no",
                    "effective": [layer.effectiveFrom.map { "from \($0)" }, layer.effectiveTo.map { "to \($0)" }].compactMap { $0 }.joined(separator: " "),
                ] as [String: Any]
            },
            "excluded": assessment.excluded.map { ["kind": kindName($0.kind), "heading": $0.heading, "why": $0.why] },
            "hasExcluded": !assessment.excluded.isEmpty,
            "needs": assessment.needs.map { ["fact": $0.fact, "question": $0.question, "heading": $0.heading, "effect": $0.effect.rawValue] },
            "hasNeeds": !assessment.needs.isEmpty,
            "review": assessment.review, "hasReview": !assessment.review.isEmpty,
            "chart": layers.isEmpty
                ? ""
                : SVGChart.stacked(
                    segments, title: "Duty layers on \(assessment.request.hts), total \(assessment.totalRate)%",
                    description: layers.map { "\(kindName($0.kind)) \($0.heading) \($0.rate)%" }.joined(separator: "; "), id: "duty-chart"),
        ]
    }

    static func transfer(_ decision: TransferDecision) -> [String: Any] {
        [
            "outcome": decision.outcome.rawValue, "category": decision.category, "from": decision.from, "to": decision.to,
            "date": decision.date.description, "reasons": decision.reasons, "dataVersion": decision.dataVersion,
            "rules": decision.rules.map { rule in
                [
                    "id": rule.id, "jurisdiction": rule.jurisdiction, "type": rule.ruleType, "requirement": rule.requirement, "basis": rule.legalBasis,
                    "outcome": rule.outcome.rawValue, "reason": rule.reason, "source": rule.source, "pending": rule.pendingFact ?? "",
                ] as [String: Any]
            },
            "hasRules": !decision.rules.isEmpty,
            "steps": decision.steps.map(\.text), "hasSteps": !decision.steps.isEmpty,
            "notes": decision.notes, "hasNotes": !decision.notes.isEmpty,
        ]
    }

    static func report(_ report: LedgerReport) -> [String: Any] {
        let summary = report.summary
        let compare = summary.compareDate
        func groups(_ groups: [String: LedgerSummary.Figures]) -> [[String: Any]] {
            ordered(groups).map { key, figures in
                [
                    "key": key, "lines": figures.lines, "value": figures.value.description, "duty": figures.duty.description,
                    "compareDuty": figures.compareDuty.description, "difference": (figures.compareDuty - figures.duty).description,
                ] as [String: Any]
            }
        }
        let layers = ordered(summary.byLayer)
        var values: [String: Any] = [
            "lines": summary.total.lines, "errorCount": summary.errors, "conditional": summary.conditional, "value": summary.total.value.description,
            "duty": summary.total.duty.description, "auditSequence": report.auditSequence,
            "compareDate": compare?.description ?? "", "compared": compare != nil,
            "compareDuty": summary.total.compareDuty.description, "difference": (summary.total.compareDuty - summary.total.duty).description,
            "byLayer": groups(summary.byLayer), "byOrigin": groups(summary.byOrigin), "byChapter": groups(summary.byChapter),
            "errors": report.errors.map { ["line": $0.line, "field": $0.field, "message": $0.message] as [String: Any] },
            "hasErrors": !report.errors.isEmpty, "moreErrors": summary.errors > report.errors.count,
        ]
        if !layers.isEmpty {
            let rows = layers.map { key, figures in
                (label: key, first: dollars(figures.duty), second: compare == nil ? nil : dollars(figures.compareDuty))
            }
            let words = layers.map { key, figures in
                "\(key): USD \(figures.duty)" + (compare.map { date in ", at \(date) USD \(figures.compareDuty)" } ?? "")
            }
            values["chart"] = SVGChart.bars(
                rows, legend: ("duty at the ledger's dates", compare.map { "duty at \($0)" }), title: "Duty by layer",
                description: words.joined(separator: "; "),
                id: "ledger-chart")
        }
        return values
    }

    /// Groups by duty, largest first (as the CLI's summary orders them).
    static func ordered(_ groups: [String: LedgerSummary.Figures]) -> [(String, LedgerSummary.Figures)] {
        groups.sorted { ($0.value.duty, $0.value.compareDuty, $1.key) > ($1.value.duty, $1.value.compareDuty, $0.key) }
    }

    static func dollars(_ amount: USD) -> Double { Double(amount.cents) / 100 }

    static func kindName(_ kind: LayerKind) -> String {
        switch kind {
        case .mfn: "MFN"
        case .column2: "Column 2"
        case .section301: "Section 301"
        case .section232: "Section 232"
        case .ieepa: "IEEPA"
        case .section122: "Section 122"
        }
    }

    /// The form field a transfer input error names (it names the CLI's `--option`).
    static func transferField(_ field: String) -> String {
        switch field.hasPrefix("--") ? String(field.dropFirst(2)) : field {
        case "date": "transfer_date"
        case "fact": "facts"
        case "recipient-certified": "certification"
        case let name: name
        }
    }
}
