import CommandSupport
import Foundation
import Operations
import Screening

/// The screening document `clearance screen --format json` prints.
extension JSONReport {
    private struct Screening: Encodable {
        var query: ScreeningQuery
        var threshold: Double
        var matches: [Match]
        var lists: [ListWithFreshness]
    }

    /// `freshness` pairs with `lists` by source; a list without one is written without the freshness fields.
    static func screening(
        query: ScreeningQuery, matches: [Match], lists: [ListMetadata], freshness: [ListFreshness], threshold: Double
    ) throws -> String {
        let withFreshness = ListWithFreshness.pairing(lists, with: freshness)
        return try encode(Screening(query: query, threshold: threshold, matches: matches, lists: withFreshness))
    }
}

/// The readable reports the CLI prints for people.
enum TextReport {
    static func screening(query: ScreeningQuery, matches: [Match], lists: [ListMetadata], threshold: Double) -> String {
        var lines: [String] = []
        let versions = lists.map { "\($0.source) \($0.published ?? "undated")" }.joined(separator: ", ")
        lines.append("Screened \"\(query.name)\" against \(versions)")
        if matches.isEmpty {
            lines.append("No match scores \(threshold) or more.")
            return lines.joined(separator: "\n")
        }
        for (rank, match) in matches.enumerated() {
            let explanation = match.explanation
            var header = "\(rank + 1). \(format(match.score))  \(match.entityID)  \(match.name)"
            header += "  [\(match.type.rawValue)\(match.programs.isEmpty ? "" : "; " + match.programs.joined(separator: ", "))]"
            lines.append(header)
            let kind = explanation.nameKind == .primary ? "primary name" : "\(explanation.nameKind.rawValue) (\(explanation.aliasLabel ?? "alias"))"
            lines.append("   matched \(kind) \"\(explanation.matchedName)\": name score \(format(explanation.nameScore))")
            if !explanation.tokens.isEmpty {
                let pairs = explanation.tokens.map { "\($0.query) ~ \($0.listed) (\($0.method.rawValue) \(format($0.similarity)))" }
                lines.append("   words: " + pairs.joined(separator: ", "))
            }
            if !explanation.unmatchedQueryTokens.isEmpty {
                lines.append("   not in the listed name: " + explanation.unmatchedQueryTokens.joined(separator: ", "))
            }
            if !explanation.unmatchedListedTokens.isEmpty {
                lines.append("   listed words not in the query: " + explanation.unmatchedListedTokens.joined(separator: ", "))
            }
            for adjustment in explanation.adjustments {
                let sign = adjustment.effect >= 0 ? "+" : ""
                lines.append("   \(adjustment.feature) \(sign)\(format(adjustment.effect)): \(adjustment.detail)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One line per stale list: its source, publication date and age, and how to refresh it.
    static func staleNotices(lists: [ListMetadata], freshness: [ListFreshness], staleAfter: String) -> [String] {
        freshness.filter(\.stale).map { fresh in
            let published = lists.first { $0.source == fresh.source }?.published ?? "undated"
            let age = fresh.ageDays.map { "\(Int($0)) days old" } ?? "of unknown age"
            return "stale: \(fresh.source) (published \(published)) is \(age), past --stale-after \(staleAfter); "
                + "screen against current files with --lists-dir DIR (a folder laid out like the bundled lists)"
        }
    }

    static func format(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}
