import Foundation

/// A paragraph of 740.20(c) through which an STA shipment would go.
enum STAParagraph: String, Sendable, Hashable {
    /// To Country Group A:5.
    case c1 = "(c)(1)"
    /// To Country Group A:6.
    case c2 = "(c)(2)"
}

/// One restriction of an entry's STA paragraph ("Special Conditions for STA"), e.g. `STA may not be
/// used for 0A501.a, .b, .c, .d, or .e to A:5 or A:6`, `STA (c)(2) may not be used for any item in 9A619`.
struct STARestriction: Sendable, Hashable {
    /// The wording, as the entry has it.
    var wording: String
    /// The STA paragraphs it closes: `to A:6` closes (c)(2), `to A:5 or A:6` both, `(c)(1) may not` (c)(1).
    var closes: Set<STAParagraph>
    /// The paragraphs it reaches; empty: the whole entry.
    var items: [ParagraphPattern]
    /// Wording that decides whether the restriction reaches the item (it reaches it when the fact is yes).
    var condition: String?
    /// Carve-outs: paragraphs (and any condition) the restriction does not reach.
    var carveOuts: [ScopeClause]
}

/// How a restriction bears on one shipment.
enum STARestrictionResult: Sendable, Hashable {
    case applies
    case doesNotApply
    case depends(String)
}

/// An entry's STA paragraph read into restrictions.
struct STALine: Sendable {
    let restrictions: [STARestriction]

    private static let generic: Set<String> = [
        "to", "ship", "or", "transmit", "for", "any", "item", "items", "in", "this", "eccn", "entry", "commodity",
        "commodities", "software", "technology", "specified", "by", "the", "license", "exception", "sta", "§",
        "740.20", "of", "ear", "paragraph", "not", "be", "used", "may", "nor", "and", "is", "eligible",
    ]

    init(_ text: String, eccn: String) {
        var restrictions: [STARestriction] = []
        for unit in Self.units(text) {
            let lower = unit.lowercased()
            guard lower.includes("not") || lower.includes("nor ") else { continue }
            var closes: Set<STAParagraph> = []
            let scopeText: String
            if let phrase = [" to a:5 or a:6", " to a:5 and a:6", " to a:6", " to a:5"].first(where: { lower.includes($0) }),
                let cut = LineReader.topLevel(unit, phrase)
            {
                if phrase.includes("a:5") { closes.insert(.c1) }
                if phrase.includes("a:6") { closes.insert(.c2) }
                scopeText = String(unit[..<cut.lowerBound])
            } else {
                if lower.includes("(c)(1)") { closes.insert(.c1) }
                if lower.includes("(c)(2)") { closes.insert(.c2) }
                if closes.isEmpty { closes = [.c1, .c2] }
                scopeText = unit
            }
            restrictions.append(Self.restriction(unit, scope: scopeText, closes: closes, eccn: eccn))
        }
        self.restrictions = restrictions
    }

    private static func restriction(_ unit: String, scope: String, closes: Set<STAParagraph>, eccn: String) -> STARestriction {
        let (plain, notes) = LineReader.parentheses(scope)
        var carveOuts: [ScopeClause] = []
        for (_, note) in notes where note.lowercased().hasPrefix("except ") || note.lowercased().hasPrefix("other than ") {
            let body = String(note.drop { $0 != " " }.dropFirst())
            let read = ParagraphScope.clauses(body, eccn: eccn)
            carveOuts += read.isEmpty ? [ScopeClause(paragraphs: [], condition: note)] : read.map { clause in
                ScopeClause(paragraphs: clause.paragraphs, condition: clause.condition.map { _ in note })
            }
        }
        var body = plain
        if let used = LineReader.topLevel(body, "may not be used") { body = String(body[used.upperBound...]) }
        if let except = LineReader.topLevel(body, ", except for ") ?? LineReader.topLevel(body, ", except ") {
            let tail = String(body[except.upperBound...])
            carveOuts += ParagraphScope.clauses(tail, eccn: eccn)
            body = String(body[..<except.lowerBound])
        }
        let items = ParagraphScope.mentions(in: body, eccn: eccn)
        var condition: String?
        if items.isEmpty {
            let separators: Set<Character> = [" ", ",", ";", ":", "\"", "'", "."]
            let words = body.lowercased().split(whereSeparator: { separators.contains($0) }).map(String.init)
            let own = eccn.lowercased()
            if !words.allSatisfy({ generic.contains($0) || $0 == own || $0.hasPrefix(own + ".") }) { condition = unit }
        }
        return STARestriction(wording: unit, closes: closes, items: items, condition: condition, carveOuts: carveOuts)
    }

    /// The restriction units of a STA paragraph: its sentences (`;`, `. `, `(1)`/`1.` enumerations), each cut
    /// after every destination phrase (`… to A:5 or A:6, or any commodity in … to A:6`).
    static func units(_ text: String) -> [String] {
        var result: [String] = []
        for sentence in LineReader.sentences(Self.enumerationsCut(text)) {
            var rest = sentence
            while let cut = [" to A:5 or A:6", " to A:5 and A:6", " to A:6", " to A:5"]
                .compactMap({ LineReader.topLevel(rest, $0.lowercased()) }).min(by: { $0.lowerBound < $1.lowerBound })
            {
                result.append(String(rest[..<cut.upperBound]))
                rest = String(rest[cut.upperBound...]).trimming([",", " ", ".", ";"])
                for word in ["and ", "or ", "nor "] where rest.hasPrefix(word) { rest = String(rest.dropFirst(word.count)) }
            }
            if !rest.isEmpty, !rest.lowercased().hasPrefix("(note") { result.append(rest) }
        }
        return result.map { $0.trimmed }.filter { !$0.isEmpty }
    }

    /// `(1) STA … (2) STA …` and `1. STA … 2. Except …` as sentences.
    private static func enumerationsCut(_ text: String) -> String {
        var result = text
        for number in 1...5 {
            if result.hasPrefix("(\(number)) ") || result.hasPrefix("\(number). ") {
                result = String(result.dropFirst(result.hasPrefix("(") ? 4 : 3))
            }
            result = result.replacing(". (\(number)) ", with: "; ").replacing("; (\(number)) ", with: "; ")
                .replacing(". \(number). ", with: "; ")
        }
        return result
    }

    /// Whether `restriction` reaches an item with `paragraph` shipped under `use`.
    static func evaluate(
        _ restriction: STARestriction, paragraph: [String], use: STAParagraph, fact: (String) -> Bool?
    ) -> STARestrictionResult {
        guard restriction.closes.contains(use) else { return .doesNotApply }
        switch ParagraphScope.relation(ScopeClause(paragraphs: restriction.items, condition: nil), paragraph) {
        case .disjoint: return .doesNotApply
        case .partial: return .depends("the paragraph (the restriction reaches \(restriction.items.map { "." + $0.description }.joined(separator: ", ")))")
        case .covers: break
        }
        for carve in restriction.carveOuts {
            switch ParagraphScope.relation(carve, paragraph) {
            case .covers:
                guard let condition = carve.condition else { return .doesNotApply }
                switch fact(condition) {
                case true?: return .doesNotApply
                case false?: break
                case nil: return .depends("whether \"\(condition)\" applies")
                }
            case .partial: return .depends("the paragraph (the restriction excepts \(carve.paragraphs.map { "." + $0.description }.joined(separator: ", ")))")
            case .disjoint: break
            }
        }
        if let condition = restriction.condition {
            switch fact(condition) {
            case true?: return .applies
            case false?: return .doesNotApply
            case nil: return .depends("whether the item is what it names")
            }
        }
        return .applies
    }
}
