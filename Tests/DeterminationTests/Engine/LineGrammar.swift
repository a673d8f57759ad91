import Foundation

/// The grammar of the CCL's license-exception lines, written for the tests from the lines' wording and
/// independent of the engine's reader: a table of line patterns, each with the reading it gives.
enum LineGrammar {
    /// What a line says of the entry's paragraphs.
    enum Reading: Equatable, Sendable {
        /// Every paragraph is eligible (`Yes`, `$1,500`, `Yes, except N/A for MT`: reasons, not paragraphs).
        case all
        /// No paragraph is eligible (`N/A`, `No`).
        case none
        /// Only the paragraphs listed (`Yes for 6A004.a.1, a.2`, `$500 for 0A504.g`).
        case only([[String]])
        /// Every paragraph except those listed (`Yes, except a.3, c.1.a, .e`, `$5,000, except 2B007.b and .c`).
        case allExcept([[String]])
        /// Wording the table has no pattern for: eligibility depends on facts the paragraph does not give.
        case conditional
    }

    /// What a reading expects of one paragraph.
    enum Expectation: Equatable { case eligible, ineligible, depends, unknown }

    private static let amount = #"\$[0-9,]+"#
    private static let reasons = #"(MT|NP|RS|UN)( items)?"#

    /// The table: a pattern over the whole (cleaned) line, and how to read a match.
    private static let table: [(pattern: String, reading: @Sendable (String, String) -> Reading?)] = [
        (#"(N/A|No)"#, { _, _ in Reading.none }),
        (#"Yes"#, { _, _ in .all }),
        (#"Yes for certain EI controlled \w+"#, { _, _ in .all }),
        (amount, { _, _ in .all }),
        (#"(Yes|\#(amount)),? (except )?(N/A for )?\#(reasons)((,| and) \#(reasons))*"#, { _, _ in .all }),
        (#"\#(amount)[,;] N/A for \#(reasons)"#, { _, _ in .all }),
        (#"(Yes|\#(amount)), except (for )?(N/A for )?(?<list>[^;]+)"#, { list, eccn in references(list, eccn).map(Reading.allExcept) }),
        (#"\#(amount)[,;] (except )?N/A for (?<list>[^;]+)"#, { list, eccn in references(list, eccn).map(Reading.allExcept) }),
        (#"Yes,? (for )?(?<list>[^;]+?)( only)?"#, { list, eccn in references(list, eccn).map(Reading.only) }),
        (#"\#(amount):? (for )?(?<list>[^;]+)"#, { list, eccn in references(list, eccn).map(Reading.only) }),
    ]

    /// The reading of `line` of `eccn`'s entry.
    static func read(_ line: String, eccn: String) -> Reading {
        let text = cleaned(line)
        for (pattern, reading) in table {
            guard let regex = try? NSRegularExpression(pattern: "^(" + pattern + ")$"),
                let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
            else { continue }
            let range = match.range(withName: "list")
            let list = range.location == NSNotFound ? "" : (Range(range, in: text).map { String(text[$0]) } ?? "")
            if let read = reading(list, eccn) { return read }
        }
        return .conditional
    }

    /// The line without its pointers (`see § 740.24 of the EAR`, `(See Supplement No. 1 …)`), the ENC/ACE
    /// destination tails (`except to Country Group E:1 or E:2`), descriptive parentheses of an `except`
    /// list, and end punctuation.
    static func cleaned(_ line: String) -> String {
        var text = line.trimmingCharacters(in: .whitespaces)
        for pattern in [#"[,.]? [Ss]ee § .*$"#, #",? except to Country Group E:1 or E:2"#, #"^Yes: "#] {
            text = text.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
        }
        if text.hasPrefix("Yes, except") {
            // `a.3 (molecular beam …)`: a description in parentheses; nested ones removed inside out.
            while text.range(of: #"\([^()]*\)"#, options: .regularExpression) != nil {
                text = text.replacingOccurrences(of: #" ?\([^()]*\)"#, with: "", options: .regularExpression)
            }
        }
        while let last = text.last, ".,; ".contains(last) { text.removeLast() }
        return text
    }

    /// The paragraphs of a list such as `3B001.a.4, c, d, f.1, k to n` or `6A003.a.3 through a.6, b.1`; nil
    /// when an item of the list is not just a paragraph reference.
    static func references(_ list: String, _ eccn: String) -> [[String]]? {
        let normalised = list.replacingOccurrences(of: "ECCN ", with: "")
            .replacingOccurrences(of: "semiconductor manufacturing equipment specified in ", with: "")
            .replacingOccurrences(of: " through ", with: " to ")
        var result: [[String]] = []
        let items = normalised.components(separatedBy: ", ").flatMap { $0.components(separatedBy: " and ") }
            .flatMap { $0.components(separatedBy: " or ") }
            .map { $0.hasPrefix("and ") ? String($0.dropFirst(4)) : $0 }
            .filter { !$0.isEmpty }
        guard !items.isEmpty else { return nil }
        for item in items {
            let ends = item.components(separatedBy: " to ")
            guard ends.count <= 2, let first = path(ends[0], eccn) else { return nil }
            guard ends.count == 2 else {
                result.append(first)
                continue
            }
            guard let short = path(ends[1], eccn) else { return nil }
            let last = Array(first.dropLast(short.count)) + short
            guard last.count == first.count, let from = first.last, let to = last.last else { return nil }
            let stem = Array(first.dropLast())
            if let low = Int(from), let high = Int(to), low <= high {
                result += (low...high).map { stem + [String($0)] }
            } else if let low = from.unicodeScalars.first?.value, let high = to.unicodeScalars.first?.value, low <= high {
                result += (low...high).compactMap(Unicode.Scalar.init).map { stem + [String($0)] }
            } else {
                return nil
            }
        }
        return result
    }

    /// `3B001.b.3`, `.x`, `b.3` or `b` as `["b", "3"]`; nil for anything else (another ECCN, words).
    static func path(_ token: String, _ eccn: String) -> [String]? {
        var text = token.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix(eccn + ".") { text = String(text.dropFirst(eccn.count + 1)) }
        if text.hasPrefix(".") { text.removeFirst() }
        let segments = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let head = segments.first, head.count == 1, head.range(of: "^[a-z]$", options: .regularExpression) != nil,
            segments.allSatisfy({ $0.range(of: "^[a-z0-9]{1,3}$", options: .regularExpression) != nil })
        else { return nil }
        return segments
    }

    /// What `reading` expects of `paragraph` (empty: the bare ECCN).
    static func expectation(_ reading: Reading, for paragraph: [String]) -> Expectation {
        func relation(_ patterns: [[String]]) -> (covers: Bool, partial: Bool) {
            var partial = false
            for pattern in patterns {
                let shared = min(pattern.count, paragraph.count)
                guard Array(pattern.prefix(shared)) == Array(paragraph.prefix(shared)) else { continue }
                if paragraph.count >= pattern.count { return (true, false) }
                partial = true
            }
            return (false, partial)
        }
        switch reading {
        case .all: return .eligible
        case .none: return .ineligible
        case .conditional: return .unknown
        case .only(let list):
            let (covers, partial) = relation(list)
            return covers ? .eligible : partial ? .depends : .ineligible
        case .allExcept(let list):
            let (covers, partial) = relation(list)
            return covers ? .ineligible : partial ? .depends : .eligible
        }
    }

    /// Paragraphs worth asking about: the bare ECCN, every letter, and each listed paragraph with its parent and a child.
    static func samples(_ reading: Reading) -> [[String]] {
        var result: [[String]] = [[]] + "abcdefghijklmnopqrstuvwxyz".map { [String($0)] }
        switch reading {
        case .only(let list), .allExcept(let list):
            for path in list { result += [path, Array(path.dropLast()), path + ["1"]] }
        default: break
        }
        return result.filter { !$0.isEmpty || result.first == $0 }
    }
}
