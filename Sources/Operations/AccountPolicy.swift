/// How long sessions last and how sign-in failures are slowed: the rules `Accounts` applies.
public struct AccountPolicy: Sendable, Hashable {
    /// A session unused this long ends (milliseconds; 30 minutes by default).
    public var idleTimeout: Int64
    /// A session ends this long after sign-in however much it is used (milliseconds; 12 hours by default).
    public var absoluteLifetime: Int64
    /// Failed sign-ins (of one user name from one client) allowed before each further try must wait.
    public var failuresBeforeDelay: Int
    /// The wait after the first failure past the allowance (milliseconds); it doubles with every further one.
    public var firstDelay: Int64
    /// The longest wait (milliseconds; 15 minutes by default).
    public var maximumDelay: Int64
    /// bcrypt's cost (log2 of its rounds): 12 by default; tests use the minimum, 4.
    public var bcryptCost: UInt8
    /// A session's last use is written at most this often (milliseconds), so reading pages does not write every time.
    public var touchInterval: Int64
    /// An ended session (idle, past its lifetime, signed out) is kept this long so that a returning user is told
    /// why, then deleted by `Accounts.sweepEndedSessions()` (milliseconds; 24 hours by default).
    public var endedSessionRetention: Int64

    public init(
        idleTimeout: Int64 = 30 * 60_000, absoluteLifetime: Int64 = 12 * 3_600_000, failuresBeforeDelay: Int = 5, firstDelay: Int64 = 1_000,
        maximumDelay: Int64 = 15 * 60_000, bcryptCost: UInt8 = 12, touchInterval: Int64 = 60_000,
        endedSessionRetention: Int64 = 24 * 3_600_000
    ) {
        self.idleTimeout = idleTimeout
        self.absoluteLifetime = absoluteLifetime
        self.failuresBeforeDelay = failuresBeforeDelay
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.bcryptCost = bcryptCost
        self.touchInterval = touchInterval
        self.endedSessionRetention = endedSessionRetention
    }

    /// How often a session of `idleTimeout` has its last use written: `touchInterval`, or a quarter of a short
    /// idle timeout, so that a session in use never ends as idle.
    public func touchInterval(idleTimeout: Int64) -> Int64 {
        min(touchInterval, max(1, idleTimeout / 4))
    }

    /// How long a client must wait after `failures` failures in a row before trying again (0: it need not).
    public func delay(afterFailures failures: Int) -> Int64 {
        let past = failures - failuresBeforeDelay
        guard past >= 0 else { return 0 }
        guard past < 40 else { return maximumDelay }
        return min(maximumDelay, firstDelay << Int64(past))
    }
}
