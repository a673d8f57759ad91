import Audit
import Store

extension Store {
    /// Revokes a licence, and every outstanding PERMIT that drew on it (each with the reason
    /// `licence … revoked: reason`), in one audited transaction; returns the licence and how many
    /// authorisations were revoked. `notFound` without it, `conflict` when it is already revoked.
    public func revokeLicense(id: String, reason: String, audit: AuditDraft) async throws(StoreError)
        -> (license: StoredLicense, revoked: Int)
    {
        try await recordLicenseRevocation(
            id: id, sweep: AuthorizationSweep(.license(id), reason: "licence \(id) revoked: \(reason)"), audit: audit)
    }
}
