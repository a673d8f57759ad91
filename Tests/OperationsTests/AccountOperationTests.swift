import Audit
import Foundation
import Store
import Synchronization
import Testing

@testable import Operations

/// Workbench accounts: users with a bcrypt-hashed password, sign-in audited and slowed after repeated
/// failures per user and client, sessions ending when idle, at their absolute lifetime or when signed out,
/// and the CSRF token of a session. Every case on both backends.
@Suite struct AccountOperationTests {
    /// A clock the test moves by hand.
    final class Clock: Sendable {
        private let time = Mutex<Int64>(1_764_000_000_000)
        var now: @Sendable () -> Int64 { { self.time.withLock { $0 } } }
        func advance(by milliseconds: Int64) { time.withLock { $0 += milliseconds } }
    }

    static let policy = AccountPolicy(
        idleTimeout: 30 * 60_000, absoluteLifetime: 12 * 3_600_000, failuresBeforeDelay: 5, firstDelay: 1_000, maximumDelay: 60_000,
        bcryptCost: 4)
    static let password = "correct horse battery"

    func make(_ backend: ServiceBackend) async throws -> (Accounts, Clock, any Store) {
        let (store, _) = try await backend.makeStore()
        let clock = Clock()
        return (try Accounts(store: store, policy: Self.policy, clock: clock.now), clock, store)
    }

    func actions(_ store: any Store, after sequence: Int64) async throws -> [AuditRecord] {
        try await store.auditRecords(after: sequence, limit: 100)
    }

    @Test("a created user is stored with a bcrypt hash, never the password, and its creation is audited with the actor", arguments: ServiceBackend.allCases)
    func createUser(backend: ServiceBackend) async throws {
        let (accounts, _, store) = try await make(backend)
        let user = try await accounts.createUser(name: "ana", role: .analyst, password: Self.password, actor: "cli:root")
        #expect(user.passwordHash.hasPrefix("$2") && !user.passwordHash.contains(Self.password))
        #expect(try await accounts.store.user(name: "ana") == user)
        let records = try await actions(store, after: 0)
        #expect(records.map(\.action).suffix(1) == ["user.create"])
        #expect(records.last?.actor == "cli:root" && records.last?.result == "created user ana (analyst)")
        #expect(!records.contains { "\($0)".contains(Self.password) })
        await #expect(throws: StoreError.self) {
            _ = try await accounts.createUser(name: "ana", role: .admin, password: Self.password, actor: "cli:root")
        }
        #expect(try await accounts.users(limit: 10).map(\.name) == ["ana"])
    }

    @Test("a bad user name or a short, overlong or control-character password is refused naming the field, nothing stored", arguments: ServiceBackend.allCases)
    func badUsersRefused(backend: ServiceBackend) async throws {
        let (accounts, _, _) = try await make(backend)
        for (name, password, field) in [
            ("", Self.password, "name"), ("a b", Self.password, "name"), (String(repeating: "x", count: 65), Self.password, "name"),
            ("bob", "short", "password"), ("bob", String(repeating: "p", count: 73), "password"), ("bob", "twelve chars\n ok", "password"),
        ] {
            let error = await #expect(throws: InvalidInput.self) {
                _ = try await accounts.createUser(name: name, role: .screener, password: password, actor: "cli:root")
            }
            #expect(error?.field == field)
        }
        #expect(try await accounts.store.userCount() == 0)
    }

    @Test("signing in with the right password opens a session whose token is stored only hashed; a wrong one is refused; both audited", arguments: ServiceBackend.allCases)
    func signInSuccessAndFailure(backend: ServiceBackend) async throws {
        let (accounts, _, store) = try await make(backend)
        _ = try await accounts.createUser(name: "ana", role: .analyst, password: Self.password, actor: "cli:root")
        let before = try await store.auditHead()?.sequence ?? 0
        await #expect(throws: SignInError.refused) { try await accounts.signIn(name: "ana", password: "wrong password!", client: "10.0.0.1") }
        await #expect(throws: SignInError.refused) { try await accounts.signIn(name: "nobody", password: Self.password, client: "10.0.0.1") }
        let signedIn = try await accounts.signIn(name: "ana", password: Self.password, client: "10.0.0.1")
        #expect(signedIn.token.count == 43, "256 bits, base64url")
        #expect(signedIn.session.tokenHash == AuditRecord.digest(Data(signedIn.token.utf8)))
        #expect(try await accounts.session(token: signedIn.token) == .active(signedIn.session))
        #expect(signedIn.session.user.role == .analyst && signedIn.session.actor == "user:ana")
        let records = try await actions(store, after: before)
        #expect(records.map(\.action) == ["user.sign_in.failure", "user.sign_in.failure", "user.sign_in"])
        #expect(records.map(\.actor) == ["client:10.0.0.1", "client:10.0.0.1", "user:ana"])
        #expect(!records.contains { "\($0)".contains(signedIn.token) || "\($0)".contains(Self.password) })
        #expect(try await accounts.store.signInFailures(user: "ana", client: "10.0.0.1") == nil, "a success clears the failures")
        let impossible = String(repeating: "x", count: 5_000)
        await #expect(throws: SignInError.refused) { try await accounts.signIn(name: impossible, password: Self.password, client: "10.0.0.1") }
        #expect(try await accounts.store.signInFailures(user: impossible, client: "10.0.0.1") == nil, "an impossible name is not counted")
        #expect(try await actions(store, after: before).last?.result == "failed sign-in as an impossible user name (5000 characters)")
    }

    @Test("after five failures of one user from one client each try waits, doubling, refused unchecked and audited; another client is not slowed", arguments: ServiceBackend.allCases)
    func failuresAreSlowed(backend: ServiceBackend) async throws {
        let (accounts, clock, store) = try await make(backend)
        _ = try await accounts.createUser(name: "ana", role: .analyst, password: Self.password, actor: "cli:root")
        for _ in 0..<4 {
            await #expect(throws: SignInError.refused) { try await accounts.signIn(name: "ana", password: "wrong password!", client: "10.0.0.9") }
        }
        let before = try await store.auditHead()?.sequence ?? 0
        await #expect(throws: SignInError.refused) { try await accounts.signIn(name: "ana", password: "wrong password!", client: "10.0.0.9") }
        await #expect(throws: SignInError.slowed(retryAfter: 1_000)) {
            try await accounts.signIn(name: "ana", password: Self.password, client: "10.0.0.9")
        }
        let records = try await actions(store, after: before)
        #expect(records.map(\.action) == ["user.sign_in.failure", "user.sign_in.slowed", "user.sign_in.slowed"])
        #expect(records[2].result.contains("refused unchecked"))
        _ = try await accounts.signIn(name: "ana", password: Self.password, client: "10.0.0.7")

        clock.advance(by: 1_000)
        await #expect(throws: SignInError.refused) { try await accounts.signIn(name: "ana", password: "wrong again!!", client: "10.0.0.9") }
        await #expect(throws: SignInError.slowed(retryAfter: 2_000)) {
            try await accounts.signIn(name: "ana", password: Self.password, client: "10.0.0.9")
        }
        clock.advance(by: 2_000)
        _ = try await accounts.signIn(name: "ana", password: Self.password, client: "10.0.0.9")
        #expect(try await accounts.store.signInFailures(user: "ana", client: "10.0.0.9") == nil)
    }

    @Test("a session unused past the idle timeout ends; one in use still ends at its absolute lifetime", arguments: ServiceBackend.allCases)
    func sessionExpiry(backend: ServiceBackend) async throws {
        let (accounts, clock, _) = try await make(backend)
        _ = try await accounts.createUser(name: "ana", role: .analyst, password: Self.password, actor: "cli:root")
        let idle = try await accounts.signIn(name: "ana", password: Self.password, client: "c")
        clock.advance(by: Self.policy.idleTimeout - 1)
        guard case .active = try await accounts.session(token: idle.token) else { Issue.record("ended before the idle timeout"); return }
        clock.advance(by: Self.policy.idleTimeout - 1)
        #expect(try await accounts.session(token: idle.token) == .active(idle.session), "use moved the idle deadline")
        clock.advance(by: Self.policy.idleTimeout)
        #expect(try await accounts.session(token: idle.token) == .idleExpired)

        let busy = try await accounts.signIn(name: "ana", password: Self.password, client: "c")
        for _ in 0..<24 {
            clock.advance(by: 29 * 60_000)
            _ = try await accounts.session(token: busy.token)
        }
        clock.advance(by: 12 * 3_600_000 - 24 * 29 * 60_000)
        #expect(try await accounts.session(token: busy.token) == .expired)
    }

    @Test("a signed-out session stops working at once and the sign-out is audited; signing out twice is a conflict", arguments: ServiceBackend.allCases)
    func signOut(backend: ServiceBackend) async throws {
        let (accounts, _, store) = try await make(backend)
        _ = try await accounts.createUser(name: "ana", role: .analyst, password: Self.password, actor: "cli:root")
        let signedIn = try await accounts.signIn(name: "ana", password: Self.password, client: "c")
        try await accounts.signOut(signedIn.session)
        #expect(try await accounts.session(token: signedIn.token) == .revoked)
        #expect(try await actions(store, after: 0).last.map { [$0.action, $0.actor] } == ["user.sign_out", "user:ana"])
        await #expect(throws: StoreError.self) { try await accounts.signOut(signedIn.session) }
        #expect(try await accounts.session(token: "not-a-token") == .unknown)
        #expect(try await accounts.session(token: "") == .unknown)
    }

    @Test("a disabled user cannot sign in and their standing sessions stop working", arguments: ServiceBackend.allCases)
    func disabledUser(backend: ServiceBackend) async throws {
        let (store, execute) = try await backend.makeStore()
        let accounts = try Accounts(store: store, policy: Self.policy)
        _ = try await accounts.createUser(name: "ana", role: .analyst, password: Self.password, actor: "cli:root")
        let signedIn = try await accounts.signIn(name: "ana", password: Self.password, client: "c")
        try await execute("UPDATE users SET disabled = 1 WHERE name = 'ana'")
        #expect(try await accounts.session(token: signedIn.token) == .disabled)
        await #expect(throws: SignInError.refused) { try await accounts.signIn(name: "ana", password: Self.password, client: "c") }
    }

    @Test("the CSRF token is tied to its session token: the right one passes, any other, a missing one or a missing session fails")
    func csrfCheck() {
        let token = Accounts.randomToken()
        let csrf = Accounts.csrfToken(for: token)
        #expect(csrf != AuditRecord.digest(Data(token.utf8)), "not the stored session hash")
        #expect(Accounts.checkCSRF(csrf, secret: token))
        #expect(!Accounts.checkCSRF(csrf, secret: Accounts.randomToken()))
        #expect(!Accounts.checkCSRF(String(csrf.dropLast()) + "0", secret: token) || csrf.hasSuffix("0"))
        #expect(!Accounts.checkCSRF(nil, secret: token))
        #expect(!Accounts.checkCSRF(csrf, secret: nil))
        #expect(!Accounts.checkCSRF("", secret: token))
    }

    @Test("the wait after failures starts past the allowance, doubles, and stops at the maximum")
    func delaySchedule() {
        let policy = Self.policy
        #expect((0...4).map(policy.delay(afterFailures:)) == [0, 0, 0, 0, 0])
        #expect((5...8).map(policy.delay(afterFailures:)) == [1_000, 2_000, 4_000, 8_000])
        #expect(policy.delay(afterFailures: 20) == 60_000 && policy.delay(afterFailures: 200) == 60_000)
    }
}
