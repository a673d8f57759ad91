/// Why a request cannot be determined: which field is wrong and what would be accepted.
///
/// Never a guess: an item or destination the data does not cover is an error, not an NLR.
public struct DeterminationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Sendable, Hashable {
        /// The text is not an ECCN (`3A001.b.3`), `EAR99` or `USML`.
        case malformedECCN(String)
        /// A well-formed ECCN that is not on the Commerce Control List; the nearest ECCNs that are.
        case unknownECCN(String, suggestions: [String])
        /// Not a destination the data has; close codes, if any.
        case unknownDestination(String, suggestions: [String])
        /// The United States is not an export destination.
        case domesticDestination
        /// Not a number (or negative, or not finite).
        case notANumber(String)
        /// Not a `YYYY-MM-DD` day.
        case notADate(String)
        /// Not a known end-use tag; the known ones.
        case unknownEndUse(String, known: [String])
        /// Not `KEY=yes|no` with a known key; the known keys.
        case badFact(String, known: [String])
        /// A percentage outside 0–100.
        case percentOutOfRange(String)
    }

    /// The input field, named like the CLI option (`eccn`, `destination`, `end-use`, …).
    public var field: String
    public var problem: Problem

    public init(field: String, problem: Problem) {
        self.field = field
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .malformedECCN(let text):
            return "\(field): \"\(text)\" is not an ECCN; write it like 3A001.b.3, 4A994 or EAR99 (USML for ITAR items)"
        case .unknownECCN(let eccn, let suggestions):
            let near = suggestions.isEmpty ? "" : "; nearest on the CCL: \(suggestions.joined(separator: ", "))"
            return "\(field): ECCN \(eccn) is not on the Commerce Control List in the bundled data\(near)"
        case .unknownDestination(let code, let suggestions):
            let near = suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?"
            return "\(field): \"\(code)\" is not a destination in the Country Chart; use an ISO 3166 alpha-2 code, "
                + "HK, or UA-43 (Crimea), UA-14 (Donetsk), UA-09 (Luhansk)\(near)"
        case .domesticDestination:
            return "\(field): US is not an export destination; give the country the item is going to"
        case .notANumber(let text):
            return "\(field): \"\(text)\" is not a number of U.S. dollars (digits, optionally with a decimal point)"
        case .notADate(let text):
            return "\(field): \"\(text)\" is not a date; write it as YYYY-MM-DD"
        case .unknownEndUse(let tag, let known):
            return "\(field): \"\(tag)\" is not a known end use; known: \(known.joined(separator: ", "))"
        case .badFact(let text, let known):
            return "\(field): \"\(text)\" is not KEY=yes|no with a known key; known keys: \(known.joined(separator: ", "))"
        case .percentOutOfRange(let text):
            return "\(field): \"\(text)\" is not a percentage between 0 and 100"
        }
    }
}
