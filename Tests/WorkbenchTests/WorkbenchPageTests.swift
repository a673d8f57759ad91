import Audit
import Foundation
import Hummingbird
import Operations
import Store
import TariffExclusions
import Testing

@testable import Workbench

/// The Workbench's routes in-process over a real store: the sign-in contract, the session cookie, CSRF on every
/// POST, roles enforced as the API does, error pages, and the pages' main actions (screen, decide, audit, docket).
@Suite struct WorkbenchPageTests {
    @Test("without a session GET / is 303 to the sign-in page, whose form has username, password and a hidden CSRF field", arguments: PageBackend.allCases)
    func signInContract(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            let home = try await browser.get("/")
            #expect(home.status == .seeOther && home.location == "/signin")
            let form = try await browser.get("/signin")
            #expect(form.status == .ok)
            #expect(form.html.contains(#"name="username""#) && form.html.contains(#"name="password""#))
            #expect(form.html.contains(#"type="hidden" name="csrf" value=""#) && browser.csrfToken?.count == 64)
            #expect(form.html.contains(#"<label for="username">"#) && form.html.contains(#"<label for="password">"#))
        }
    }

    @Test("signing in sets an HttpOnly, SameSite=Strict, Path=/ session cookie and 303s to /, which shows the user and role", arguments: PageBackend.allCases)
    func signInSetsCookie(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            let signedIn = try await browser.signIn("ana")
            #expect(signedIn.status == .seeOther && signedIn.location == "/")
            let cookie = try #require(signedIn.setCookies.first { $0.hasPrefix("clearance_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/") && !cookie.contains("Secure"))
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.html.contains("<strong>ana</strong>") && home.html.contains(#"<span class="role">analyst</span>"#))
            #expect(home.html.contains("Open alerts by list and age (1)"))
        }
    }

    @Test("served over TLS the session cookie is Secure")
    func secureCookie() async throws {
        let harness = try await Harness.make(.sqlite, secureCookies: true)
        try await harness.serve { browser in
            let signedIn = try await browser.signIn("ana")
            #expect(signedIn.setCookies.first { $0.hasPrefix("clearance_session=") }?.contains("Secure") == true)
        }
    }

    @Test("a wrong password re-shows the form with 401 and sets no session", arguments: PageBackend.allCases)
    func wrongPassword(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            let page = try await browser.signIn("ana", password: "not the password")
            #expect(page.status == .unauthorized && page.html.contains("the user name or password is not right"))
            #expect(browser.cookies["clearance_session"] == nil)
        }
    }

    @Test("a POST without the CSRF token, or with another one, is refused with a 403 page and changes nothing", arguments: PageBackend.allCases)
    func csrfRefused(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.get("/signin")
            let anonymous = try await browser.post("/signin", [("username", "ana"), ("password", Harness.password)], csrf: false)
            #expect(anonymous.status == .forbidden && anonymous.html.contains("CSRF") && browser.cookies["clearance_session"] == nil)
            try await browser.signIn("ana")
            let head = try await harness.store.auditHead()?.sequence
            let missing = try await browser.post(
                "/alerts/\(harness.alertID)/decide", [("decision", "false_positive"), ("reason", "not him")], csrf: false)
            #expect(missing.status == .forbidden && missing.html.contains("<!doctype html>"))
            let forged = try await browser.post(
                "/alerts/\(harness.alertID)/decide", [("decision", "false_positive"), ("reason", "not him"), ("csrf", String(repeating: "0", count: 64))],
                csrf: false)
            #expect(forged.status == .forbidden)
            #expect(try await harness.store.alert(id: harness.alertID)?.status == .open)
            #expect(try await harness.store.auditHead()?.sequence == head)
        }
    }

    @Test("a screener asking for an admin or analyst page gets a 403 page naming the role, not a stack trace", arguments: PageBackend.allCases)
    func roleEnforced(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            for path in ["/admin/users", "/alerts", "/audit", "/alerts/\(harness.alertID)"] {
                let page = try await browser.get(path)
                #expect(page.status == .forbidden, "\(path)")
                #expect(page.html.contains("needs the") && page.html.contains("sam (screener)"), "\(path)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            }
            #expect(try await browser.get("/screen").status == .ok)
            let home = try await browser.get("/")
            #expect(home.status == .ok && home.html.contains("List versions"))
            #expect(!home.html.contains("Open alerts") && !home.html.contains("Audit chain") && !home.html.contains("Recent denials"),
                "what the API shows analysts only is not on a screener's home page")
        }
    }

    @Test("an unknown page is a 404 page; a bad form field a 400 page naming it", arguments: PageBackend.allCases)
    func errorPages(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            let missing = try await browser.get("/no/such/page")
            #expect(missing.status == .notFound && missing.html.contains("Not found"))
            try await browser.signIn("ana")
            try await browser.get("/screen")
            let noName = try await browser.post("/screen", [("name", " ")])
            #expect(noName.status == .badRequest && noName.html.contains("<code>name</code>"))
            try await browser.get("/screen")
            let badCountry = try await browser.post("/screen", [("name", "Ivan"), ("country", "Narnia")])
            #expect(badCountry.status == .badRequest && badCountry.html.contains("<code>country</code>"))
            let badFilter = try await browser.get("/alerts?min_score=2")
            #expect(badFilter.status == .badRequest && badFilter.html.contains("<code>min_score</code>"))
            #expect(try await browser.get("/alerts/999999").status == .notFound)
        }
    }

    @Test("screening a listed name shows the match with its matched words, method and weight, and is audited as the user", arguments: PageBackend.allCases)
    func screenExplains(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            try await browser.get("/screen")
            let page = try await browser.post("/screen", [("name", "Ivan Petrovich Sidorov"), ("type", "person")])
            #expect(page.status == .ok)
            #expect(page.html.contains("IVAN PETROVICH SIDOROV") && page.html.contains("Matched words"))
            #expect(page.html.contains("<td>sidorov</td>") && page.html.contains("exact"))
            let last = try await harness.store.auditRecords(after: 0, limit: 1000).last
            #expect(last?.action == "screen" && last?.actor == "user:sam")
        }
    }

    @Test("deciding an alert on its case page takes it off the open queue and into the audit page with the user as actor", arguments: PageBackend.allCases)
    func decideAlert(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("ana")
            let queue = try await browser.get("/alerts")
            #expect(queue.html.contains(#"href="/alerts/\#(harness.alertID)""#))
            #expect(!queue.html.contains(#"role="status""#), "no notice without a decision")
            let casePage = try await browser.get("/alerts/\(harness.alertID)")
            #expect(casePage.html.contains("Ivan Petrovich Sidorov") && casePage.html.contains("<dt>Entry id</dt><dd>ofac-sdn:1001</dd>"))
            let noReason = try await browser.post("/alerts/\(harness.alertID)/decide", [("decision", "false_positive"), ("reason", "")])
            #expect(noReason.status == .badRequest && noReason.html.contains("<code>reason</code>"))
            try await browser.get("/alerts/\(harness.alertID)")
            let decided = try await browser.post("/alerts/\(harness.alertID)/decide", [("decision", "false_positive"), ("reason", "different person: born 1980")])
            #expect(decided.status == .seeOther)
            #expect(try await harness.store.alert(id: harness.alertID)?.status == .falsePositive)
            #expect(!(try await browser.get("/alerts")).html.contains(#"href="/alerts/\#(harness.alertID)""#))
            let audit = try await browser.get("/audit?action=case.decide")
            #expect(audit.html.contains("alert \(harness.alertID): false_positive") && audit.html.contains("user:ana"))
            let verified = try await browser.post("/audit/verify", [])
            #expect(verified.html.contains("The chain is intact."))
        }
    }

    @Test("a bulk false-positive decision clears every selected open alert with one reason, each audited", arguments: PageBackend.allCases)
    func bulkDecision(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        _ = try await harness.service.importParties(
            [PartyRecord(id: "party-2", name: "Ivan Petrovich Sidorov", type: "person"), PartyRecord(id: "party-3", name: "IVAN PETROVICH SIDOROV")], actor: "cli:test")
        let open = try await harness.store.alerts(status: .open, limit: 10)
        #expect(open.count == 3)
        try await harness.serve { browser in
            try await browser.signIn("ana")
            try await browser.get("/alerts")
            let done = try await browser.post("/alerts/decide", open.map { ("alert", String($0.id)) } + [("reason", "duplicate screening of a cleared customer")])
            #expect(done.status == .seeOther)
            #expect(try await harness.store.alerts(status: .open, limit: 10).isEmpty)
            let page = try await browser.get(done.location ?? "/alerts")
            #expect(page.html.contains("3 alerts cleared as false positive"))
            #expect(!page.html.contains(#"href="""#), "no empty link on the first page")
        }
        let decisions = try await harness.store.auditRecords(after: 0, limit: 1000).filter { $0.action == "case.decide" }
        #expect(decisions.count == 3 && decisions.allSatisfy { $0.actor == "user:ana" })
    }

    @Test("signing out ends the session at once: the old cookie leads back to the sign-in page", arguments: PageBackend.allCases)
    func signOut(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("ana")
            let token = try #require(browser.cookies["clearance_session"])
            try await browser.get("/")
            let out = try await browser.post("/signout", [])
            #expect(out.status == .seeOther && out.location == "/signin")
            browser.cookies["clearance_session"] = token
            let again = try await browser.get("/")
            #expect(again.status == .seeOther && again.location == "/signin?ended=revoked")
        }
    }

    @Test("the admin creates a user on the users page and the new user can sign in; a short password is a 400 naming the field", arguments: PageBackend.allCases)
    func adminCreatesUser(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("root")
            try await browser.get("/admin/users")
            let short = try await browser.post("/admin/users", [("username", "rev"), ("role", "reviewer"), ("password", "short")])
            #expect(short.status == .badRequest && short.html.contains("<code>password</code>"))
            try await browser.get("/admin/users")
            let created = try await browser.post("/admin/users", [("username", "rev"), ("role", "reviewer"), ("password", "another long secret")])
            #expect(created.status == .ok && created.html.contains("Created rev (reviewer)."))
        }
        let record = try await harness.store.auditRecords(after: 0, limit: 1000).last
        #expect(record?.action == "user.create" && record?.actor == "user:root")
        try await harness.serve { browser in
            let signedIn = try await browser.signIn("rev", password: "another long secret")
            #expect(signedIn.status == .seeOther)
        }
    }

    @Test("the public docket needs no sign-in and the JSON API's paths are not the Workbench's")
    func publicDocket() async throws {
        let harness = try await Harness.make(.sqlite)
        try await harness.serve { browser in
            let page = try await browser.get("/exclusions")
            #expect(page.status == .ok && page.html.contains("Exclusion requests") && page.html.contains("No requests yet."))
            #expect(try await browser.get("/exclusions/nope").status == .notFound)
        }
        #expect(SiteResponder<RouterResponder<WorkbenchContext>>.isAPI("/v1/screen") && SiteResponder<RouterResponder<WorkbenchContext>>.isAPI("/healthz"))
        #expect(!SiteResponder<RouterResponder<WorkbenchContext>>.isAPI("/") && !SiteResponder<RouterResponder<WorkbenchContext>>.isAPI("/v10"))
    }

    @Test("the public comments on a request's docket without signing in (audited as public), and never sees its confidential figures", arguments: PageBackend.allCases)
    func publicComment(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        let docket = try await harness.service.exclusions.file(
            ExclusionRequestDraft(
                requesterName: "Dana Whitfield", requesterOrganisation: "Great Lakes Hydraulics LLC", hts10: "8481.90.9020",
                productDescription: "Cast iron valve bodies", actionKind: "section301", actionHeading: "9903.88.03", grounds: ["not_available_us"],
                figures: [.init(name: "unit_cost_usd", value: 41.7, unit: "USD", confidential: true)]),
            actor: "user:root")
        let id = docket.request.id
        try await harness.serve { browser in
            let list = try await browser.get("/exclusions")
            #expect(list.html.contains(#"href="/exclusions/\#(id)""#) && list.html.contains("Cast iron valve bodies"))
            let page = try await browser.get("/exclusions/\(id)")
            #expect(page.status == .ok && !page.html.contains("41.7") && page.html.contains("withheld"))
            let noText = try await browser.post("/exclusions/\(id)/comments", [("author", "R. Ortiz"), ("position", "oppose"), ("text", "")])
            #expect(noText.status == .badRequest && noText.html.contains("<code>text</code>"))
            try await browser.get("/exclusions/\(id)")
            let posted = try await browser.post(
                "/exclusions/\(id)/comments", [("author", "R. Ortiz"), ("organisation", "American Valve Makers"), ("position", "oppose"), ("text", "Made in Ohio.")])
            #expect(posted.status == .seeOther)
            let after = try await browser.get("/exclusions/\(id)")
            #expect(after.html.contains("Made in Ohio.") && after.html.contains("American Valve Makers"))
            let forged = try await browser.post("/exclusions/\(id)/comments", [("author", "X"), ("position", "support"), ("text", "y")], csrf: false)
            #expect(forged.status == .forbidden)
        }
        let record = try await harness.store.auditRecords(after: 0, limit: 1000).last
        #expect(record?.action == "exclusion.comment" && record?.actor.hasPrefix("public:") == true)
        try await harness.serve { browser in
            try await browser.signIn("root")
            #expect(try await browser.get("/exclusions/\(id)").html.contains("41.7"), "an admin sees the reviewer's view, as the API shows it")
        }
    }

    @Test("a form body that is not valid percent-encoding is refused naming the field")
    func badFormEncoding() throws {
        #expect(throws: WorkbenchError.badRequest(field: "name", "the value of name is not valid percent-encoded UTF-8")) {
            try FormFields(decoding: "name=%FF%FE&x=1")
        }
        let fields = try FormFields(decoding: "alert=1&alert=2&reason=a+b%21")
        #expect(fields.all("alert") == ["1", "2"] && fields["reason"] == "a b!")
    }
}
