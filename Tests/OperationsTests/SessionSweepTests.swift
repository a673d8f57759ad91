import Foundation
import Store
import Testing

@testable import Operations

/// Ended sessions do not pile up: signing in deletes the sessions that ended (idle, past their lifetime, signed
/// out) longer ago than the policy keeps them, and keeps standing and recently ended ones; a short idle timeout
/// still keeps a session in use alive. Every case on both backends.
@Suite struct SessionSweepTests {
    typealias Clock = AccountOperationTests.Clock

    static let password = "correct horse battery"
    static let policy = AccountPolicy(
        idleTimeout: 30 * 60_000, absoluteLifetime: 12 * 3_600_000, bcryptCost: 4, endedSessionRetention: 3_600_000)

    func make(_ backend: ServiceBackend, policy: AccountPolicy = Self.policy) async throws -> (Accounts, Clock) {
        let (store, _) = try await backend.makeStore()
        let clock = Clock()
        let accounts = try Accounts(store: store, policy: policy, clock: clock.now)
        _ = try await accounts.createUser(name: "ana", role: .analyst, password: Self.password, actor: "cli:root")
        return (accounts, clock)
    }

    func stored(_ accounts: Accounts, _ signedIn: SignedIn) async throws -> Bool {
        try await accounts.store.session(tokenHash: signedIn.session.tokenHash) != nil
    }

    @Test("signing in deletes sessions ended longer ago than the retention (idle, past their lifetime, signed out) and keeps the others", arguments: ServiceBackend.allCases)
    func signInSweeps(backend: ServiceBackend) async throws {
        let (accounts, clock) = try await make(backend)
        let idle = try await accounts.signIn(name: "ana", password: Self.password, client: "c")
        let signedOut = try await accounts.signIn(name: "ana", password: Self.password, client: "c")
        try await accounts.signOut(signedOut.session)
        let busy = try await accounts.signIn(name: "ana", password: Self.password, client: "c")
        // `busy` is used every 20 minutes for 13 hours: it ends at its absolute lifetime (12 h), `idle` after 30 minutes.
        for _ in 0..<39 {
            clock.advance(by: 20 * 60_000)
            _ = try await accounts.session(token: busy.token)
        }
        let recent = try await accounts.signIn(name: "ana", password: Self.password, client: "c")
        #expect(try await !stored(accounts, idle), "idle for 12.5 hours, past the 1-hour retention")
        #expect(try await !stored(accounts, signedOut), "signed out 13 hours ago")
        #expect(try await stored(accounts, busy), "ended at its lifetime less than an hour ago: kept so its user is told why")
        #expect(try await accounts.session(token: busy.token) == .expired)
        #expect(try await stored(accounts, recent))

        clock.advance(by: 3_600_000)
        try await accounts.sweepEndedSessions()
        #expect(try await !stored(accounts, busy))
        #expect(try await accounts.session(token: busy.token) == .unknown)
        try await accounts.signOut(recent.session)
        #expect(try await accounts.sweepEndedSessions() == 0, "signed out just now: kept for the retention")
        clock.advance(by: 3_600_001)
        #expect(try await accounts.sweepEndedSessions() == 1)
    }

    @Test("a session in use stays signed in under an idle timeout shorter than the touch interval", arguments: ServiceBackend.allCases)
    func shortIdleTimeout(backend: ServiceBackend) async throws {
        let (accounts, clock) = try await make(backend, policy: AccountPolicy(idleTimeout: 3_000, bcryptCost: 4, touchInterval: 60_000))
        let signedIn = try await accounts.signIn(name: "ana", password: Self.password, client: "c")
        for second in 1...10 {
            clock.advance(by: 1_000)
            guard case .active = try await accounts.session(token: signedIn.token) else {
                Issue.record("a session used every second ended after \(second) s")
                return
            }
        }
        clock.advance(by: 3_000)
        #expect(try await accounts.session(token: signedIn.token) == .idleExpired)
    }
}
