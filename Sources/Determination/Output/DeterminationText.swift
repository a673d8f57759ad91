extension Determination {
    /// The determination for a compliance officer: a verdict line, then findings, exceptions and notes.
    public var text: String {
        var lines = ["\(outcome.rawValue): \(item) to \(destination) — \(verdict)"]
        lines.append("")
        lines.append("Findings (in EAR Part 732 order):")
        for finding in findings {
            var head = "  [\(finding.outcome.rawValue)] \(finding.prohibition.map { "\($0) " } ?? "")\(finding.reason)"
            if let regime = finding.regime {
                head += " — \(regime.name)\(regime.isMultilateral ? " (multilateral)" : "")"
            }
            lines.append(head)
            lines.append("      \(finding.explanation)")
            lines.append("      Cite: \(finding.citation)" + (finding.sources.isEmpty ? "" : "; data: \(finding.sources.map(\.description).joined(separator: ", "))"))
            if let fact = finding.missingFact { lines.append("      Missing: \(fact)") }
            for flag in finding.flags { lines.append("      Flag: \(flag)") }
        }
        if !licenseExceptions.isEmpty {
            lines.append("")
            lines.append("License exceptions:")
            for exception in licenseExceptions {
                lines.append("  \(exception.code) (\(exception.citation)): \(exception.available ? "may apply" : "not available")"
                    + (exception.covers.isEmpty ? "" : " for \(exception.covers.joined(separator: ", "))"))
                for condition in exception.unmet {
                    lines.append("      \(exception.available ? "needs" : "because"): \(condition)")
                }
            }
        }
        if !notes.isEmpty {
            lines.append("")
            lines.append("Notes:")
            for note in notes { lines.append("  - \(note)") }
        }
        lines.append("")
        lines.append("Data: \(dataVersion)")
        lines.append("Toggles: " + toggles.map { "\($0.name)=\($0.enabled)" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// One sentence saying what the outcome means.
    private var verdict: String {
        switch outcome {
        case .nlr: "no license required (NLR); keep the record and state NLR on the export filing"
        case .licenseRequired:
            licenseExceptions.contains(where: \.available)
                ? "a license is required unless a license exception below applies"
                : "a license is required"
        case .prohibited: "the transaction is prohibited"
        case .needsReview: "a fact is missing or a rule cannot be settled from the data; see Missing below"
        case .notSubject: "the item is not subject to the EAR"
        case .outOfScopeITAR: "the item is subject to the ITAR, not the EAR"
        }
    }
}
