/// Plain byte-level text helpers.
///
/// Foundation's string searching bridges through CFString on Linux and dominated loading the rule
/// tables; these compare UTF-8 bytes, which is all the tables' ASCII wording needs.
extension StringProtocol {
    /// The text without leading and trailing whitespace.
    var trimmed: String {
        // Most fields need no trimming: a printable ASCII byte at each end is a scalar that is not whitespace.
        let text = String(self)
        if let first = text.utf8.first, let last = text.utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return text
        }
        return text.trimming { $0.properties.isWhitespace }
    }

    /// The text without leading and trailing characters from `characters` (single-scalar characters).
    func trimming(_ characters: Set<Character>) -> String {
        trimming { characters.contains(Character($0)) }
    }

    private func trimming(where drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, drop(scalars[start]) { start = scalars.index(after: start) }
        while end > start, drop(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    /// Whether `needle` occurs in the text, byte for byte.
    func includes(_ needle: some StringProtocol) -> Bool {
        String(self).byteRange(of: needle) != nil
    }
}

extension String {
    /// The first occurrence of `needle`, byte for byte.
    func byteRange(of needle: some StringProtocol) -> Range<String.Index>? {
        let hay = Array(utf8)
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, pattern.count <= hay.count else { return pattern.isEmpty ? startIndex..<startIndex : nil }
        let first = pattern[0]
        var offset = 0
        while offset <= hay.count - pattern.count {
            if hay[offset] == first && hay[offset..<offset + pattern.count].elementsEqual(pattern) {
                let lower = utf8.index(utf8.startIndex, offsetBy: offset)
                return lower..<utf8.index(lower, offsetBy: pattern.count)
            }
            offset += 1
        }
        return nil
    }

    /// The parts between occurrences of `separator`.
    func splitting(on separator: String) -> [String] {
        var parts: [String] = []
        var rest = self
        while let range = rest.byteRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = String(rest[range.upperBound...])
        }
        parts.append(rest)
        return parts
    }

    /// The text with every occurrence of `needle` replaced by `replacement`, byte for byte.
    func replacing(_ needle: String, with replacement: String) -> String {
        byteRange(of: needle) == nil ? self : splitting(on: needle).joined(separator: replacement)
    }
}
