import Foundation

/// How licence records are stored (JSON beside the columns the atomic draw needs) and why a draw is refused.
enum LicenseCoding {
    static func encode(_ license: LicenseRecord) throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return String(decoding: try encoder.encode(license), as: UTF8.self)
        } catch {
            throw StoreError(.database, "licence \(license.id) cannot be encoded: \(error)")
        }
    }

    /// The stored record of licence `id`; one that cannot be decoded is an error naming the licence
    /// (never skipped: a licence that silently disappears would change what authorises).
    static func decode(_ json: String, id: String) throws(StoreError) -> LicenseRecord {
        do {
            return try JSONDecoder().decode(LicenseRecord.self, from: Data(json.utf8))
        } catch {
            throw StoreError(.database, "licence \(id): the stored record (licenses.record_json) cannot be decoded: \(error)")
        }
    }

    /// Why drawing `value`/`quantity` from `stored` was refused.
    static func refusal(_ stored: StoredLicense, value: Double, quantity: Int) -> String {
        let id = stored.license.id
        if stored.revokedAt != nil { return "licence \(id) is revoked" }
        if let left = stored.quantityLeft, quantity > left {
            return "licence \(id) has \(left) of \(stored.license.quantityLimit ?? 0) units left; \(quantity) requested"
        }
        if let left = stored.valueLeft, value > left {
            return "licence \(id) has $\(left) of $\(stored.license.valueLimit ?? 0) left; $\(value) requested"
        }
        return "licence \(id) cannot cover the request"
    }
}
