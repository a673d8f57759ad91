import Foundation
import TariffExclusions

/// How exclusion records are stored: sorted-key JSON beside the columns queries and constraints need.
enum ExclusionCoding {
    static func encode(_ value: some Encodable, _ what: String) throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError(.database, "\(what) cannot be encoded: \(error)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    /// The docket of `request` from its rows (each list oldest first).
    static func docket(request: String, comments: [String], decision: String?, extensions: [String]) throws -> ExclusionDocket {
        ExclusionDocket(
            request: try decode(ExclusionRequest.self, request), comments: try comments.map { try decode(ExclusionComment.self, $0) },
            decision: try decision.map { try decode(ExclusionDecision.self, $0) },
            extensions: try extensions.map { try decode(ExclusionExtension.self, $0) })
    }

    /// The dockets of `requests` (`id, request_json`, in their order) from the rows filed on them
    /// (`request_id, json`, each list in its order).
    static func dockets(
        requests: [(id: String, json: String)], comments: [(id: String, json: String)], decisions: [(id: String, json: String)],
        extensions: [(id: String, json: String)]
    ) throws -> [ExclusionDocket] {
        let comments = Dictionary(grouping: comments, by: \.id)
        let decisions = Dictionary(decisions.map { ($0.id, $0.json) }, uniquingKeysWith: { first, _ in first })
        let extensions = Dictionary(grouping: extensions, by: \.id)
        return try requests.map {
            try docket(
                request: $0.json, comments: comments[$0.id]?.map(\.json) ?? [], decision: decisions[$0.id],
                extensions: extensions[$0.id]?.map(\.json) ?? [])
        }
    }

    /// Why a decision must be checked again: the requests decided on its HTS-10 are not the ones its
    /// consistency check compared it with (nil: they are).
    static func staleCheck(_ decision: ExclusionDecision, hts10: String, checked: Set<String>, decided: Set<String>) -> String? {
        let others = decided.subtracting([decision.requestID])
        guard others != checked else { return nil }
        let new = others.subtracting(checked).sorted()
        return "the decisions on \(hts10) changed while \(decision.requestID) was being decided"
            + (new.isEmpty ? "" : " (\(new.joined(separator: ", ")) decided meanwhile)") + "; decide again so the consistency check sees them"
    }

    /// Why an extension was refused, given the stored state (nil: it may be recorded).
    static func extensionRefusal(_ extended: ExclusionExtension, outcome: String?, currentEnd: String?) -> String? {
        guard let outcome else { return "request \(extended.requestID) is not decided; only a granted exclusion can be extended" }
        guard outcome != ExclusionOutcome.denied.rawValue else { return "request \(extended.requestID) was denied; there is nothing to extend" }
        guard currentEnd == extended.previousEffectiveTo.description else {
            return "the exclusion of \(extended.requestID) now runs until \(currentEnd ?? "?"), not \(extended.previousEffectiveTo); look again and retry"
        }
        return nil
    }
}
