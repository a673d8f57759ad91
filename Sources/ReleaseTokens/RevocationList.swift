import Synchronization

/// The decisions whose tokens must no longer be honoured, kept current by polling a feed.
///
/// Lookups are a hash probe under a lock, cheap enough to make on every download.
public final class RevocationList: Sendable {
    private struct State {
        var reasons: [String: String] = [:]
        var cursor: Int64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Why decision `id` was revoked, or nil if it stands.
    public func reason(for id: String) -> String? {
        state.withLock { $0.reasons[id] }
    }

    /// The feed position up to which revocations are known.
    public var cursor: Int64 { state.withLock { $0.cursor } }

    /// How many decisions are revoked.
    public var count: Int { state.withLock { $0.reasons.count } }

    /// Adds revocations read from a feed; `cursor` moves to the highest sequence seen.
    public func add(_ revocations: [Revocation]) {
        state.withLock { state in
            for revocation in revocations {
                state.reasons[revocation.decisionID] = revocation.reason
                state.cursor = max(state.cursor, revocation.sequence)
            }
        }
    }
}

/// One revoked decision, as the feed reports it.
public struct Revocation: Sendable, Hashable, Codable {
    /// The position in the feed (increasing).
    public var sequence: Int64
    /// The decision (`jti`) whose token is revoked.
    public var decisionID: String
    public var reason: String

    public init(sequence: Int64, decisionID: String, reason: String) {
        self.sequence = sequence
        self.decisionID = decisionID
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case sequence, reason
        case decisionID = "decision_id"
    }
}
