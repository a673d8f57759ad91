import Enforcement
import Store
import DataFormats

/// The stored records the authorisation policy decides from, as the values it takes (Enforcement knows no store).
extension License {
    /// The policy's view of a stored licence. A validity day that is not a `YYYY-MM-DD` day is an error naming
    /// the licence and the field: a licence whose days cannot be read must not count as valid on every day.
    init(_ stored: StoredLicense) throws(StoreError) {
        let record = stored.license
        func day(_ text: String, field: String) throws(StoreError) -> CivilDate {
            guard let day = CivilDate(text) else {
                throw StoreError(
                    .database, "licence \(record.id): the stored \(field) \"\(text)\" (licenses.record_json) is not a YYYY-MM-DD day")
            }
            return day
        }
        self.init(
            id: record.id, kind: License.Kind(record.kind), eccns: record.eccns, destinations: record.destinations,
            consignee: record.consignee, endUser: record.endUser, endUses: record.endUses,
            validFrom: try day(record.validFrom, field: "valid_from"), validTo: try day(record.validTo, field: "valid_to"),
            valueLeft: stored.valueLeft, quantityLeft: stored.quantityLeft, revoked: stored.revokedAt != nil)
    }

    /// Every stored licence as the policy's values; one that cannot be read stops the decision.
    static func all(_ stored: [StoredLicense]) throws(StoreError) -> [License] {
        var licenses: [License] = []
        licenses.reserveCapacity(stored.count)
        for license in stored { licenses.append(try License(license)) }
        return licenses
    }
}

extension License.Kind {
    /// The stored kind, one for one.
    init(_ kind: LicenseKind) {
        switch kind {
        case .bisLicense: self = .bisLicense
        case .licenseException: self = .licenseException
        case .ofacGeneral: self = .ofacGeneral
        case .ofacSpecific: self = .ofacSpecific
        case .internalApproval: self = .internalApproval
        }
    }
}

extension AuthorizationPolicy.Alert {
    /// The policy's view of a stored alert (its status decides which list of the standing it goes in).
    init(_ record: AlertRecord) {
        self.init(id: record.id, partyID: record.partyID, entityID: record.entityID, source: record.source, score: record.score)
    }
}
