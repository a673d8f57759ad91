/// The reads behind the Workbench's parties and lists pages, each one indexed query paginated by key in the
/// database (never in memory). Both stores implement it; it decides nothing (page sizes come from Operations).
public protocol DirectoryQueries: Sendable {
    /// Parties whose name key (`PartyNameKey.fold` of the name) starts with `namePrefix`, a folded prefix (all when
    /// nil), by that key then id, after `cursor`.
    func partyPage(namePrefix: String?, after cursor: PartyCursor?, limit: Int) async throws(StoreError) -> [PartyListing]
    /// The alerts of one party, oldest first, after alert `id`.
    func partyAlertPage(partyID: String, after id: Int64?, limit: Int) async throws(StoreError) -> [AlertRecord]
    /// List versions, newest first, of `source` (all when nil), before version `id`.
    func listVersionPage(source: String?, before id: Int64?, limit: Int) async throws(StoreError) -> [ListVersionRecord]
    /// The list version `id`.
    func listVersion(id: Int64) async throws(StoreError) -> ListVersionRecord?
    /// One page of what version `versionID` changed against `previousID` (nil: the first version, all added), by
    /// entity id after `after`: the added or changed entities with their new record, or the removed ones with their old.
    func listDiffPage(versionID: Int64, previousID: Int64?, change: EntityChange, after: String?, limit: Int) async throws(StoreError)
        -> [StoredEntity]
    /// The alerts opened on `source` against the version labelled `listVersion` (`published sha8`), oldest first, after alert `id`.
    func versionAlertPage(source: String, listVersion: String, after id: Int64?, limit: Int) async throws(StoreError) -> [AlertRecord]
}

/// How an entity differs between two versions of a list.
public enum EntityChange: String, Sendable, Hashable, CaseIterable {
    case added, changed, removed
}

/// A party as the parties page lists it, with the key it is sorted by.
public struct PartyListing: Sendable, Hashable {
    public var party: PartyRecord
    /// The name's key (`PartyNameKey`) the database sorts by (the page's cursor).
    public var nameKey: String

    public init(party: PartyRecord, nameKey: String) {
        self.party = party
        self.nameKey = nameKey
    }
}

/// Where a page of parties ends: the last party's sort key and id.
public struct PartyCursor: Sendable, Hashable {
    public var nameKey: String
    public var id: String

    public init(nameKey: String, id: String) {
        self.nameKey = nameKey
        self.id = id
    }
}
