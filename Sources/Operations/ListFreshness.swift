import DataFormats
import Foundation
import Screening
import Store
import Synchronization

/// How current one active list is: its last refresh attempt, success and error, its age, and whether it is stale
/// (older than the service's `listStaleAfter`).
public struct ListFreshness: Sendable, Hashable, Codable {
    public var source: String
    /// Milliseconds since 1970 of the last refresh that imported a version or found the source unchanged.
    public var lastSuccessAt: Int64?
    /// Milliseconds since 1970 of the last refresh attempt.
    public var lastAttemptAt: Int64?
    /// Why the last refresh attempt was refused.
    public var lastError: String?
    /// Days since the list was last known current: since its last successful refresh, else since its publication
    /// date; nil when neither is known.
    public var ageDays: Double?
    /// Whether `ageDays` is past the limit, or unknown.
    public var stale: Bool

    enum CodingKeys: String, CodingKey {
        case source, stale
        case lastSuccessAt = "last_success_at"
        case lastAttemptAt = "last_attempt_at"
        case lastError = "last_error"
        case ageDays = "age_days"
    }

    /// The freshness of `list` given its refresh `state`, at `now` (milliseconds), stale past `staleAfter`.
    public static func of(_ list: ListMetadata, state: ListRefreshState?, staleAfter: Duration, now: Int64) -> ListFreshness {
        let published = list.published.flatMap(Self.midnight)
        let since = [state?.lastSuccessAt, published].compactMap { $0 }.max()
        let age = since.map { Double(now - $0) / 86_400_000 }
        let limit = Double(staleAfter / .milliseconds(1)) / 86_400_000
        return ListFreshness(
            source: list.source, lastSuccessAt: state?.lastSuccessAt, lastAttemptAt: state?.lastAttemptAt, lastError: state?.lastError,
            ageDays: age.map { ($0 * 10).rounded() / 10 }, stale: age.map { $0 > limit } ?? true)
    }

    /// Milliseconds since 1970 of midnight UTC on `day` (`YYYY-MM-DD`, or a timestamp starting with one).
    /// Nil for a day that does not exist. (Computed from the date's digits, not through a `Calendar`: every screening
    /// answer of the service carries each list's freshness.)
    static func midnight(_ day: String) -> Int64? {
        CivilDate(String(day.prefix(10))).map { Int64($0.dayNumber) * 86_400_000 }
    }
}

/// A loaded list (`ListMetadata`) with its freshness, the two flattened into one JSON object: how `GET /v1/lists`,
/// the service's screening answers and `clearance screen --format json` write a list.
public struct ListWithFreshness: Codable, Hashable, Sendable {
    public var metadata: ListMetadata
    public var freshness: ListFreshness?

    public init(metadata: ListMetadata, freshness: ListFreshness?) {
        self.metadata = metadata
        self.freshness = freshness
    }

    public init(from decoder: any Decoder) throws {
        metadata = try ListMetadata(from: decoder)
        freshness = try? ListFreshness(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try metadata.encode(to: encoder)
        try freshness?.encode(to: encoder)
    }

    /// Each of `lists` with the freshness of its source (none when `freshness` has no entry for it).
    public static func pairing(_ lists: [ListMetadata], with freshness: [ListFreshness]) -> [ListWithFreshness] {
        lists.map { list in ListWithFreshness(metadata: list, freshness: freshness.first { $0.source == list.source }) }
    }
}

/// The store's refresh states, read at most once a minute per process (a refresh here reads them again at once),
/// so that screening answers can carry each list's freshness without a query each.
final class ListFreshnessBoard: Sendable {
    private let cached = Mutex<(states: [String: ListRefreshState], at: ContinuousClock.Instant)?>(nil)

    func states(_ store: any Store) async throws -> [String: ListRefreshState] {
        if let cached = cached.withLock({ $0 }), ContinuousClock.now - cached.at < .seconds(60) { return cached.states }
        guard let refreshes = store as? any ListRefreshStore else { return [:] }
        let states = Dictionary(try await refreshes.listRefreshStates().map { ($0.source, $0) }, uniquingKeysWith: { first, _ in first })
        cached.withLock { $0 = (states, ContinuousClock.now) }
        return states
    }

    func invalidate() {
        cached.withLock { $0 = nil }
    }
}

extension ComplianceService {
    /// The default age past which a list is stale: 7 days.
    public static let defaultListStaleAfter: Duration = .seconds(7 * 86_400)

    /// The freshness of each active list at `now` (milliseconds), stale past `listStaleAfter`.
    public func listFreshness(now: Int64 = StoreClock.milliseconds()) async throws -> [ListFreshness] {
        let states = try await freshnessBoard.states(store)
        return screener.index.lists.map { ListFreshness.of($0, state: states[$0.source], staleAfter: listStaleAfter, now: now) }
    }
}
