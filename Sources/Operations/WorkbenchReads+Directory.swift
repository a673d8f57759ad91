import Foundation
import Store

/// The parties and lists pages' reads: parties by name prefix, a party with its alerts, list versions, what a
/// version added, changed and removed, and the alerts opened against it; each one page by key in the database.
extension WorkbenchReads {
    var directory: any DirectoryQueries {
        get throws(StoreError) {
            guard let queries = store as? any DirectoryQueries else { throw StoreError(.unavailable, "this store cannot answer the parties and lists pages") }
            return queries
        }
    }

    /// One page of parties whose name starts with `prefix` (any case, in any script: both folded by `PartyNameKey`; all
    /// when nil), by name, and where the next starts.
    public func parties(prefix: String?, after cursor: PartyCursor?, pageSize: Int = 50) async throws(StoreError)
        -> (parties: [PartyRecord], next: PartyCursor?)
    {
        let size = min(max(pageSize, 1), Self.maximumPageSize)
        var rows = try await directory.partyPage(namePrefix: prefix.map(PartyNameKey.fold), after: cursor, limit: size + 1)
        let more = rows.count > size
        if more { rows.removeLast() }
        return (rows.map(\.party), more ? rows.last.map { PartyCursor(nameKey: $0.nameKey, id: $0.party.id) } : nil)
    }

    /// A party and one page of its alerts (its screening history: every alert opened on it, oldest first, with its
    /// list version and outcome), and the alert the next page starts after. `notFound` without the party.
    public func party(id: String, after alert: Int64?, pageSize: Int = 50) async throws(StoreError)
        -> (party: PartyRecord, alerts: [AlertRecord], next: Int64?)
    {
        guard let party = try await store.party(id: id) else { throw StoreError(.notFound, "no party \(id)") }
        let size = min(max(pageSize, 1), Self.maximumPageSize)
        var alerts = try await directory.partyAlertPage(partyID: id, after: alert, limit: size + 1)
        let more = alerts.count > size
        if more { alerts.removeLast() }
        return (party, alerts, more ? alerts.last?.id : nil)
    }

    /// One page of list versions, newest first (of `source` when given), and the version the next page starts before.
    public func listVersions(source: String?, before id: Int64?, pageSize: Int = 50) async throws(StoreError)
        -> (versions: [ListVersionRecord], next: Int64?)
    {
        let size = min(max(pageSize, 1), Self.maximumPageSize)
        var versions = try await directory.listVersionPage(source: source, before: id, limit: size + 1)
        let more = versions.count > size
        if more { versions.removeLast() }
        return (versions, more ? versions.last?.id : nil)
    }

    /// A list version, the version of its source before it, one page of the entities it `change`d (by id, after
    /// `after`), and the alerts opened against it (first page). `notFound` without the version.
    public func listVersion(id: Int64, change: EntityChange, after: String?, pageSize: Int = diffPageSize) async throws(StoreError)
        -> ListVersionFile
    {
        let queries = try directory
        guard let version = try await queries.listVersion(id: id) else { throw StoreError(.notFound, "no list version \(id)") }
        let previous = try await queries.listVersionPage(source: version.source, before: version.id, limit: 1).first
        let size = min(max(pageSize, 1), Self.maximumPageSize)
        var entities = try await queries.listDiffPage(versionID: version.id, previousID: previous?.id, change: change, after: after, limit: size + 1)
        let more = entities.count > size
        if more { entities.removeLast() }
        var alerts = try await queries.versionAlertPage(source: version.source, listVersion: Self.alertLabel(version), after: nil, limit: size + 1)
        let moreAlerts = alerts.count > size
        if moreAlerts { alerts.removeLast() }
        return ListVersionFile(
            version: version, previous: previous, change: change, entities: entities, next: more ? entities.last?.id : nil, alerts: alerts,
            moreAlerts: moreAlerts)
    }

    /// Entities to a page of a version's diff: each is shown as its whole record, parsed and laid out, which costs
    /// far more than the query (25 keep the page within 50 ms on a loaded two-core machine; 50 did not).
    public static let diffPageSize = 25

    /// How an alert names the list version it was opened against (`published sha8`), as screening records it.
    static func alertLabel(_ version: ListVersionRecord) -> String {
        "\(version.published ?? "undated") \(version.sha256.prefix(8))"
    }
}

/// What a list version's page shows.
public struct ListVersionFile: Sendable {
    public var version: ListVersionRecord
    /// The version of the same source before it (nil for the first: everything was added).
    public var previous: ListVersionRecord?
    public var change: EntityChange
    /// One page of the entities `change`d: the new records of added or changed ones, the old ones of removed ones.
    public var entities: [StoredEntity]
    /// The entity id the next page starts after.
    public var next: String?
    /// Alerts opened against this version (by the re-screening it queued), oldest first.
    public var alerts: [AlertRecord]
    /// More alerts than shown (see the alert queue filtered by list).
    public var moreAlerts: Bool
}
