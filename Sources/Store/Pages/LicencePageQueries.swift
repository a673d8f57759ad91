/// The reads behind the Workbench's licence pages, each one indexed query paginated by key in the database:
/// licences by id, a licence's draws newest first, authorisations newest first (all, or those drawing on one
/// licence), the revocation feed newest first, artefacts by id. Both stores implement it; it decides nothing.
public protocol LicencePageQueries: Sendable {
    /// Licences in id order, after `id` (nil: from the first), at most `limit`.
    func licensePage(after id: String?, limit: Int) async throws(StoreError) -> [StoredLicense]
    /// The draws on licence `licenseID`, newest first, before draw `id` (nil: from the newest), at most `limit`.
    func licenseDrawPage(licenseID: String, before id: Int64?, limit: Int) async throws(StoreError) -> [LicenseDrawRecord]
    /// Authorisations newest first (only those drawing on `licenseID` when given), before `cursor`, at most `limit`.
    func authorizationPage(licenseID: String?, before cursor: AuthorizationCursor?, limit: Int) async throws(StoreError) -> [AuthorizationSummary]
    /// Revocations newest first, before `sequence` (nil: from the newest), at most `limit`.
    func revocationPage(before sequence: Int64?, limit: Int) async throws(StoreError) -> [RevocationRecord]
    /// Artefacts in id order, after `id` (nil: from the first), at most `limit`.
    func artifactPage(after id: String?, limit: Int) async throws(StoreError) -> [ArtifactRecord]
}

/// One draw on a licence: what it took and for which authorisation or use.
public struct LicenseDrawRecord: Sendable, Hashable {
    public var id: Int64
    public var licenseID: String
    public var value: Double
    public var quantity: Int
    /// The authorisation (`az_…`) or the reference given when the licence was used.
    public var reference: String
    /// Milliseconds since 1970.
    public var usedAt: Int64

    public init(id: Int64, licenseID: String, value: Double, quantity: Int, reference: String, usedAt: Int64) {
        self.id = id
        self.licenseID = licenseID
        self.value = value
        self.quantity = quantity
        self.reference = reference
        self.usedAt = usedAt
    }
}

/// Where a page of authorisations ends: the last one's creation time (milliseconds) and id.
public struct AuthorizationCursor: Sendable, Hashable {
    public var createdAt: Int64
    public var id: String

    public init(createdAt: Int64, id: String) {
        self.createdAt = createdAt
        self.id = id
    }
}
