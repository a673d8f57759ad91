/// Where a background job stands.
public enum BackgroundJobState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Accepted, not started yet.
    case queued
    /// Working; its heartbeat (`updatedAt`) moves while it does.
    case running
    /// Finished; its artefacts can be downloaded.
    case done
    /// Stopped on an error; `message` says why (and where: the row or line).
    case failed
    /// Its process stopped before it finished (a restart): never shown as done.
    case interrupted

    /// Whether the job will not change any more.
    public var isFinal: Bool { self == .done || self == .failed || self == .interrupted }
}

/// A background job as stored: its owner, kind, state, progress in rows and the message it finished with.
public struct BackgroundJobRecord: Sendable, Hashable {
    /// An unguessable id (also the job page's address).
    public var id: String
    /// Who started it, as the audit log names them (`user:ana`).
    public var owner: String
    /// What it does, e.g. `screen.batch` or `parties.import`.
    public var kind: String
    public var state: BackgroundJobState
    /// Rows done so far.
    public var done: Int
    /// Rows in all, when known.
    public var total: Int?
    /// What it finished with: a summary when done, why when failed or interrupted.
    public var message: String?
    /// Milliseconds since 1970.
    public var createdAt: Int64
    /// The last progress or heartbeat.
    public var updatedAt: Int64
    public var finishedAt: Int64?

    public init(
        id: String, owner: String, kind: String, state: BackgroundJobState, done: Int = 0, total: Int? = nil, message: String? = nil,
        createdAt: Int64, updatedAt: Int64, finishedAt: Int64? = nil
    ) {
        self.id = id
        self.owner = owner
        self.kind = kind
        self.state = state
        self.done = done
        self.total = total
        self.message = message
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
    }
}

/// A file a finished job offers: its name (`results.csv`), media type and text.
public struct JobArtefact: Sendable, Hashable {
    public var name: String
    public var mediaType: String
    public var content: String

    public init(name: String, mediaType: String, content: String) {
        self.name = name
        self.mediaType = mediaType
        self.content = content
    }
}

/// Where a page of jobs ends: the last job's creation time and id (newest first).
public struct JobCursor: Sendable, Hashable {
    public var createdAt: Int64
    public var id: String

    public init(createdAt: Int64, id: String) {
        self.createdAt = createdAt
        self.id = id
    }
}
