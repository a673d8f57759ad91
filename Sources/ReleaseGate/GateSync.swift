import Logging
import ReleaseTokens
import ServiceLifecycle
import Synchronization

/// Keeps a gate's revocations and keys current by polling their source every `interval`.
///
/// A revocation reaches the gate within one interval; a rotated key set replaces the verifier
/// in one step, so requests never see a half-updated set.
public struct GateSync: Service, CustomStringConvertible {
    /// Revocations after a feed position.
    public typealias RevocationFeed = @Sendable (_ after: Int64) async throws -> [Revocation]
    /// The key set currently published.
    public typealias KeyFeed = @Sendable () async throws -> ReleaseKeySet

    let revocations: RevocationList
    let verifier: CurrentVerifier
    let revocationFeed: RevocationFeed
    let keyFeed: KeyFeed
    let interval: Duration
    let logger: Logger
    /// Its name in the service group's log (never the revocations it holds).
    public var description: String { "GateSync(every: \(interval))" }
    /// When the key set was last read because a token named an unknown key (such reads are spaced by `interval`).
    private let lastKeyRead = LastRead()

    public init(
        revocations: RevocationList, verifier: CurrentVerifier, interval: Duration, logger: Logger,
        revocationFeed: @escaping RevocationFeed, keyFeed: @escaping KeyFeed
    ) {
        self.revocations = revocations
        self.verifier = verifier
        self.revocationFeed = revocationFeed
        self.keyFeed = keyFeed
        self.interval = interval
        self.logger = logger
    }

    /// One round: new revocations, then the key set if its ids changed (a revoked key leaves it).
    public func refresh() async throws {
        while true {
            let page = try await revocationFeed(revocations.cursor)
            revocations.add(page)
            if page.isEmpty { break }
        }
        try await refreshKeys()
    }

    /// Re-reads the key set because a token names key `kid`, which the gate does not know (a key made
    /// since the last poll, e.g. the one replacing a revoked active key); true when `kid` is now known.
    /// Reads are spaced at least `interval` apart, so unknown ids cannot make the gate hammer the store.
    public func refreshKeys(for kid: String) async -> Bool {
        let now = ContinuousClock.now
        let due = lastKeyRead.instant.withLock { last in
            guard last.map({ now - $0 >= interval }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return false }
        do {
            try await refreshKeys()
        } catch {
            logger.error("reading the key set for unknown key \(kid) failed: \(error)")
        }
        return verifier.current.keyIDs.contains(kid)
    }

    private func refreshKeys() async throws {
        let keys = try await keyFeed()
        let current = verifier.current
        if Set(keys.keyIDs) != current.keyIDs {
            verifier.replace(with: try await ReleaseTokenVerifier(keySet: keys, audience: current.audience, issuer: current.issuer))
            logger.info("release keys now \(keys.keyIDs.joined(separator: ", "))")
        }
    }

    /// Polls until the service group shuts down (SIGTERM, SIGINT) or the task is cancelled.
    public func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await refresh()
                } catch {
                    logger.error("gate refresh failed (keeping the last revocations and keys): \(error)")
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}

/// When something was last done (shared by the copies of a `GateSync`).
private final class LastRead: Sendable {
    let instant = Mutex<ContinuousClock.Instant?>(nil)
}
