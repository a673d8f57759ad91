import Foundation

/// Reads the wording of one license-exception line into clauses (see `ExceptionLine`).
///
/// The line is cut into sentences (at `;` and at `. ` before a capital, `$` or `N/A`, outside
/// parentheses); each sentence is one of the forms the CCL uses, or, when it is none of them, a
/// condition on the paragraphs it names (every paragraph when it names none).
struct LineReader {
    let eccn: String
    var othersEligible = false
    var defaultAmount: Int?
    var clauses: [LineClause] = []
    var reasons: [String] = []
    var groups: [CountryGroup] = []
    private var last: LineClause.Effect?

    static let reasonCodes = ["NS", "MT", "NP", "RS", "CB", "CC", "EI", "UN", "AT", "FC", "CW", "SL", "SS", "SI"]

    init(eccn: String) {
        self.eccn = eccn
    }

    mutating func read(_ text: String) {
        for sentence in Self.sentences(text) { read(sentence: sentence) }
    }

    private mutating func read(sentence raw: String) {
        var s = Self.cleaned(raw)
        var l = s.lowercased()
        for prefix in ["license exceptions note: ", "yes for: ", "yes: "] where l.hasPrefix(prefix) {
            s = String(s.dropFirst(prefix.count)).trimmed
            l = s.lowercased()
        }
        guard !s.isEmpty, !l.hasPrefix("see §"), !l.hasPrefix("see supplement") else { return }
        if let cut = Self.topLevel(s, "except to country group ") {
            groups += CountryGroup.allCases.filter { s[cut.upperBound...].includes($0.rawValue) }
            s = String(s[..<cut.lowerBound]).trimming([",", " "])
            l = s.lowercased()
            if s.isEmpty || l == "yes" {
                othersEligible = true
                return
            }
        }
        if l == "yes" || l.hasPrefix("yes for certain ") {
            othersEligible = true
            return
        }
        if l == "n/a" || l == "no" { return }
        if s.hasPrefix("$") {
            amount(s)
            return
        }
        for prefix in ["yes, except n/a for ", "yes except n/a for ", "yes, except for ", "yes, except ", "yes except "]
        where l.hasPrefix(prefix) {
            othersEligible = true
            exclude(String(s.dropFirst(prefix.count)))
            return
        }
        for prefix in ["except n/a for ", "n/a for ", "except for ", "except "] where l.hasPrefix(prefix) {
            exclude(String(s.dropFirst(prefix.count)))
            return
        }
        for prefix in ["yes, for ", "yes for ", "yes, ", "yes "] where l.hasPrefix(prefix) {
            include(String(s.dropFirst(prefix.count)), amount: nil)
            return
        }
        if let cut = Self.topLevel(s, " is not applicable for ") {
            othersEligible = true
            exclude(String(s[cut.upperBound...]))
            return
        }
        switch last {
        case .exclude?: exclude(s.hasPrefix("and ") ? String(s.dropFirst(4)) : s)
        default: include(s.hasPrefix("and ") ? String(s.dropFirst(4)) : s, amount: nil)
        }
    }

    /// `$1,500`, `$500 for .a`, `$3000: 3A002.a`, `$5000, except N/A for MT`, `$5000 for all other items`.
    private mutating func amount(_ s: String) {
        let digits = s.dropFirst().prefix { $0.isNumber || $0 == "," }
        let value = Int(digits.filter(\.isNumber))
        var rest = String(s.dropFirst(1 + digits.count)).trimming([",", ";", ":", " ", "."])
        var l = rest.lowercased()
        if rest.isEmpty || l.hasPrefix("for all other") {
            othersEligible = true
            defaultAmount = defaultAmount ?? value
            return
        }
        for prefix in ["except n/a for ", "n/a for "] where l.hasPrefix(prefix) {
            othersEligible = true
            defaultAmount = defaultAmount ?? value
            exclude(String(rest.dropFirst(prefix.count)))
            return
        }
        if l.hasPrefix("except ") {
            rest = String(rest.dropFirst("except ".count))
            l = rest.lowercased()
            if rest.hasPrefix("$") {
                amount(rest)
                return
            }
            othersEligible = true
            defaultAmount = defaultAmount ?? value
            exclude(rest)
            return
        }
        if l.hasPrefix("for ") { rest = String(rest.dropFirst(4)) }
        include(rest, amount: value)
    }

    /// A list of paragraphs the exception covers, with any `N/A for …` or `, except …` after it.
    private mutating func include(_ text: String, amount: Int?) {
        last = .include
        var body = text
        for marker in [", n/a for ", " n/a for ", ", except "] {
            if let cut = Self.topLevel(body, marker) {
                let tail = String(body[cut.upperBound...])
                body = String(body[..<cut.lowerBound])
                if tail.hasPrefix("$") {
                    self.amount(tail)
                } else {
                    exclude(tail)
                }
                last = .include
                break
            }
        }
        append(body, effect: .include, amount: amount)
    }

    /// The reasons (`MT`, `NP items`), paragraphs or wording a line rules out.
    private mutating func exclude(_ text: String) {
        last = .exclude
        var rest = Substring(text.trimmed)
        var found = true
        while found {
            found = false
            for prefix in ["for ", "and for ", "and ", ", ", "items ", "items", "reasons ", "reasons"] where rest.hasPrefix(prefix) {
                rest = rest.dropFirst(prefix.count)
                found = true
            }
            if let code = Self.reasonCodes.first(where: { rest.hasPrefix($0) }) {
                let after = rest.dropFirst(code.count)
                if after.isEmpty || after.first == "," || after.first == " " || after.first == "." {
                    if !reasons.contains(code) { reasons.append(code) }
                    rest = after
                    found = true
                }
            }
        }
        let remaining = String(rest).trimming([",", ".", " "])
        guard !remaining.isEmpty else { return }
        append(remaining, effect: .exclude, amount: nil)
    }

    /// The clauses of a list of paragraphs such as `a.3 (…), c.1.a (…), .e (… only if …) and .q`.
    ///
    /// A parenthesis after a reference is a description, a condition on that reference (`if`, `when`,
    /// `unless`, `for use`, `exported or reexported`, `(for 5A001.j)`), or a narrower exception
    /// (`(except .a.5.a when controlled for MT)`).
    private mutating func append(_ text: String, effect: LineClause.Effect, amount: Int?) {
        let (plain, notes) = Self.parentheses(text)
        var list = plain.replacing(" through ", with: " to ").replacing("ECCN ", with: "")
        while list.hasSuffix(".") || list.hasSuffix(",") || list.hasSuffix(" ") { list.removeLast() }
        if list.lowercased().hasSuffix(" only") { list = String(list.dropLast(5)) }
        var read = ParagraphScope.clauses(list, eccn: eccn).map { clause in
            LineClause(
                effect: effect, paragraphs: clause.paragraphs,
                condition: clause.condition.map { clause.paragraphs.isEmpty ? text : $0 }, amount: amount)
        }
        if read.isEmpty {
            read = [LineClause(effect: effect, paragraphs: [], condition: text, amount: amount)]
        }
        for (anchor, note) in notes {
            guard let patterns = ParagraphScope.referenceList(anchor, eccn: eccn) else { continue }
            let lower = note.lowercased()
            if lower.hasPrefix("except ") {
                let named = ParagraphScope.mentions(in: String(note.dropFirst(7)), eccn: eccn)
                clauses.append(
                    LineClause(effect: effect == .include ? .exclude : .include, paragraphs: named.isEmpty ? patterns : named,
                        condition: note, amount: nil))
            } else if Self.isCondition(lower) {
                for index in read.indices where read[index].paragraphs.contains(where: patterns.contains) {
                    read[index].condition = read[index].condition ?? note
                }
            }
        }
        clauses += read
    }

    private static func isCondition(_ note: String) -> Bool {
        note.hasPrefix("for ") || note.hasPrefix("unless ")
            || [" if ", "only if", "when ", "unless ", "exported or reexported", "for use "].contains { note.includes($0) }
    }

    // MARK: - Cutting the text

    /// The line cut at `;` and at `. ` before a capital, `$` or `N/A`, outside parentheses.
    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var depth = 0
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "(" { depth += 1 }
            if character == ")" { depth = max(0, depth - 1) }
            if depth == 0, character == ";" {
                result.append(current)
                current = ""
                index += 1
                continue
            }
            if depth == 0, character == ".", index + 2 < characters.count, characters[index + 1] == " ",
                characters[index + 2].isUppercase || characters[index + 2] == "$"
            {
                result.append(current)
                current = ""
                index += 2
                continue
            }
            // `"components." N/A for …`: the sentence ends inside the closing quote.
            if depth == 0, character == ".", index + 3 < characters.count, characters[index + 1] == "\"",
                characters[index + 2] == " ", characters[index + 3].isUppercase
            {
                result.append(current + "\"")
                current = ""
                index += 3
                continue
            }
            current.append(character)
            index += 1
        }
        result.append(current)
        return result.map { $0.trimmed }.filter { !$0.isEmpty }
    }

    /// The sentence without its pointers to the regulation (`see § 740.24 of the EAR`) and end punctuation.
    static func cleaned(_ sentence: String) -> String {
        var s = sentence
        for marker in [", see §", " see §", ". See §"] {
            if let cut = s.byteRange(of: marker) { s = String(s[..<cut.lowerBound]) }
        }
        for marker in ["(see §", "(See §", "(See Supplement", "(see Supplement"] {
            while let open = s.byteRange(of: marker) {
                let close = s[open.upperBound...].firstIndex(of: ")").map { s.index(after: $0) } ?? s.endIndex
                s.removeSubrange(open.lowerBound..<close)
            }
        }
        return s.trimming([" ", ".", ",", ";"])
    }

    /// The text with its top-level parentheses removed, and each parenthesis with the word before it.
    static func parentheses(_ text: String) -> (plain: String, notes: [(anchor: String, note: String)]) {
        var plain = ""
        var notes: [(anchor: String, note: String)] = []
        var note = ""
        var depth = 0
        var anchor = ""
        for character in text {
            if character == "(" {
                if depth == 0 {
                    let words = plain.split(separator: " ")
                    anchor = words.last.map { String($0).trimming([",", ";", ":", "\""]) } ?? ""
                    note = ""
                } else {
                    note.append(character)
                }
                depth += 1
            } else if character == ")" && depth > 0 {
                depth -= 1
                if depth == 0 { notes.append((anchor, note)) } else { note.append(character) }
            } else if depth > 0 {
                note.append(character)
            } else {
                plain.append(character)
            }
        }
        let collapsed = plain.replacing("  ", with: " ").replacing(" ,", with: ",")
        return (collapsed.trimmed, notes)
    }

    /// The first occurrence of `marker` (lowercase ASCII) outside parentheses, ignoring ASCII case.
    static func topLevel(_ text: String, _ marker: String) -> Range<String.Index>? {
        let bytes = Array(text.utf8).map { (65...90).contains($0) ? $0 + 32 : $0 }
        let pattern = Array(marker.utf8)
        guard !pattern.isEmpty, pattern.count <= bytes.count else { return nil }
        var depth = 0
        for offset in 0...(bytes.count - pattern.count) {
            if bytes[offset] == UInt8(ascii: "(") { depth += 1 }
            if bytes[offset] == UInt8(ascii: ")") { depth = max(0, depth - 1) }
            if depth == 0, bytes[offset..<offset + pattern.count].elementsEqual(pattern) {
                let lower = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
                return lower..<text.utf8.index(lower, offsetBy: pattern.count)
            }
        }
        return nil
    }
}
