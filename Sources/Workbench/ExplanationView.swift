import Foundation
import Screening

/// A match and its explanation as the pages show them: the matched words side by side with their method
/// and weight, the words left unmatched, and the adjustments with their effect.
enum ExplanationView {
    static func values(_ match: Match) -> [String: Any] {
        let explanation = match.explanation
        return [
            "entity": match.entityID, "name": match.name, "matchedName": match.matchedName, "source": match.source,
            "programs": match.programs.joined(separator: ", "), "type": match.type.rawValue, "score": percent(match.score),
            "nameScore": percent(explanation.nameScore), "nameKind": explanation.nameKind.rawValue, "alias": explanation.aliasLabel ?? "",
            "list": [match.list.source, match.list.published ?? ""].filter { !$0.isEmpty }.joined(separator: " "),
            "tokens": explanation.tokens.map {
                ["query": $0.query, "listed": $0.listed, "method": $0.method.rawValue, "similarity": percent($0.similarity), "weight": decimal($0.weight)]
            },
            "hasTokens": !explanation.tokens.isEmpty,
            "unmatchedQuery": explanation.unmatchedQueryTokens.joined(separator: ", "),
            "unmatchedListed": explanation.unmatchedListedTokens.joined(separator: ", "),
            "ignored": explanation.ignoredQueryTokens.joined(separator: ", "),
            "adjustments": explanation.adjustments.map { ["feature": $0.feature, "effect": signed($0.effect), "detail": $0.detail] },
            "hasAdjustments": !explanation.adjustments.isEmpty,
        ]
    }

    /// The match stored with an alert, or a visible note when it cannot be read (never an empty explanation).
    static func stored(_ json: String) -> [String: Any] {
        do {
            return ["match": values(try JSONDecoder().decode(Match.self, from: Data(json.utf8))), "readable": true]
        } catch {
            return ["readable": false, "problem": "the stored explanation (alerts.match_json) cannot be read: \(error)"]
        }
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
    static func decimal(_ value: Double) -> String { String(format: "%.3f", value) }
    static func signed(_ value: Double) -> String { String(format: "%+.3f", value) }
}
