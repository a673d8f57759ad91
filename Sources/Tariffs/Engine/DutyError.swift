import DataFormats

/// Why a duty request cannot be answered, naming the field and what to do.
public enum DutyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTS number is not 8 or 10 digits (with or without dots).
    case malformedHTS(String)
    /// The number is not in the schedule; the nearest valid numbers follow.
    case unknownHTS(String, nearest: [String])
    /// The origin is not an ISO 3166 alpha-2 code.
    case unknownCountry(String)
    /// The value is not a non-negative amount with at most two decimals.
    case malformedValue(String)
    /// A content value (the field named) is not such an amount.
    case malformedAmount(field: String, text: String)
    /// The date is not `YYYY-MM-DD`.
    case malformedDate(String)
    /// The date is outside the dates the data covers.
    case dateBeforeCoverage(CivilDate, coverage: ClosedRange<CivilDate>)
    /// A content value (steel, aluminium, copper) is larger than the entered value.
    case contentExceedsValue(fact: String, content: USD, value: USD)

    /// The input field the error is about.
    public var field: String {
        switch self {
        case .malformedHTS, .unknownHTS: "hts"
        case .unknownCountry: "origin"
        case .malformedValue: "value"
        case .malformedAmount(let field, _): field
        case .malformedDate, .dateBeforeCoverage: "date"
        case .contentExceedsValue(let fact, _, _): fact
        }
    }

    public var description: String {
        switch self {
        case .malformedHTS(let text):
            "hts: \"\(text)\" is not an HTS number; give 8 or 10 digits, with or without dots (8471.30.01, 8517.62.0010)"
        case .unknownHTS(let text, _) where text.hasPrefix("99"):
            "hts: \(text) is a Chapter 99 heading, not a classification; give the chapter 1-98 number of the goods (the engine finds the Chapter 99 layers)"
        case .unknownHTS(let text, let nearest):
            "hts: \(text) is not in the 2025 schedule"
                + (nearest.isEmpty ? "" : "; nearest valid numbers: \(nearest.map { HTSCode.dotted($0) }.joined(separator: ", "))")
        case .unknownCountry(let text):
            "origin: \"\(text)\" is not an ISO 3166 alpha-2 country code (e.g. CN, DE, MX)"
        case .malformedValue(let text):
            "value: \"\(text)\" is not an amount of US dollars; give digits with at most two decimals (10000, 1250.50)"
        case .malformedAmount(let field, let text):
            "\(field): \"\(text)\" is not an amount of US dollars; give digits with at most two decimals"
        case .malformedDate(let text):
            "date: \"\(text)\" is not a date; give YYYY-MM-DD"
        case .dateBeforeCoverage(let date, let coverage):
            "date: \(date) is before the tariff data, which begins with entries on \(coverage.lowerBound); no duty is guessed for earlier dates"
        case .contentExceedsValue(let fact, let content, let value):
            "\(fact): the content value \(content) is more than the entered value \(value)"
        }
    }
}
