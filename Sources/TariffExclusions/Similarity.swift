/// How alike two product descriptions are: the Jaccard index of their token sets.
///
/// Tokens are the lowercased runs of letters and digits, minus `stopWords`, after the USTR
/// boilerplate "(described in statistical reporting number …)" is removed: it names the code,
/// which both descriptions share anyway, and would make every pair look alike. Two descriptions at
/// or above `threshold` describe the same product for the consistency check.
public enum DescriptionSimilarity {
    /// Descriptions scoring at least this are "similar" (half of their distinct words in common).
    public static let threshold = 0.5

    /// Words that say nothing about the product.
    public static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "each", "for", "from", "in", "into", "is", "it", "its", "of", "on", "or",
        "other", "such", "than", "that", "the", "their", "these", "this", "to", "with", "whether", "not", "foregoing", "kind",
        "used",
    ]

    /// The clause USTR exclusion notices append to every description.
    static let reportingNumberClause = "(described in statistical reporting number"

    /// The distinct tokens of `text`.
    public static func tokens(_ text: String) -> Set<String> {
        var tokens: Set<String> = []
        var current = ""
        for character in withoutReportingNumberClause(text.lowercased()) {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                tokens.insert(current)
                current = ""
            }
        }
        if !current.isEmpty { tokens.insert(current) }
        return tokens.subtracting(stopWords)
    }

    /// `text` without its "(described in statistical reporting number …)" clauses.
    static func withoutReportingNumberClause(_ text: String) -> String {
        var rest = Substring(text)
        var kept = ""
        while let start = rest.range(of: reportingNumberClause) {
            kept += rest[..<start.lowerBound]
            var depth = 1
            var index = start.upperBound
            while index < rest.endIndex, depth > 0 {
                if rest[index] == "(" { depth += 1 } else if rest[index] == ")" { depth -= 1 }
                index = rest.index(after: index)
            }
            rest = rest[index...]
        }
        return kept + rest
    }

    /// |A ∩ B| / |A ∪ B| over the two token sets; 0 when both are empty.
    public static func score(_ first: String, _ second: String) -> Double {
        let a = tokens(first)
        let b = tokens(second)
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }
}
