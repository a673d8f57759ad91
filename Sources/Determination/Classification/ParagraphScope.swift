import Foundation

/// A paragraph of an ECCN and everything below it, e.g. `b.3` (covers `b.3`, `b.3.a`, …).
struct ParagraphPattern: Hashable, Sendable, CustomStringConvertible {
    var segments: [String]

    /// How the pattern relates to a given paragraph.
    enum Relation { case covers, partial, disjoint }

    func relation(to paragraph: [String]) -> Relation {
        let shared = min(segments.count, paragraph.count)
        for index in 0..<shared where segments[index] != paragraph[index] { return .disjoint }
        return paragraph.count >= segments.count ? .covers : .partial
    }

    var description: String { segments.joined(separator: ".") }
}

/// One part of a scope: some paragraphs (none: the whole entry), possibly under a condition in words.
struct ScopeClause: Hashable, Sendable {
    var paragraphs: [ParagraphPattern]
    /// The clause's wording when it has a condition the paragraph alone does not settle.
    var condition: String?
}

/// What a scope needs to be settled for a given item.
enum ScopeNeed: Hashable, Sendable {
    /// The item's paragraph is less specific than the scope (or not given).
    case paragraph
    /// A condition in words; `excludes` when the condition takes the item out of scope.
    case condition(String, excludes: Bool)
}

/// Whether a License Requirements row covers an item.
enum ScopeResult: Hashable, Sendable {
    case applies
    case excluded
    case needs(ScopeNeed)
}

/// A row's "Control(s)" scope read into paragraphs and conditions: `entire entry`, `entire entry except
/// 0A501.y`, `3B001.a.1 to a.3, b, e`, `3A001.b.2 and b.3, except … civil telecommunications …`.
///
/// Wording that names no paragraph of the entry (e.g. `"software" for equipment controlled by
/// 3B001.c.1.a`) becomes a condition: the paragraph alone cannot settle it.
struct ParagraphScope: Hashable, Sendable {
    /// The wording as the data has it.
    var text: String
    /// The covered clauses; nil means the entire entry.
    var base: [ScopeClause]?
    /// The clauses the scope excepts.
    var exceptions: [ScopeClause]

    init(_ text: String, eccn: String) {
        self.text = text
        var body = text.trimmed
        while body.hasSuffix(".") { body.removeLast() }
        if body.lowercased().hasPrefix("the ") { body = String(body.dropFirst(4)) }
        let lower = body.lowercased()
        if lower.hasPrefix("entire entry") {
            var rest = Substring(body.dropFirst("entire entry".count))
            rest = rest.drop { $0 == " " || $0 == "," || $0 == ":" }
            base = nil
            if rest.lowercased().hasPrefix("except") {
                let tail = rest.dropFirst("except".count).drop { $0 == " " || $0 == ":" }
                exceptions = Self.clauses(String(tail), eccn: eccn)
            } else {
                exceptions = []
            }
            return
        }
        if let split = lower.byteRange(of: " except ") ?? lower.byteRange(of: ", except ") {
            let head = String(body[..<split.lowerBound])
            let tail = String(body[split.upperBound...])
            base = Self.clauses(head, eccn: eccn)
            exceptions = Self.clauses(tail, eccn: eccn)
        } else {
            base = Self.clauses(body, eccn: eccn)
            exceptions = []
        }
    }

    /// Whether the scope covers `paragraph`; `condition` answers a condition when a stated fact settles it.
    func evaluate(paragraph: [String], condition: (String) -> Bool?) -> ScopeResult {
        var pending: ScopeNeed?
        if let base {
            var inScope = false
            for clause in base {
                switch Self.relation(clause, paragraph) {
                case .covers:
                    if let text = clause.condition {
                        switch condition(text) {
                        case true?: inScope = true
                        case false?: break
                        case nil: pending = pending ?? .condition(text, excludes: false)
                        }
                    } else {
                        inScope = true
                    }
                case .partial: pending = pending ?? .paragraph
                case .disjoint: break
                }
                if inScope { break }
            }
            if !inScope { return pending.map(ScopeResult.needs) ?? .excluded }
            pending = nil
        }
        for clause in exceptions {
            switch Self.relation(clause, paragraph) {
            case .covers:
                guard let text = clause.condition else { return .excluded }
                switch condition(text) {
                case true?: return .excluded
                case false?: break
                case nil: pending = pending ?? .condition(text, excludes: true)
                }
            case .partial: pending = pending ?? .paragraph
            case .disjoint: break
            }
        }
        return pending.map(ScopeResult.needs) ?? .applies
    }

    static func relation(_ clause: ScopeClause, _ paragraph: [String]) -> ParagraphPattern.Relation {
        guard !clause.paragraphs.isEmpty else { return .covers }
        var best = ParagraphPattern.Relation.disjoint
        for pattern in clause.paragraphs {
            switch pattern.relation(to: paragraph) {
            case .covers: return .covers
            case .partial: best = .partial
            case .disjoint: break
            }
        }
        return best
    }

    // MARK: - Reading the wording

    private static let conditionWords = [" if ", " when ", " that ", " which ", " meeting ", " exceeding ", " being ", " for "]

    /// The clauses of a list such as `3B001.a.1 to a.3, b, e` or `9A610.b; parts … if …; and 9A610.y`.
    static func clauses(_ text: String, eccn: String) -> [ScopeClause] {
        var result: [ScopeClause] = []
        for segment in text.split(separator: ";") {
            var pieces = Self.pieces(of: String(segment), eccn: eccn).map { clause($0, eccn: eccn) }
            // "1C002.b.3 or b.4 if they exceed …": a trailing condition governs the bare references before it.
            if let last = pieces.last, let condition = last.condition, !last.paragraphs.isEmpty {
                var index = pieces.count - 2
                while index >= 0, pieces[index].condition == nil {
                    pieces[index].condition = condition
                    index -= 1
                }
            }
            result += pieces
        }
        return result.filter { !($0.paragraphs.isEmpty && $0.condition == nil) }
    }

    /// Splits a segment where a new paragraph reference starts after `,`, ` and ` or ` or `.
    private static func pieces(of segment: String, eccn: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var rest = Substring(segment)
        while !rest.isEmpty {
            var matched: Substring?
            for separator in [", and ", ", or ", ", ", " and ", " or "] where rest.hasPrefix(separator) {
                matched = rest.dropFirst(separator.count)
                break
            }
            if let after = matched, startsWithReference(after, eccn: eccn) {
                pieces.append(current)
                current = ""
                rest = after
                continue
            }
            current.append(rest.removeFirst())
        }
        pieces.append(current)
        return pieces.map { $0.trimmed }.filter { !$0.isEmpty }
    }

    private static func clause(_ piece: String, eccn: String) -> ScopeClause {
        let bare = strippedReference(piece)
        if let patterns = referenceList(bare, eccn: eccn) {
            return ScopeClause(paragraphs: patterns, condition: nil)
        }
        let lower = piece.lowercased()
        let cut = conditionWords.compactMap { lower.byteRange(of: $0)?.lowerBound }.min()
        if let cut {
            let head = String(piece[..<cut])
            return ScopeClause(paragraphs: mentions(in: head, eccn: eccn), condition: piece)
        }
        let named = mentions(in: piece, eccn: eccn)
        return named.isEmpty ? ScopeClause(paragraphs: [], condition: piece) : ScopeClause(paragraphs: named, condition: nil)
    }

    /// `and to 3A001.a.5.a` → `3A001.a.5.a`; `9A990.a only` → `9A990.a`; `3A090.c (HBM)` → `3A090.c`.
    private static func strippedReference(_ piece: String) -> String {
        var text = piece.trimmed
        for prefix in ["and ", "or ", "to ", "paragraphs ", "paragraph ", "items controlled by ", "items in ", "those "]
        where text.lowercased().hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count))
        }
        if let open = text.firstIndex(of: "("), text.hasSuffix(")") { text = String(text[..<open]) }
        text = text.trimmed
        if text.hasSuffix(" only") { text = String(text.dropLast(5)) }
        return text.trimmed
    }

    /// The patterns of `b.3`, `3A001.b.3`, `a.1 to a.3` or `k to n`; nil when the text is not just that.
    static func referenceList(_ text: String, eccn: String) -> [ParagraphPattern]? {
        let ends = text.splitting(on: " to ")
        guard ends.count <= 2 else { return nil }
        var paths: [[String]] = []
        for (position, end) in ends.enumerated() {
            guard let path = reference(end, eccn: eccn, bareLetterAllowed: true) else { return nil }
            paths.append(position == 1 && path.count < paths[0].count ? Array(paths[0].prefix(paths[0].count - path.count)) + path : path)
        }
        guard paths.count == 2 else { return paths.map { ParagraphPattern(segments: $0) } }
        return expand(from: paths[0], to: paths[1]).map { $0.map { ParagraphPattern(segments: $0) } }
    }

    /// `a.1`…`a.3`, `k`…`n`, `z.1.a`…`z.9.a`: paths equal but in one segment, which counts up.
    private static func expand(from start: [String], to end: [String]) -> [[String]]? {
        guard start.count == end.count else { return nil }
        let differing = start.indices.filter { start[$0] != end[$0] }
        guard differing.count == 1, let index = differing.first else { return differing.isEmpty ? [start] : nil }
        let values: [String]
        if let low = Int(start[index]), let high = Int(end[index]), low < high, high - low < 100 {
            values = (low...high).map(String.init)
        } else if let low = start[index].unicodeScalars.first?.value, let high = end[index].unicodeScalars.first?.value,
            start[index].count == 1, end[index].count == 1, low < high
        {
            values = (low...high).compactMap(Unicode.Scalar.init).map { String(Character($0)) }
        } else {
            return nil
        }
        return values.map { value in
            var path = start
            path[index] = value
            return path
        }
    }

    /// The path of one reference to a paragraph of `eccn`, e.g. `3A001.b.3`, `.x`, `b.3`, or (when allowed) `b`.
    private static func reference(_ token: String, eccn: String, bareLetterAllowed: Bool) -> [String]? {
        var text = Substring(token.trimmed)
        if text.count >= 5, ItemClassification.isECCN(String(text.prefix(5))) {
            guard text.prefix(5) == eccn else { return nil }
            text = text.dropFirst(5)
            guard text.first == "." else { return nil }
        }
        let dotted = text.first == "."
        if dotted { text = text.dropFirst() }
        let segments = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = segments.first, first.count == 1, first.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }),
            segments.allSatisfy({ ItemClassification.isParagraphSegment($0) && $0 == $0.lowercased() })
        else { return nil }
        guard dotted || segments.count > 1 || bareLetterAllowed else { return nil }
        if !dotted, segments.count == 2, segments == ["e", "g"] || segments == ["i", "e"] { return nil }
        return segments
    }

    /// Whether `text` begins with a paragraph reference (after `and`/`or`/`to`).
    private static func startsWithReference(_ text: Substring, eccn: String) -> Bool {
        var words = text.split(separator: " ", maxSplits: 3).map(String.init)
        while let first = words.first, ["and", "or", "to"].contains(first) { words.removeFirst() }
        guard let word = words.first else { return false }
        let token = word.trimming([",", ";", ":", "(", ")", "\""])
        if token.count >= 5, ItemClassification.isECCN(String(token.prefix(5))) {
            return token.hasPrefix(eccn + ".")
        }
        guard let path = reference(token, eccn: eccn, bareLetterAllowed: true) else { return false }
        if path.count == 1, !token.hasPrefix(".") {
            // A lone letter is a paragraph only at the end of the text or before a list word ("b, e", "g to j").
            let next = words.dropFirst().first ?? ""
            return word.hasSuffix(",") || next.isEmpty || ["to", "and", "or"].contains(next)
        }
        return true
    }

    /// Every paragraph of `eccn` that wording names (`3A001.b.2`, `.x`, `b.3`).
    static func mentions(in text: String, eccn: String) -> [ParagraphPattern] {
        var result: [ParagraphPattern] = []
        let separators: Set<Character> = [" ", ",", ";", ":", "(", ")", "\"", "'"]
        for word in text.split(whereSeparator: { separators.contains($0) }) {
            var token = String(word)
            while token.hasSuffix(".") { token.removeLast() }
            guard let path = reference(token, eccn: eccn, bareLetterAllowed: false) else { continue }
            let pattern = ParagraphPattern(segments: path)
            if !result.contains(pattern) { result.append(pattern) }
        }
        return result
    }
}
