import Audit
import TariffExclusions

/// The reads behind the Workbench's pages, each one indexed query paginated by key in the database
/// (never in memory), so a page costs the same with 100 or 100,000 rows. Both stores implement it.
/// It decides nothing: filters, buckets and page sizes come from Operations.
public protocol PageQueries: Sendable {
    /// One page of alerts matching `query`, in its order, after its cursor.
    func alertPage(_ query: AlertPageQuery) async throws(StoreError) -> [AlertRecord]
    /// Open alerts counted by list source and age bucket: bucket `i` holds those opened at or after
    /// `bucketStarts[i]` (and before the previous start); the last bucket, `bucketStarts.count`, the older ones.
    /// Each count stops at `cap` (then marked `atLeast`), so the cost is bounded however many alerts are open;
    /// empty cells are left out.
    func openAlertCounts(bucketStarts: [Int64], cap: Int) async throws(StoreError) -> [OpenAlertCount]
    /// Audit records newest first, before `sequence` (nil: from the head), with `action` and `actor` when given
    /// (`actor` as stored, `AuditText`-encoded), at most `limit`.
    func auditPage(before sequence: Int64?, action: String?, actor: String?, limit: Int) async throws(StoreError) -> [AuditRecord]
    /// The latest authorisations with `verdict`, newest first, at most `limit`.
    func recentAuthorizations(verdict: String, limit: Int) async throws(StoreError) -> [AuthorizationSummary]
    /// The latest revocations, newest first, at most `limit`.
    func recentRevocations(limit: Int) async throws(StoreError) -> [RevocationRecord]
    /// One page of exclusion requests, newest first, before `cursor` (nil: from the newest), each with its docket.
    func exclusionDocketPage(before cursor: ExclusionCursor?, limit: Int) async throws(StoreError) -> [ExclusionDocket]
}

/// Where a page of exclusion requests ends: the last request's receipt time (milliseconds) and id.
public struct ExclusionCursor: Sendable, Hashable {
    public var receivedAt: Int64
    public var id: String

    public init(receivedAt: Int64, id: String) {
        self.receivedAt = receivedAt
        self.id = id
    }
}

/// Which alerts a page shows, in which order, from where.
public struct AlertPageQuery: Sendable, Hashable {
    /// The order of a page.
    public enum Order: String, Sendable, Hashable, CaseIterable {
        /// Oldest first: by opening time, then id.
        case oldest
        /// Highest score first, then newest.
        case score
    }

    public var status: AlertStatus?
    public var source: String?
    public var minimumScore: Double?
    /// Only alerts opened at or before this time (milliseconds since 1970): "older than".
    public var openedAtOrBefore: Int64?
    public var order: Order
    /// The last alert of the previous page (its id and score), nil for the first page.
    public var after: AlertCursor?
    public var limit: Int

    public init(
        status: AlertStatus?, source: String? = nil, minimumScore: Double? = nil, openedAtOrBefore: Int64? = nil, order: Order = .oldest,
        after: AlertCursor? = nil, limit: Int
    ) {
        self.status = status
        self.source = source
        self.minimumScore = minimumScore
        self.openedAtOrBefore = openedAtOrBefore
        self.order = order
        self.after = after
        self.limit = limit
    }
}

/// Where a page of alerts ends: the last alert's id and score.
public struct AlertCursor: Sendable, Hashable {
    public var id: Int64
    public var score: Double

    public init(id: Int64, score: Double) {
        self.id = id
        self.score = score
    }
}

/// How many open alerts a list source has in one age bucket.
public struct OpenAlertCount: Sendable, Hashable {
    public var source: String
    public var bucket: Int
    public var count: Int
    /// The count stopped at the cap it was asked with: there are at least `count` (shown as "1,000+"), never a
    /// number the store did not count.
    public var atLeast: Bool

    public init(source: String, bucket: Int, count: Int, atLeast: Bool = false) {
        self.source = source
        self.bucket = bucket
        self.count = count
        self.atLeast = atLeast
    }
}

/// An authorisation as a list shows it (without its decision body).
public struct AuthorizationSummary: Sendable, Hashable {
    public var id: String
    public var verdict: String
    public var subject: String
    public var item: String
    public var destination: String
    public var createdAt: Int64
    public var revokedAt: Int64?

    public init(id: String, verdict: String, subject: String, item: String, destination: String, createdAt: Int64, revokedAt: Int64?) {
        self.id = id
        self.verdict = verdict
        self.subject = subject
        self.item = item
        self.destination = destination
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
