import Foundation
import DataFormats

/// A checked request: which data moves from where to where, on which day, under which mechanisms.
///
/// Build one with `TransferChecker.request(_:)`, which names the field of any bad value.
public struct TransferRequest: Sendable, Hashable {
    /// The category key (categories.csv), e.g. `personal`.
    public var category: String
    /// The origin, ISO 3166 alpha-2 upper case (or `EU`).
    public var origin: String
    /// The destination, ISO 3166 alpha-2 upper case (or `EU`).
    public var destination: String
    /// Mechanism ids (mechanisms.csv, kind mechanism) the exporter has in place.
    public var mechanisms: [String]
    /// Certification ids (kind certification) the recipient holds.
    public var certifications: [String]
    /// Posture facts answered yes (true) or no (false); unanswered facts are absent.
    public var facts: [String: Bool]
    /// The transfer date the rules are evaluated at.
    public var date: CivilDate
    /// Whether the date was given (false: today's date, UTC, was used).
    public var dateGiven: Bool
}

/// The request as typed, before checking: every field a string as the CLI receives it.
public struct TransferInput: Sendable, Hashable {
    /// The category as typed (`--category`).
    public var category: String
    /// The origin as typed (`--from`).
    public var from: String
    /// The destination as typed (`--to`).
    public var to: String
    /// The mechanisms as typed (`--mechanism`, repeatable).
    public var mechanisms: [String] = []
    /// The recipient's certifications as typed (`--recipient-certified`, repeatable).
    public var certifications: [String] = []
    /// `KEY=yes|no` answers.
    public var facts: [String] = []
    /// `YYYY-MM-DD`, or nil for today (UTC).
    public var date: String?

    /// An input with the three required fields.
    public init(category: String, from: String, to: String) {
        self.category = category
        self.from = from
        self.to = to
    }
}

/// Why a request cannot be checked: the field (named as the CLI option) and what to do.
public struct TransferInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The CLI option, e.g. `--to`.
    public var field: String
    /// What is wrong and what to give instead.
    public var message: String

    public var description: String { "\(field): \(message)" }
}

/// ISO 3166 alpha-2 codes Foundation knows, plus `EU` for the Union as one origin or destination.
enum CountryCodes {
    /// Region codes Foundation lists that are not countries or territories.
    private static let nonCountryCodes: Set<String> = ["EZ", "UN", "QO"]

    static let known: Set<String> = {
        var codes: Set<String> = ["EU"]
        for region in Locale.Region.isoRegions {
            let code = region.identifier
            guard code.count == 2, code.allSatisfy(\.isLetter), !nonCountryCodes.contains(code) else { continue }
            codes.insert(code)
        }
        return codes
    }()
}
