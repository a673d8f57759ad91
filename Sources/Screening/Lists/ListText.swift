/// Small text helpers for the list parsers, working on UTF-8 bytes.
///
/// Foundation's `trimmingCharacters(in:)`, `components(separatedBy:)` and `range(of:)` go through
/// UTF-16 on Linux and were most of the cost of loading the lists; these do not.
extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    var trimmedText: String {
        let text = Substring(self)
        // Most fields begin and end with a visible ASCII character: then there is nothing to trim.
        if let first = text.utf8.first, let last = text.utf8.last, first < 0x80, last < 0x80, !first.isASCIIWhitespace, !last.isASCIIWhitespace {
            return String(self)
        }
        var start = text.utf8.startIndex
        var end = text.utf8.endIndex
        while start < end, text.utf8[start].isASCIIWhitespace {
            start = text.utf8.index(after: start)
        }
        while start < end, text.utf8[text.utf8.index(before: end)].isASCIIWhitespace {
            end = text.utf8.index(before: end)
        }
        let asciiTrimmed = text[start..<end]
        guard let first = asciiTrimmed.utf8.first, let last = asciiTrimmed.utf8.last, first >= 0x80 || last >= 0x80 else {
            // Nothing trimmed: the string itself, not a copy.
            return start == text.utf8.startIndex && end == text.utf8.endIndex ? String(self) : String(asciiTrimmed)
        }
        // Non-ASCII at an end: it may be Unicode whitespace (no-break space, ideographic space...).
        var scalars = asciiTrimmed.unicodeScalars
        while let scalar = scalars.first, scalar.properties.isWhitespace {
            scalars.removeFirst()
        }
        while let scalar = scalars.last, scalar.properties.isWhitespace {
            scalars.removeLast()
        }
        return String(scalars)
    }

    /// The rest of the text after `prefix`, or nil when it does not start with it.
    func removingPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }

    /// The parts between occurrences of `separator`, as `components(separatedBy:)` gives them.
    func parts(separatedBy separator: String) -> [String] {
        let bytes = Array(utf8)
        let needle = Array(separator.utf8)
        var parts: [String] = []
        var start = 0
        while let match = bytes.firstOffset(of: needle, from: start) {
            parts.append(String(decoding: bytes[start..<match], as: UTF8.self))
            start = match + needle.count
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// The text before the first occurrence of `separator`, or nil when it does not occur.
    func prefix(before separator: String) -> String? {
        let bytes = Array(utf8)
        return bytes.firstOffset(of: Array(separator.utf8)).map { String(decoding: bytes[..<$0], as: UTF8.self) }
    }
}

extension Array where Element == UInt8 {
    /// The offset of the first occurrence of `needle` at or after `start`.
    func firstOffset(of needle: [UInt8], from start: Int = 0) -> Int? {
        guard !needle.isEmpty, count >= needle.count else { return nil }
        var index = start
        while index <= count - needle.count {
            if self[index] == needle[0], self[index..<index + needle.count].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The offset of the last occurrence of `needle`.
    func lastOffset(of needle: [UInt8]) -> Int? {
        guard !needle.isEmpty, count >= needle.count else { return nil }
        var index = count - needle.count
        while index >= 0 {
            if self[index] == needle[0], self[index..<index + needle.count].elementsEqual(needle) {
                return index
            }
            index -= 1
        }
        return nil
    }
}

extension UInt8 {
    /// Space, tab, line feed, vertical tab, form feed or carriage return.
    var isASCIIWhitespace: Bool {
        self == 0x20 || (0x09...0x0D).contains(self)
    }
}
