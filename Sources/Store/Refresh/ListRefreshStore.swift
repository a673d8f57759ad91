import Audit

/// What the store remembers of one source's refreshes: the validators of its last download (for a conditional
/// request), and when it was last tried, last succeeded, and why it last failed.
public struct ListRefreshState: Sendable, Hashable, Codable {
    /// The list source, e.g. `un`.
    public var source: String
    /// The `ETag` the publisher sent with the version last fetched.
    public var etag: String?
    /// The `Last-Modified` the publisher sent with the version last fetched.
    public var lastModified: String?
    /// Milliseconds since 1970 of the last attempt, whatever its outcome.
    public var lastAttemptAt: Int64?
    /// Milliseconds since 1970 of the last attempt that imported a version or found the source unchanged.
    public var lastSuccessAt: Int64?
    /// The last attempt's outcome: `imported`, `unchanged` or `refused`.
    public var lastOutcome: String?
    /// Why the last attempt was refused (nil after a success).
    public var lastError: String?

    /// A state with the given values.
    public init(
        source: String, etag: String? = nil, lastModified: String? = nil, lastAttemptAt: Int64? = nil, lastSuccessAt: Int64? = nil,
        lastOutcome: String? = nil, lastError: String? = nil
    ) {
        self.source = source
        self.etag = etag
        self.lastModified = lastModified
        self.lastAttemptAt = lastAttemptAt
        self.lastSuccessAt = lastSuccessAt
        self.lastOutcome = lastOutcome
        self.lastError = lastError
    }
}

/// The refresh state of each list source and the one lock that lets a single refresh run at a time across every
/// process sharing the store, beside the `Store` (both stores implement it, on their own tables, migration
/// `v14-list-refresh`). It persists and decides nothing: what a refresh fetches, refuses or imports is decided
/// by Operations (`ListRefresher`).
public protocol ListRefreshStore: Sendable {
    /// Every source's stored refresh state, by source.
    func listRefreshStates() async throws(StoreError) -> [ListRefreshState]
    /// Stores `state` as its source's refresh state (replacing the previous one) and appends `audit`, in one transaction.
    func recordListRefresh(_ state: ListRefreshState, audit: AuditDraft) async throws(StoreError)
    /// Takes the refresh lock for `holder` until `expiresAt` (milliseconds) when it is free, expired before `time`, or
    /// already `holder`'s (then extended); false when another holder has it.
    func acquireListRefreshLock(holder: String, at time: Int64, expiresAt: Int64) async throws(StoreError) -> Bool
    /// Gives the refresh lock up when `holder` has it.
    func releaseListRefreshLock(holder: String) async throws(StoreError)
}
