import Determination
import DataFormats

/// Whether a licence authorises a transaction the engine found needs one, and what stands in the way if not.
///
/// A licence covers a determination when it is valid on the day, names the item (its ECCN paragraph or
/// a broader one), the destination, the parties and end uses it limits, has the value and quantity
/// left, and is of a kind that can overcome every licence-required finding.
public enum LicenseCoverage {
    /// The answer for one licence.
    public struct Check: Sendable, Hashable {
        public var licenseID: String
        /// True when nothing in `unmet` stands in the way.
        public var covers: Bool { unmet.isEmpty }
        /// Each condition the transaction does not meet, in words.
        public var unmet: [String]
        /// What would be left after this transaction (nil: no limit).
        public var valueLeftAfter: Double?
        public var quantityLeftAfter: Int?
    }

    /// The transaction facts a licence is checked against.
    public struct Transaction: Sendable, Hashable {
        /// The day of the transaction: the only date the check reads (the caller passes today's for a release now).
        public var date: CivilDate
        public var consignee: String?
        public var endUser: String?
        public var endUses: [String]
        public var value: Double
        public var quantity: Int

        public init(date: CivilDate, consignee: String? = nil, endUser: String? = nil, endUses: [String] = [], value: Double = 0, quantity: Int = 1) {
            self.date = date
            self.consignee = consignee
            self.endUser = endUser
            self.endUses = endUses
            self.value = value
            self.quantity = quantity
        }
    }

    /// Checks `license` against a determination and the transaction (on `transaction.date`).
    public static func check(_ license: License, for determination: Determination, transaction: Transaction) -> Check {
        var unmet: [String] = []
        if license.revoked { unmet.append("licence \(license.id) is revoked") }
        if transaction.date < license.validFrom {
            unmet.append("licence \(license.id) is valid from \(license.validFrom)")
        }
        if transaction.date > license.validTo {
            unmet.append("licence \(license.id) expired on \(license.validTo)")
        }
        if !license.eccns.contains(where: { covers($0, item: determination.item) }) {
            unmet.append("licence \(license.id) covers \(license.eccns.joined(separator: ", ")), not \(determination.item)")
        }
        if !license.destinations.contains(where: { $0.uppercased() == determination.destination.uppercased() }) {
            unmet.append("licence \(license.id) covers \(license.destinations.joined(separator: ", ")), not \(determination.destination)")
        }
        for (role, named, given) in [("consignee", license.consignee, transaction.consignee), ("end user", license.endUser, transaction.endUser)] {
            guard let named else { continue }
            guard let given else {
                unmet.append("licence \(license.id) names the \(role) \"\(named)\"; the transaction names none")
                continue
            }
            if normalised(named) != normalised(given) {
                unmet.append("licence \(license.id) names the \(role) \"\(named)\", not \"\(given)\"")
            }
        }
        if !license.endUses.isEmpty {
            for use in transaction.endUses where !license.endUses.contains(use) {
                unmet.append("licence \(license.id) does not allow the end use \(use)")
            }
        }
        if let left = license.valueLeft, transaction.value > left + 0.000001 {
            unmet.append("licence \(license.id) has $\(left) left; the transaction is $\(transaction.value)")
        }
        if let left = license.quantityLeft, transaction.quantity > left {
            unmet.append("licence \(license.id) has \(left) units left; the transaction is \(transaction.quantity)")
        }
        for finding in determination.findings where finding.outcome >= .licenseRequired {
            if let reason = kindCannotCover(license.kind, finding) { unmet.append("\(finding.prohibition ?? "") \(finding.reason): \(reason)") }
        }
        return Check(
            licenseID: license.id, unmet: unmet, valueLeftAfter: license.valueLeft.map { $0 - transaction.value },
            quantityLeftAfter: license.quantityLeft.map { $0 - transaction.quantity })
    }

    /// Whether a licence's ECCN (`3A001.b`) covers the item (`3A001.b.3`): the same entry, and a paragraph at or above the item's.
    static func covers(_ licensed: String, item: String) -> Bool {
        let licensedParts = licensed.split(separator: ".").map { $0.lowercased() }
        let itemParts = item.split(separator: ".").map { $0.lowercased() }
        return licensedParts.count <= itemParts.count && zip(licensedParts, itemParts).allSatisfy(==)
    }

    /// Why a licence of `kind` cannot overcome `finding`, or nil when it can.
    static func kindCannotCover(_ kind: License.Kind, _ finding: Finding) -> String? {
        if finding.outcome == .prohibited { return "prohibited; no licence overcomes it" }
        let ofac = finding.citation.contains("31 CFR") || finding.reason == "746.7" || finding.reason == "sanctions"
        switch kind {
        case .bisLicense: return ofac && finding.reason != "746.7" ? "needs OFAC authorization" : nil
        case .ofacGeneral, .ofacSpecific: return ofac ? nil : "an OFAC licence does not authorize an EAR requirement"
        case .licenseException:
            return ["GP1", "GP2", "GP3"].contains(finding.prohibition ?? "") ? nil : "licence exceptions overcome only GP1-GP3 (740.2)"
        case .internalApproval: return "an internal approval is not a government authorization"
        }
    }

    /// Case, punctuation and spacing set aside: `TOKYO DEVICES K.K.` = `Tokyo Devices KK`.
    private static func normalised(_ name: String) -> String {
        let kept = name.lowercased().filter { $0.isLetter || $0.isNumber || $0.isWhitespace }
        return kept.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
