import Audit
import Determination
import Foundation
import Store
import DataFormats

/// A licence as a user gives it, before it is checked.
public struct LicenseDraft: Sendable, Hashable {
    public var id: String
    public var kind: LicenseKind
    public var eccns: [String]
    public var destinations: [String]
    public var consignee: String?
    public var endUser: String?
    public var endUses: [String]
    public var valueLimit: Double?
    public var quantityLimit: Int?
    public var validFrom: String
    public var validTo: String
    public var conditions: [String]

    public init(
        id: String, kind: LicenseKind, eccns: [String], destinations: [String], consignee: String? = nil, endUser: String? = nil,
        endUses: [String] = [], valueLimit: Double? = nil, quantityLimit: Int? = nil, validFrom: String, validTo: String,
        conditions: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.eccns = eccns
        self.destinations = destinations
        self.consignee = consignee
        self.endUser = endUser
        self.endUses = endUses
        self.valueLimit = valueLimit
        self.quantityLimit = quantityLimit
        self.validFrom = validFrom
        self.validTo = validTo
        self.conditions = conditions
    }
}

extension ComplianceService {
    /// Checks a licence and records it with its audit record: an id of at most 100 characters, at least one ECCN
    /// (each a classification such as 3A001.b or EAR99), at least one destination a determination resolves
    /// (upper-cased as stored), real days with `validFrom` not after `validTo`, and limits that are not negative.
    /// - Throws: `InvalidInput` naming the field (`eccns[1]`), `StoreError` (a licence with this id exists: conflict).
    public func recordLicense(_ draft: LicenseDraft, actor: String, input: Data) async throws -> StoredLicense {
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
        let license = LicenseRecord(
            id: draft.id, kind: draft.kind, eccns: draft.eccns, destinations: destinations, consignee: draft.consignee,
            endUser: draft.endUser, endUses: draft.endUses, valueLimit: draft.valueLimit, quantityLimit: draft.quantityLimit,
            validFrom: draft.validFrom, validTo: draft.validTo, conditions: draft.conditions)
        try await store.addLicense(license, audit: Self.licenseRecord(license, actor: actor, input: input))
        return StoredLicense(license: license)
    }
}
