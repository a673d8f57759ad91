import Audit
import Determination
import Foundation
import Store
import DataFormats

extension ComplianceService {
    /// Checks a licence as a user gave it and records it with its audit record: an id of at most 100 characters, at least one ECCN
    /// (each a classification such as 3A001.b or EAR99), at least one destination a determination resolves
    /// (upper-cased as stored), real days with `validFrom` not after `validTo`, and limits that are not negative.
    /// - Throws: `InvalidInput` naming the field (`eccns[1]`), `StoreError` (a licence with this id exists: conflict).
    public func recordLicense(_ draft: LicenseRecord, actor: String, input: Data) async throws -> StoredLicense {
        guard draft.id.count <= 100 else { throw InvalidInput("id", "id is longer than 100 characters") }
        guard !draft.eccns.isEmpty else { throw InvalidInput("eccns", "eccns must name at least one ECCN") }
        for (index, eccn) in draft.eccns.enumerated() where ItemClassification(eccn) == nil {
            throw InvalidInput("eccns[\(index)]", "\"\(eccn)\" is not an ECCN such as 3A001.b or EAR99")
        }
        let destinations = draft.destinations.map { $0.uppercased() }
        guard !destinations.isEmpty else { throw InvalidInput("destinations", "destinations must name at least one destination") }
        for (index, code) in destinations.enumerated() {
            do {
                _ = try determiner.destination(code, field: "destinations[\(index)]")
            } catch {
                throw InvalidInput("destinations[\(index)]", error.description)
            }
        }
        for (field, day) in [("valid_from", draft.validFrom), ("valid_to", draft.validTo)] where CivilDate(day) == nil {
            throw InvalidInput(field, "\(field) must be a YYYY-MM-DD day")
        }
        guard draft.validFrom <= draft.validTo else { throw InvalidInput("valid_to", "valid_to is before valid_from") }
        if let limit = draft.valueLimit, limit < 0 { throw InvalidInput("value_limit", "value_limit must not be negative") }
        if let limit = draft.quantityLimit, limit < 0 { throw InvalidInput("quantity_limit", "quantity_limit must not be negative") }
        var license = draft
        license.destinations = destinations
        try await store.addLicense(license, audit: Self.licenseRecord(license, actor: actor, input: input))
        return StoredLicense(license: license)
    }
}
