import Foundation

extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    ///
    /// Works on Unicode scalars: Foundation's `trimmingCharacters(in:)` goes through UTF-16 on
    /// Linux and was the largest cost of loading the lists.
    var trimmedText: String {
        var scalars = Substring(self).unicodeScalars
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
}
