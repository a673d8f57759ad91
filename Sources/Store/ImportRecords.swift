/// A new list version to make active, with what the service decided about it (the store only persists it).
public struct ListVersionSwitch: Sendable {
    /// The version to store and make active.
    public var version: NewListVersion
    /// The active version the service compared it with (nil when the source had none); the switch is
    /// refused with `conflict` if another version is active by the time it is written.
    public var replacing: Int64?
    /// Ids of the entities that left the list: their open alerts are closed as delisted.
    public var removed: [String]
    /// Parties per chunk of the re-screening job queued with the switch; nil queues none.
    public var rescreenChunkSize: Int?

    public init(version: NewListVersion, replacing: Int64?, removed: [String], rescreenChunkSize: Int?) {
        self.version = version
        self.replacing = replacing
        self.removed = removed
        self.rescreenChunkSize = rescreenChunkSize
    }
}

/// What switching to a list version wrote.
public struct ListVersionSwitched: Sendable {
    /// The version as stored (now active).
    public var version: ListVersionRecord
    /// Open alerts closed as delisted.
    public var delistedAlerts: Int
    /// The re-screening job queued in the same transaction, when one was asked for.
    public var job: RescreenJob?

    public init(version: ListVersionRecord, delistedAlerts: Int, job: RescreenJob?) {
        self.version = version
        self.delistedAlerts = delistedAlerts
        self.job = job
    }
}

/// A queued re-screening job: every party stored when it was queued, cut into chunks by id.
public struct RescreenJob: Sendable, Hashable {
    public var id: Int64
    public var chunks: Int

    public init(id: Int64, chunks: Int) {
        self.id = id
        self.chunks = chunks
    }
}
