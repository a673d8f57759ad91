import Foundation
import Hummingbird
import Operations
import Store
import Testing

@testable import Workbench

/// An ended session in the browser: a page asked for with an expired session is 303 to the sign-in page, which
/// says why and signs the user back in to the page they asked for, a path of this site only (never another site);
/// a form posted after expiry goes there too rather than to a CSRF refusal.
@Suite struct SessionExpiryPageTests {
    static let idle: Int64 = 3_000
    static let lifetime: Int64 = 60_000

    /// The harness's store and users behind a Workbench whose sessions end after 3 s unused or 60 s in all, on `clock`.
    func make(_ backend: PageBackend, clock: ManualClock) async throws -> Harness {
        let harness = try await Harness.make(backend)
        let accounts = try Accounts(
            store: harness.store, policy: AccountPolicy(idleTimeout: Self.idle, absoluteLifetime: Self.lifetime, bcryptCost: 4), clock: clock.now)
        let workbench = try await Workbench(service: harness.service, accounts: accounts, reads: try WorkbenchReads(store: harness.store))
        return Harness(store: harness.store, service: harness.service, workbench: workbench, alertID: harness.alertID)
    }

    @Test("an idle-expired session sends a page to the sign-in page saying the session expired, which signs back in to that page", arguments: PageBackend.allCases)
    func idleExpiry(backend: PageBackend) async throws {
        let clock = ManualClock(1_764_000_000_000)
        let harness = try await make(backend, clock: clock)
        try await harness.serve { browser in
            try await browser.signIn("ana")
            #expect(try await browser.get("/alerts?status=open").status == .ok)
            clock.advance(by: Self.idle)
            let expired = try await browser.get("/alerts?status=open")
            #expect(expired.status == .seeOther)
            #expect(expired.location == "/signin?next=/alerts%3Fstatus%3Dopen&ended=idle")
            #expect(browser.cookies["clearance_session"] == nil, "the ended session's cookie is cleared")
            let form = try await browser.get(try #require(expired.location))
            #expect(form.status == .ok && form.html.contains("Your session expired after a while without use"))
            #expect(form.html.contains(#"<input type="hidden" name="next" value="/alerts?status=open">"#))
            let back = try await browser.post("/signin", [("username", "ana"), ("password", Harness.password), ("next", "/alerts?status=open")])
            #expect(back.status == .seeOther && back.location == "/alerts?status=open")
            #expect(try await browser.get("/alerts?status=open").status == .ok)
        }
    }

    @Test("a session past its absolute lifetime is told apart from an idle one; the home page keeps no next")
    func lifetimeExpiry() async throws {
        let clock = ManualClock(1_764_000_000_000)
        let harness = try await make(.sqlite, clock: clock)
        try await harness.serve { browser in
            try await browser.signIn("ana")
            for _ in 0..<29 {
                clock.advance(by: 2_000)
                #expect(try await browser.get("/").status == .ok, "in use, before its lifetime")
            }
            clock.advance(by: 2_000)
            let expired = try await browser.get("/")
            #expect(expired.status == .seeOther && expired.location == "/signin?ended=expired")
            let form = try await browser.get("/signin?ended=expired")
            #expect(form.html.contains("Your session expired: it reached its time limit") && !form.html.contains(#"name="next""#))
        }
    }

    @Test("a form posted after the session expired goes to the sign-in page, not to a 403, and changes nothing", arguments: PageBackend.allCases)
    func postAfterExpiry(backend: PageBackend) async throws {
        let clock = ManualClock(1_764_000_000_000)
        let harness = try await make(backend, clock: clock)
        try await harness.serve { browser in
            try await browser.signIn("ana")
            try await browser.get("/alerts/\(harness.alertID)")
            clock.advance(by: Self.idle)
            let posted = try await browser.post("/alerts/\(harness.alertID)/decide", [("decision", "false_positive"), ("reason", "late")])
            #expect(posted.status == .seeOther && posted.location == "/signin?ended=idle")
            #expect(try await harness.store.alert(id: harness.alertID)?.status == .open)
        }
    }

    @Test("after sign-in the user is sent only to a path of this site: another site, //host, /\\host or the sign-in page itself lead to /")
    func noOpenRedirect() async throws {
        let harness = try await Harness.make(.sqlite)
        for next in ["https://evil.example/", "//evil.example/x", "/\\evil.example", "/\r\nSet-Cookie: x=1", "javascript:alert(1)", "/signin", "/signout/", " /alerts"] {
            try await harness.serve { browser in
                let form = try await browser.get("/signin?next=" + Browser.encode(next))
                #expect(form.status == .ok && !form.html.contains(#"name="next""#), "\(next) offered back")
                let signedIn = try await browser.post("/signin", [("username", "ana"), ("password", Harness.password), ("next", next)])
                #expect(signedIn.status == .seeOther && signedIn.location == "/", "\(next) followed")
            }
        }
        #expect(SignInRedirect.safeNext("/alerts/7?status=open&sort=score") == "/alerts/7?status=open&sort=score")
    }
}
