import Audit
import Foundation
import Store
import TariffExclusions

/// The reads the Workbench's pages show, each answered by indexed store queries paginated by key in the
/// database (`PageQueries`): what needs attention, the alert queue, a case, the audit records. The rules
/// (age buckets, when a list is stale, how many to a page) are decided here, once.
public struct WorkbenchReads: Sendable {
    public let store: any Store
    public let pages: any PageQueries
    /// A list version imported longer ago than this many days is shown as stale.
    public var staleAfterDays: Int
    /// Milliseconds since 1970 (injected by tests).
    public let clock: @Sendable () -> Int64

    /// The age buckets of open alerts, by their lower bounds in days: under 1 day, 1–7, 7–30, 30 and more.
    public static let ageBucketDays = [1, 7, 30]
    /// Where the home page's open-alert counts stop (each list and age bucket): past it a cell reads "1,000+", so
    /// the page costs the same with 1,000 or 1,000,000 open alerts.
    public static let openAlertCountCap = 1_000
    /// The default for `staleAfterDays`.
    public static let defaultStaleAfterDays = 30
    static let day: Int64 = 86_400_000

    /// The reads over `store`; `unavailable` when that store cannot answer page queries.
    public init(store: any Store, staleAfterDays: Int = defaultStaleAfterDays, clock: @escaping @Sendable () -> Int64 = StoreClock.milliseconds)
        throws(StoreError)
    {
        guard let pages = store as? any PageQueries else { throw StoreError(.unavailable, "this store cannot answer the Workbench's pages") }
        self.store = store
        self.pages = pages
        self.staleAfterDays = staleAfterDays
        self.clock = clock
    }

    // MARK: - Home

    /// What needs attention now.
    public func home(recent: Int = 10) async throws(StoreError) -> HomeSummary {
        let now = clock()
        let starts = Self.ageBucketDays.map { now - Int64($0) * Self.day }
        let counts = try await pages.openAlertCounts(bucketStarts: starts, cap: Self.openAlertCountCap)
        let versions = try await store.activeListVersions().map { version in
            let days = Int(max(0, now - version.importedAt) / Self.day)
            return ListAge(version: version, ageDays: days, stale: days > staleAfterDays)
        }
        return HomeSummary(
            openAlerts: counts, bucketLabels: Self.bucketLabels, lists: versions.sorted { $0.version.source < $1.version.source },
            auditHead: try await store.auditHead(), lastCheckpoint: try await store.lastAuditCheckpoint(),
            denials: try await pages.recentAuthorizations(verdict: "DENY", limit: recent),
            revocations: try await pages.recentRevocations(limit: recent), staleAfterDays: staleAfterDays)
    }

    /// The bucket names, youngest first, matching `OpenAlertCount.bucket`.
    public static var bucketLabels: [String] {
        var labels: [String] = []
        var lower = 0
        for upper in ageBucketDays {
            labels.append(lower == 0 ? "under \(upper) day\(upper == 1 ? "" : "s")" : "\(lower)–\(upper) days")
            lower = upper
        }
        labels.append("\(lower)+ days")
        return labels
    }

    // MARK: - Alerts

    /// The largest page of the queue.
    public static let maximumPageSize = 200

    /// One page of the alert queue, and the cursor of the next page (nil on the last one).
    public func alertQueue(_ filter: AlertFilter, after cursor: AlertCursor?, pageSize: Int = 50) async throws(StoreError)
        -> (alerts: [AlertRecord], next: AlertCursor?)
    {
        let size = min(max(pageSize, 1), Self.maximumPageSize)
        let query = AlertPageQuery(
            status: filter.status, source: filter.source, minimumScore: filter.minimumScore,
            openedAtOrBefore: filter.olderThanDays.map { clock() - Int64($0) * Self.day }, order: filter.order, after: cursor, limit: size + 1)
        var alerts = try await pages.alertPage(query)
        let more = alerts.count > size
        if more { alerts.removeLast() }
        return (alerts, more ? alerts.last.map { AlertCursor(id: $0.id, score: $0.score) } : nil)
    }

    /// A case: the alert, its party, the listed entity's record (or, for a monitoring alert, the device and the finding)
    /// and the party's other alerts. `notFound` without the alert.
    public func casePage(alertID: Int64) async throws(StoreError) -> CaseFile {
        guard let alert = try await store.alert(id: alertID) else { throw StoreError(.notFound, "no alert \(alertID)") }
        let party = try await store.party(id: alert.partyID)
        let partyAlerts = try await store.alerts(partyID: alert.partyID)
        let registry = store as? any MonitorStore
        if let monitor = try await MonitorCase.read(alert, device: { id throws(StoreError) in try await registry?.device(id: id) }) {
            return CaseFile(alert: alert, party: party, entity: nil, entityVersion: nil, monitor: monitor, partyAlerts: partyAlerts)
        }
        let entity = try await caseEntities.entity(source: alert.source, entityID: alert.entityID, preferring: alert.listVersion)
        return CaseFile(
            alert: alert, party: party, entity: entity?.entity, entityVersion: entity?.listVersion, monitor: nil, partyAlerts: partyAlerts)
    }

    // MARK: - Exclusions

    /// One page of exclusion requests, newest first, each with its docket, and where the next page starts.
    public func exclusionDockets(before cursor: ExclusionCursor?, pageSize: Int = 50) async throws(StoreError)
        -> (dockets: [ExclusionDocket], next: ExclusionCursor?)
    {
        let size = min(max(pageSize, 1), Self.maximumPageSize)
        var dockets = try await pages.exclusionDocketPage(before: cursor, limit: size + 1)
        let more = dockets.count > size
        if more { dockets.removeLast() }
        return (dockets, more ? dockets.last.map { ExclusionCursor(receivedAt: $0.request.receivedAt.milliseconds, id: $0.request.id) } : nil)
    }

    // MARK: - Audit

    /// Audit records newest first, before `sequence`, filtered by `action` and `actor` when given; and where the next page starts.
    public func auditPage(before sequence: Int64?, action: String?, actor: String?, pageSize: Int = 50) async throws(StoreError)
        -> (records: [AuditRecord], next: Int64?)
    {
        let size = min(max(pageSize, 1), Self.maximumPageSize)
        var records = try await pages.auditPage(
            before: sequence, action: action.map(AuditText.encode), actor: actor.map(AuditText.encode), limit: size + 1)
        let more = records.count > size
        if more { records.removeLast() }
        return (records, more ? records.last?.sequence : nil)
    }

    /// Walks the whole chain and checks it against its head row and signed checkpoints.
    public func verifyAudit() async throws(StoreError) -> AuditAnchorReport {
        try await store.verifyAnchoredAudit()
    }
}

/// Which alerts the queue shows.
public struct AlertFilter: Sendable, Hashable {
    public var status: AlertStatus?
    public var source: String?
    public var minimumScore: Double?
    /// Only alerts opened at least this many days ago.
    public var olderThanDays: Int?
    public var order: AlertPageQuery.Order

    public init(
        status: AlertStatus? = .open, source: String? = nil, minimumScore: Double? = nil, olderThanDays: Int? = nil,
        order: AlertPageQuery.Order = .oldest
    ) {
        self.status = status
        self.source = source
        self.minimumScore = minimumScore
        self.olderThanDays = olderThanDays
        self.order = order
    }
}

/// A list version with its age.
public struct ListAge: Sendable, Hashable {
    public var version: ListVersionRecord
    /// Whole days since it was imported.
    public var ageDays: Int
    /// Older than the stale threshold.
    public var stale: Bool
}

/// What the home page shows.
public struct HomeSummary: Sendable {
    public var openAlerts: [OpenAlertCount]
    public var bucketLabels: [String]
    public var lists: [ListAge]
    public var auditHead: AuditHead?
    public var lastCheckpoint: AuditCheckpoint?
    public var denials: [AuthorizationSummary]
    public var revocations: [RevocationRecord]
    public var staleAfterDays: Int
}

/// What a case page shows.
public struct CaseFile: Sendable {
    public var alert: AlertRecord
    public var party: PartyRecord?
    /// The listed entity's record as stored (JSON), from the version the alert was raised on, or the newest
    /// version that has it when that one does not.
    public var entity: StoredEntity?
    /// The label (`published sha8`) of the version `entity` was read from.
    public var entityVersion: String?
    /// A monitoring alert's device and finding (nil for a screening alert).
    public var monitor: MonitorCase?
    /// Every alert of the party, oldest first (this one included).
    public var partyAlerts: [AlertRecord]
}
