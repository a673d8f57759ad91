import ReleaseTokens
import Synchronization

/// The verifier the gate uses now; replaced when the published key set changes (rotation).
public final class CurrentVerifier: Sendable {
    private let verifier: Mutex<ReleaseTokenVerifier>

    public init(_ verifier: ReleaseTokenVerifier) {
        self.verifier = Mutex(verifier)
    }

    public var current: ReleaseTokenVerifier { verifier.withLock { $0 } }

    public func replace(with new: ReleaseTokenVerifier) {
        verifier.withLock { $0 = new }
    }
}
