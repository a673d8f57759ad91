import Foundation
import DataFormats

/// Decides whether data of a category may leave an origin for a destination on a date
/// (RULES.md Part A.0 steps 1–5 and Part B), from the transfer tables alone.
///
/// Where RULES.md is silent the engine takes the conservative reading (see README "Data transfers"):
/// no rule for the category is `needs_review`, never `permitted`; several rules combine to the most
/// severe outcome; a posture fact that decides between blocked and allowed and was not answered
/// makes the rule `needs_review`, naming the fact.
public struct TransferChecker: Sendable {
    /// The tables the checker reads.
    public let tables: TransferTables

    /// A checker over loaded tables.
    public init(tables: TransferTables) {
        self.tables = tables
        categoryKeys = tables.categories.map(\.id)
        mechanismKeys = tables.mechanisms.filter { $0.kind == .mechanism }.map(\.id)
        certificationKeys = tables.mechanisms.filter { $0.kind == .certification }.map(\.id)
    }

    /// The category keys, in table order.
    public let categoryKeys: [String]

    /// The mechanism ids `--mechanism` accepts.
    public let mechanismKeys: [String]

    /// The certification ids `--recipient-certified` accepts.
    public let certificationKeys: [String]

    /// Checks the typed input: known category, countries, mechanisms, certifications and facts, and
    /// a date on or after the start of the data's coverage (no date: `today`, the caller's current day in
    /// UTC; the checker never reads the clock, and with neither it names `--date` as missing). A date after
    /// the compilation date is answered from the newest tables, with their age (see `DataFreshness`).
    public func request(_ input: TransferInput, today: CivilDate? = nil) throws(TransferInputError) -> TransferRequest {
        let category = input.category.trimmingCharacters(in: .whitespaces).lowercased()
        guard categoryKeys.contains(category) else {
            throw TransferInputError(
                field: "--category", message: "unknown category '\(input.category)'; use one of \(categoryKeys.joined(separator: ", "))")
        }
        let origin = try Self.country(input.from, field: "--from")
        let destination = try Self.country(input.to, field: "--to")
        var mechanisms: [String] = []
        var certifications: [String] = []
        for raw in input.mechanisms {
            let id = raw.trimmingCharacters(in: .whitespaces).lowercased()
            // A recipient's certification (dpf, cbpr …) given as a mechanism, as the issue's usage writes
            // `--mechanism dpf`, is the recipient's certification.
            if certificationKeys.contains(id) {
                if !certifications.contains(id) { certifications.append(id) }
                continue
            }
            guard mechanismKeys.contains(id) else {
                throw TransferInputError(
                    field: "--mechanism",
                    message: "unknown mechanism '\(raw)'; use one of \(mechanismKeys.joined(separator: ", ")), or a recipient certification (\(certificationKeys.joined(separator: ", ")))")
            }
            if !mechanisms.contains(id) { mechanisms.append(id) }
        }
        for raw in input.certifications {
            let id = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard certificationKeys.contains(id) else {
                throw TransferInputError(
                    field: "--recipient-certified",
                    message: "unknown certification '\(raw)'; use one of \(certificationKeys.joined(separator: ", ")) (dpf-uk: the DPF with the UK Extension)")
            }
            if !certifications.contains(id) { certifications.append(id) }
        }
        var facts: [String: Bool] = [:]
        let factKeys = tables.facts.map(\.key)
        for raw in input.facts {
            let parts = raw.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.count == 2, factKeys.contains(parts[0]), ["yes", "no"].contains(parts[1]) else {
                throw TransferInputError(
                    field: "--fact", message: "'\(raw)' is not KEY=yes|no with a known key; keys: \(factKeys.joined(separator: ", "))")
            }
            facts[parts[0]] = parts[1] == "yes"
        }
        let date: CivilDate
        if let text = input.date {
            guard let given = CivilDate(text) else {
                throw TransferInputError(field: "--date", message: "'\(text)' is not a date; use YYYY-MM-DD")
            }
            date = given
        } else {
            guard let current = today else {
                throw TransferInputError(field: "--date", message: "no date was given and no current day was passed in; give --date YYYY-MM-DD")
            }
            date = current
        }
        guard date >= tables.coverage.lowerBound else {
            let which = input.date == nil ? "today (\(date), UTC)" : "\(date)"
            throw TransferInputError(
                field: "--date",
                message: "the transfer data begins on \(tables.coverage.lowerBound); \(which) is before it, when the predecessor regimes (Privacy Shield, Directive 95/46, the UK inside the EU) governed, which the data does not record: give --date on or after \(tables.coverage.lowerBound)")
        }
        return TransferRequest(
            category: category, origin: origin, destination: destination, mechanisms: mechanisms, certifications: certifications,
            facts: facts, date: date, dateGiven: input.date != nil)
    }

    private static func country(_ raw: String, field: String) throws(TransferInputError) -> String {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
        guard CountryCodes.known.contains(code) else {
            throw TransferInputError(
                field: field, message: "unknown country '\(raw)'; give an ISO 3166 alpha-2 code such as DE, US, CN, or EU for the Union")
        }
        return code
    }

    /// The decision for a checked request.
    public func decide(_ request: TransferRequest) -> TransferDecision {
        TransferEvaluation(tables: tables, request: request).decision()
    }
}
