import Foundation

/// Exclusion views as text a compliance officer reads: the request, its timeline, docket and decision.
public enum ExclusionText {
    /// One request in full.
    public static func render(_ view: ExclusionView) -> String {
        var lines = ["\(view.id)  \(view.status.rawValue)  (\(view.view.rawValue) view)"]
        lines.append(field("HTS-10", view.hts10.dotted))
        lines.append(field("Product", view.productDescription))
        lines.append(field("Relief from", "\(view.action.kind.rawValue) \(view.action.heading)"))
        lines.append(field("Requester", "\(view.requester.name), \(view.requester.organisation)"))
        lines.append(field("Grounds", view.grounds.map(\.rawValue).joined(separator: ", ")))
        for (index, figure) in view.figures.enumerated() {
            let value: String
            switch figure.value {
            case .number(let number): value = number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            case .withheld: value = ExclusionView.withheldMarker
            }
            lines.append(field(index == 0 ? "Figures" : "", "\(figure.name) \(value) \(figure.unit)" + (figure.confidential ? " (confidential)" : "")))
        }
        if let statement = view.confidentialStatement { lines.append(field("Confidential", statement)) }

        let timeline = view.timeline
        lines.append("Timeline")
        lines.append(field("received", timeline.received.description))
        lines.append(field("comments close", "\(timeline.commentWindowCloses) (\(view.commentDays) days)"))
        lines.append(field("rebuttals close", "\(timeline.rebuttalWindowCloses) (\(view.rebuttalDays) days more)"))
        lines.append(field("decided", timeline.decided?.description ?? "-"))
        if let from = timeline.effectiveFrom, let to = timeline.effectiveTo {
            lines.append(field("effective", "\(from) to \(to)"))
        }
        for entry in timeline.extensions {
            lines.append(field("extended", "\(entry.from) -> \(entry.to) on \(entry.at): \(entry.reason)"))
        }
        if let expired = timeline.expired { lines.append(field("expired", expired.description)) }

        lines.append("Docket (\(view.comments.count) \(view.comments.count == 1 ? "submission" : "submissions"))")
        for comment in view.comments {
            let kind = comment.repliesTo.map { "rebuttal of \($0)" } ?? "comment"
            lines.append("  \(comment.id)  \(comment.submittedAt)  \(kind), \(comment.position.rawValue)  "
                + comment.author + (comment.organisation.map { " (\($0))" } ?? ""))
            lines.append("      " + comment.text)
            if let confidential = comment.confidentialText { lines.append("      confidential: " + confidential) }
        }

        if let decision = view.decision {
            lines.append("Decision: \(decision.outcome.rawValue) on \(decision.decidedAt) by \(decision.decidedBy)")
            lines.append(field("reasons", decision.reasons))
            lines.append("  findings")
            for finding in decision.findings {
                lines.append("    \(finding.criterion): \(finding.result.rawValue)" + (finding.note.map { " (\($0))" } ?? ""))
            }
            for link in decision.departsFrom {
                lines.append(field("departs from", "\(link.earlierRequestID) (\(link.earlierOutcome.rawValue), similarity \(String(format: "%.2f", link.similarity)))"))
            }
            if let reason = decision.consistencyReason { lines.append(field("because", reason)) }
        } else {
            lines.append("Decision: none yet")
        }
        return lines.joined(separator: "\n")
    }

    /// One line per request.
    public static func summary(_ view: ExclusionView) -> String {
        [view.id, view.status.rawValue, view.hts10.dotted, "\(view.action.kind.rawValue) \(view.action.heading)",
         view.requester.organisation, "\(view.comments.count) on docket", "received \(view.timeline.received.description)",
         String(view.productDescription.prefix(60))].joined(separator: "  ")
    }

    /// The consistency report.
    public static func render(_ pairs: [ConsistencyPair]) -> String {
        guard !pairs.isEmpty else { return "No decision departs from an earlier one (threshold \(DescriptionSimilarity.threshold))." }
        return pairs.map { pair in
            "\(pair.requestID) \(pair.outcome.rawValue) vs earlier \(pair.earlierRequestID) \(pair.earlierOutcome.rawValue)  "
                + "\(pair.hts10.dotted)  similarity \(String(format: "%.2f", pair.similarity))  decided \(pair.decidedAt)\n"
                + "    reason: \(pair.reason)"
        }.joined(separator: "\n")
    }

    private static func field(_ name: String, _ value: String) -> String {
        "  " + name.padding(toLength: 22, withPad: " ", startingAt: 0) + value
    }
}
