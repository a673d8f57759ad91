import Logging
import ReleaseTokens
import ServiceLifecycle

/// Keeps a gate's revocations and keys current by polling their source every `interval`.
///
/// A revocation reaches the gate within one interval; a rotated key set replaces the verifier
/// in one step, so requests never see a half-updated set.
public struct GateSync: Service {
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

    /// One round: new revocations, then the key set if its ids changed.
    public func refresh() async throws {
        while true {
            let page = try await revocationFeed(revocations.cursor)
            revocations.add(page)
            if page.isEmpty { break }
        }
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
