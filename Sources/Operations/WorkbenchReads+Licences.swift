import Foundation
import Store

/// The reads of the Workbench's licence pages (licences with balances and validity, a licence's draws and the
/// authorisations drawing on it, authorisation decisions with their token's state, the revocation feed,
/// artefacts), each paginated by key in the database (`LicencePageQueries`).
extension WorkbenchReads {
    /// The store's licence page queries; `unavailable` when it has none.
    var licencePages: any LicencePageQueries {
        get throws(StoreError) {
            guard let pages = store as? any LicencePageQueries else { throw StoreError(.unavailable, "this store cannot answer the Workbench's licence pages") }
            return pages
        }
    }

    /// One page of licences in id order, each with its validity today, and where the next page starts.
    public func licences(after id: String?, pageSize: Int = 50) async throws(StoreError) -> (licences: [LicenceStanding], next: String?) {
        let size = min(max(pageSize, 1), Self.maximumPageSize)
        var licences = try await licencePages.licensePage(after: id, limit: size + 1)
        let more = licences.count > size
        if more { licences.removeLast() }
        let today = Self.civilDay(clock())
        return (licences.map { LicenceStanding($0, today: today) }, more ? licences.last?.license.id : nil)
    }

    /// How many of the newest authorisations drawing on a licence its page shows (each draw links to its own).
    public static let licenceAuthorizationsShown = 10

    /// A licence with its validity, a page of its draws (newest first, before draw `before`) and the newest
    /// `licenceAuthorizationsShown` authorisations drawing on it. `notFound` without the licence.
    public func licence(id: String, drawsBefore before: Int64?, pageSize: Int = 50) async throws(StoreError) -> LicenceFile {
        guard let license = try await store.license(id: id) else { throw StoreError(.notFound, "no licence \(id)") }
        let size = min(max(pageSize, 1), Self.maximumPageSize)
        var draws = try await licencePages.licenseDrawPage(licenseID: id, before: before, limit: size + 1)
        let more = draws.count > size
        if more { draws.removeLast() }
        return LicenceFile(
            standing: LicenceStanding(license, today: Self.civilDay(clock())), draws: draws, nextDraw: more ? draws.last?.id : nil,
            authorizations: try await licencePages.authorizationPage(licenseID: id, before: nil, limit: Self.licenceAuthorizationsShown))
    }

    /// One page of authorisation decisions, newest first, and where the next page starts.
    public func authorizations(before cursor: AuthorizationCursor?, pageSize: Int = 50) async throws(StoreError)
        -> (authorizations: [AuthorizationSummary], next: AuthorizationCursor?)
    {
        let size = min(max(pageSize, 1), Self.maximumPageSize)
        var page = try await licencePages.authorizationPage(licenseID: nil, before: cursor, limit: size + 1)
        let more = page.count > size
        if more { page.removeLast() }
        return (page, more ? page.last.map { AuthorizationCursor(createdAt: $0.createdAt, id: $0.id) } : nil)
    }

    /// A stored authorisation decision with its token's state now. `notFound` without it.
    public func authorization(id: String) async throws(StoreError) -> (record: AuthorizationRecord, token: TokenState) {
        guard let record = try await store.authorization(id: id) else { throw StoreError(.notFound, "no authorisation \(id)") }
        return (record, TokenState(record, now: clock()))
    }

    /// One page of the revocation feed, newest first, and where the next page starts.
    public func revocations(before sequence: Int64?, pageSize: Int = 50) async throws(StoreError) -> (revocations: [RevocationRecord], next: Int64?) {
        let size = min(max(pageSize, 1), Self.maximumPageSize)
        var page = try await licencePages.revocationPage(before: sequence, limit: size + 1)
        let more = page.count > size
        if more { page.removeLast() }
        return (page, more ? page.last?.sequence : nil)
    }

    /// One page of registered artefacts in id order, and where the next page starts.
    public func artifacts(after id: String?, pageSize: Int = 50) async throws(StoreError) -> (artifacts: [ArtifactRecord], next: String?) {
        let size = min(max(pageSize, 1), Self.maximumPageSize)
        var page = try await licencePages.artifactPage(after: id, limit: size + 1)
        let more = page.count > size
        if more { page.removeLast() }
        return (page, more ? page.last?.id : nil)
    }

    /// `YYYY-MM-DD` (UTC) of a time in milliseconds.
    static func civilDay(_ milliseconds: Int64) -> String {
        UTCTime.day(milliseconds)
    }
}

/// A licence and whether it can be drawn on today.
public struct LicenceStanding: Sendable, Hashable {
    /// Whether a licence can be drawn on today.
    public enum Validity: String, Sendable, Hashable {
        case valid, notYetValid = "not yet valid", expired, revoked
    }

    public var stored: StoredLicense
    public var validity: Validity

    /// `stored` on `today` (`YYYY-MM-DD`): revoked, before its first day, after its last day, or valid.
    public init(_ stored: StoredLicense, today: String) {
        self.stored = stored
        if stored.revokedAt != nil {
            validity = .revoked
        } else if today < stored.license.validFrom {
            validity = .notYetValid
        } else if today > stored.license.validTo {
            validity = .expired
        } else {
            validity = .valid
        }
    }
}

/// What a licence's page shows.
public struct LicenceFile: Sendable {
    public var standing: LicenceStanding
    /// A page of its draws, newest first.
    public var draws: [LicenseDrawRecord]
    /// The id the next page of draws starts before (nil: no more).
    public var nextDraw: Int64?
    /// The newest authorisations drawing on it.
    public var authorizations: [AuthorizationSummary]
}

/// The state of an authorisation's release token now.
public enum TokenState: Sendable, Hashable, CustomStringConvertible {
    /// A DENY or REVIEW: no token was issued.
    case none
    /// Valid until the time (milliseconds).
    case active(until: Int64)
    /// Expired at the time (milliseconds).
    case expired(at: Int64)
    /// Revoked at the time (milliseconds), with the reason; gates learn it from the revocation feed.
    case revoked(at: Int64, reason: String)

    /// The state of `record`'s token at `now` (milliseconds): revocation first, then expiry.
    public init(_ record: AuthorizationRecord, now: Int64) {
        if let revoked = record.revokedAt {
            self = .revoked(at: revoked, reason: record.revokedReason ?? "")
        } else if let expires = record.expiresAt {
            self = expires > now ? .active(until: expires) : .expired(at: expires)
        } else {
            self = .none
        }
    }

    public var description: String {
        switch self {
        case .none: "no token (not a PERMIT)"
        case .active: "active"
        case .expired: "expired"
        case .revoked: "revoked"
        }
    }
}
