import DataFormats

/// Writes batch result rows as compact JSON with `JSONWriter`: the batch path's hot spot.
///
/// `JSONEncoder` spends most of its time on reflection and key look-ups; for millions of rows a
/// direct writer is several times faster. It writes exactly the keys `Match`'s `Codable`
/// conformance writes (a test compares the two), leaving out nil values as `Codable` does.
struct JSONLineWriter {
    private var writer = JSONWriter()

    /// The JSON written so far.
    var text: String { writer.text }

    mutating func row(id: String?, matches: [Match]?, error: String?) {
        writer.openObject()
        writer.key("query_id"); writer.string(id)
        if let matches {
            writer.key("matches")
            writer.openArray()
            for match in matches { self.match(match) }
            writer.closeArray()
        }
        if let error {
            writer.key("error"); writer.string(error)
        }
        writer.closeObject()
    }

    private mutating func match(_ match: Match) {
        writer.openObject()
        writer.key("entity_id"); writer.string(match.entityID)
        writer.key("score"); writer.number(match.score)
        writer.key("name"); writer.string(match.name)
        writer.key("matched_name"); writer.string(match.matchedName)
        writer.key("source"); writer.string(match.source)
        writer.key("programs"); writer.strings(match.programs)
        writer.key("type"); writer.string(match.type.rawValue)
        writer.key("list")
        writer.openObject()
        writer.key("source"); writer.string(match.list.source)
        if let published = match.list.published { writer.key("published"); writer.string(published) }
        writer.key("sha256"); writer.string(match.list.sha256)
        writer.closeObject()
        writer.key("explanation"); explanation(match.explanation)
        writer.closeObject()
    }

    private mutating func explanation(_ explanation: Explanation) {
        writer.openObject()
        writer.key("matched_name"); writer.string(explanation.matchedName)
        writer.key("name_kind"); writer.string(explanation.nameKind.rawValue)
        if let label = explanation.aliasLabel { writer.key("alias_label"); writer.string(label) }
        writer.key("name_score"); writer.number(explanation.nameScore)
        writer.key("tokens")
        writer.openArray()
        for pair in explanation.tokens {
            writer.openObject()
            writer.key("query"); writer.string(pair.query)
            writer.key("listed"); writer.string(pair.listed)
            writer.key("similarity"); writer.number(pair.similarity)
            writer.key("method"); writer.string(pair.method.rawValue)
            writer.key("weight"); writer.number(pair.weight)
            writer.closeObject()
        }
        writer.closeArray()
        writer.key("unmatched_query_tokens"); writer.strings(explanation.unmatchedQueryTokens)
        writer.key("unmatched_listed_tokens"); writer.strings(explanation.unmatchedListedTokens)
        writer.key("ignored_query_tokens"); writer.strings(explanation.ignoredQueryTokens)
        writer.key("adjustments")
        writer.openArray()
        for adjustment in explanation.adjustments {
            writer.openObject()
            writer.key("feature"); writer.string(adjustment.feature)
            writer.key("effect"); writer.number(adjustment.effect)
            writer.key("detail"); writer.string(adjustment.detail)
            writer.closeObject()
        }
        writer.closeArray()
        writer.closeObject()
    }
}
