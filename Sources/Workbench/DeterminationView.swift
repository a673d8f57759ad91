import Determination
import Foundation
import Operations

/// A determination as the page shows it: the form as filled in, the outcome, the findings in Part 732 order with
/// their citations, regimes and a link to each data row they rest on, the licence exceptions with what they still
/// need, the stored licence that would cover it, and the data version.
enum DeterminationView {
    static func form(_ form: DeterminationForm, determiner: Determiner) -> [String: Any] {
        let input = form.input
        return [
            "eccn": input.eccn, "destination": input.destination, "endUserCountry": input.endUserCountry ?? "",
            "parentCountry": input.parentCountry ?? "", "value": input.value ?? "", "date": input.date ?? "", "usContent": input.usContent ?? "",
            "transit": input.transit.joined(separator: " "), "parties": form.parties.joined(separator: "\n"),
            "redFlags": input.redFlags.joined(separator: "\n"),
            "endUses": determiner.endUseTags.enumerated().map { index, tag in
                ["tag": tag, "index": index, "checked": input.endUses.contains(tag)] as [String: Any]
            },
            "facts": determiner.facts.map { fact in
                let stated = form.facts[fact.key] ?? ""
                return [
                    "key": fact.key, "question": fact.question,
                    "options": [("", "not stated"), ("yes", "yes"), ("no", "no")].map { ["value": $0.0, "label": $0.1, "selected": $0.0 == stated] },
                ] as [String: Any]
            },
        ]
    }

    static func answer(_ answer: LicensedDetermination) -> [String: Any] {
        let determination = answer.determination
        var values: [String: Any] = [
            "id": answer.determinationID, "outcome": determination.outcome.rawValue, "item": determination.item,
            "destination": determination.destination, "dataVersion": determination.dataVersion,
            "findings": determination.findings.enumerated().map { finding($0.element, step: $0.offset + 1) },
            "noFindings": determination.findings.isEmpty, "hasFindings": !determination.findings.isEmpty,
            "exceptions": determination.licenseExceptions.map { candidate in
                [
                    "code": candidate.code, "citation": candidate.citation, "available": candidate.available ? "may apply" : "ruled out",
                    "unmet": candidate.unmet, "met": candidate.unmet.isEmpty, "covers": candidate.covers.joined(separator: ", "),
                ] as [String: Any]
            },
            "hasExceptions": !determination.licenseExceptions.isEmpty,
            "notes": determination.notes, "hasNotes": !determination.notes.isEmpty,
            "toggles": determination.toggles.map { "\($0.name): \($0.enabled ? "on" : "off")" }.joined(separator: "; "),
        ]
        if let licensing = answer.licensing {
            values["licensing"] = [
                "status": licensing.status, "license": licensing.license ?? "", "unmet": licensing.unmet, "hasUnmet": !licensing.unmet.isEmpty,
                "valueLeft": licensing.valueLeftAfter.map { String(format: "%.2f", $0) } ?? "",
                "quantityLeft": licensing.quantityLeftAfter.map(String.init) ?? "",
            ] as [String: Any]
        }
        return values
    }

    static func finding(_ finding: Finding, step: Int) -> [String: Any] {
        var values: [String: Any] = [
            "step": step, "prohibition": finding.prohibition ?? "—", "reason": finding.reason, "outcome": finding.outcome.rawValue,
            "citation": finding.citation, "explanation": finding.explanation, "missingFact": finding.missingFact ?? "",
            "flags": finding.flags, "hasFlags": !finding.flags.isEmpty, "sources": finding.sources.map(source),
        ]
        if let regime = finding.regime {
            values["regime"] = [
                "name": regime.name, "kind": regime.isMultilateral ? "multilateral" : "unilateral", "source": source(regime.source),
            ] as [String: Any]
        }
        if let entry = finding.listEntry {
            values["listEntry"] = ["id": entry.id, "name": entry.name, "list": entry.list, "score": ExplanationView.percent(entry.score)]
        }
        return values
    }

    /// A cited row as a link to its page.
    static func source(_ location: RowLocation) -> [String: String] {
        var components = URLComponents()
        components.path = "/determine/rows"
        components.queryItems = [URLQueryItem(name: "file", value: location.file), URLQueryItem(name: "line", value: String(location.line))]
        return ["label": location.description, "href": components.string ?? "/determine"]
    }

    static func row(_ row: RuleRow) -> [String: Any] {
        [
            "file": row.location.file, "line": row.location.line, "table": row.table.table, "source": row.table.source, "vintage": row.table.vintage,
            "effectiveFrom": row.effectiveFrom ?? "", "effectiveTo": row.effectiveTo ?? "", "dated": row.effectiveFrom != nil || row.effectiveTo != nil,
            "cells": row.cells.map { ["column": $0.column, "value": $0.value.isEmpty ? "—" : $0.value] },
        ]
    }
}
