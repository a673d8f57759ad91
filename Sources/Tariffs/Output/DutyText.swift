extension DutyAssessment {
    /// The assessment for a person: each layer with its heading, rate, amount and basis, what was
    /// left out and why, the facts still needed, and the total.
    public var text: String {
        var lines: [String] = []
        lines.append("\(request.hts) from \(request.origin), entered \(request.date), value USD \(request.value)")
        lines.append("  \(description)")
        lines.append("")
        lines.append("Layers:")
        for layer in layers {
            let amount = layer.amount.map { "USD \($0)" } ?? "amount unknown"
            let base = layer.base.map { $0 == request.value ? "" : " on USD \($0)" } ?? " on a base not given"
            let mark = layer.inTotal ? "" : "  (not in the total)"
            lines.append("  \(layer.kind.rawValue.padded(10)) \(layer.heading.padded(12)) \((layer.rate.description + "%").padded(8)) \(amount)\(base)\(mark)")
            var dates = ""
            if let from = layer.effectiveFrom { dates = " [from \(from)\(layer.effectiveTo.map { " to \($0)" } ?? "")]" }
            lines.append("      \(layer.basis)\(dates)")
        }
        if !excluded.isEmpty {
            lines.append("")
            lines.append("Not applied:")
            for layer in excluded {
                lines.append("  \(layer.kind.rawValue.padded(10)) \(layer.heading.padded(12)) \(layer.why)")
            }
        }
        if !needs.isEmpty {
            lines.append("")
            lines.append("Needs:")
            for need in needs {
                lines.append("  \(need.fact) (\(need.effect.rawValue), \(need.heading)): \(need.question)")
            }
        }
        if !review.isEmpty {
            lines.append("")
            lines.append("Review:")
            for point in review { lines.append("  \(point)") }
        }
        lines.append("")
        lines.append("Total: \(totalRate)% = USD \(totalAmount)\(isConditional ? " (conditional: see needs and review)" : "")")
        lines.append("Data: \(dataVersion); compiled \(dataCompiled), \(dataAgeDays) days before the entry date"
            + (staleTables.isEmpty ? "" : "; past their age limit: \(staleTables.joined(separator: ", "))"))
        return lines.joined(separator: "\n")
    }
}
