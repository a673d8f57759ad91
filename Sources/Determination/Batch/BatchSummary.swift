/// Counts over a batch of determinations: outcomes, licence reasons and regimes, and the
/// counterfactual of multilateral controls only.
///
/// "Would need none under multilateral controls only" counts licence-required transactions whose
/// every licence-required finding comes from a unilateral control, so policy analysts can measure
/// what unilateral controls add.
public struct BatchSummary: Sendable, Hashable {
    /// Rows read (determined or not).
    public private(set) var rows = 0
    /// Rows that could not be determined (bad input).
    public private(set) var errors = 0
    /// Determinations by outcome.
    public private(set) var outcomes: [Outcome: Int] = [:]
    /// Licence-required transactions per finding reason (`NS2`, `746.7`, …); a transaction counts once per reason.
    public private(set) var reasons: [String: Int] = [:]
    /// Licence-required transactions per regime; a transaction counts once per regime.
    public private(set) var regimes: [String: Int] = [:]
    /// Licence-required transactions with no multilateral licence-required finding.
    public private(set) var unilateralOnly = 0

    public init() {}

    /// Counts one determination.
    public mutating func add(_ determination: Determination) {
        rows += 1
        outcomes[determination.outcome, default: 0] += 1
        guard determination.outcome == .licenseRequired else { return }
        let required = determination.findings.filter { $0.outcome == .licenseRequired }
        for reason in Set(required.map(\.reason)) { reasons[reason, default: 0] += 1 }
        for regime in Set(required.map { $0.regime?.name ?? "unattributed" }) { regimes[regime, default: 0] += 1 }
        if !required.contains(where: { $0.regime?.isMultilateral == true }) { unilateralOnly += 1 }
    }

    /// Counts one row that could not be determined.
    public mutating func addError() {
        rows += 1
        errors += 1
    }

    /// Licence-required transactions.
    public var licenseRequired: Int { outcomes[.licenseRequired] ?? 0 }

    /// The summary as text for the terminal.
    public var text: String {
        var lines = ["Transactions: \(rows) (\(errors) with input errors)"]
        for outcome in Outcome.allCases.reversed() where (outcomes[outcome] ?? 0) > 0 {
            lines.append("  \(outcome.rawValue): \(outcomes[outcome] ?? 0)")
        }
        lines.append("")
        lines.append("Licence required, by reason:")
        lines += Self.ranked(reasons).map { "  \($0.key): \($0.value)" }
        lines.append("")
        lines.append("Licence required, by regime:")
        lines += Self.ranked(regimes).map { "  \($0.key): \($0.value)" }
        lines.append("")
        lines.append(
            "Would need no licence if only multilateral controls applied: \(unilateralOnly) of \(licenseRequired) licence-required transactions")
        return lines.joined(separator: "\n")
    }

    static func ranked(_ counts: [String: Int]) -> [(key: String, value: Int)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    }
}

extension BatchSummary: Encodable {
    enum CodingKeys: String, CodingKey {
        case rows, errors, outcomes, reasons, regimes
        case licenseRequired = "license_required"
        case unilateralOnly = "no_license_if_multilateral_only"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(errors, forKey: .errors)
        try container.encode(Dictionary(uniqueKeysWithValues: outcomes.map { ($0.key.rawValue, $0.value) }), forKey: .outcomes)
        try container.encode(licenseRequired, forKey: .licenseRequired)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(regimes, forKey: .regimes)
        try container.encode(unilateralOnly, forKey: .unilateralOnly)
    }
}
