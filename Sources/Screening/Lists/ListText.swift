/// Small text helpers for the list parsers, working on UTF-8 bytes.
///
/// Foundation's `trimmingCharacters(in:)`, `components(separatedBy:)` and `range(of:)` go through
/// UTF-16 on Linux and were most of the cost of loading the lists; these do not.
extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    var trimmedText: String {
        let text = Substring(self)
        if let first = text.utf8.first, let last = text.utf8.last, first.isVisibleASCII, last.isVisibleASCII {
            return String(text)
        }
        var scalars = text.unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace {
            scalars.removeFirst()
        }
        while let last = scalars.last, last.properties.isWhitespace {
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
    /// A printable ASCII character other than space.
    var isVisibleASCII: Bool {
        self > 0x20 && self < 0x7F
    }
}
