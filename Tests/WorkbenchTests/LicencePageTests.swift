import Audit
import Foundation
import Hummingbird
import Operations
import Store
import Testing

@testable import Workbench

/// The licence pages: balances and validity, draws, revoking (admin only, with a reason, audited, sweeping the
/// authorisations drawing on it into the revocation feed), decisions with their token's state, keyset pages.
@Suite struct LicencePageTests {
    static let now = StoreClock.milliseconds()

    /// Licence `D100` (1000 USD, valid all of 2020–2099) with one PERMIT of 400 drawn on it, one DENY, and one
    /// expired PERMIT without a licence.
    static func seed(_ harness: Harness) async throws {
        let license = LicenseRecord(
            id: "D100", kind: .bisLicense, eccns: ["3A001.a.2"], destinations: ["CN"], consignee: "Acme Ltd", valueLimit: 1000,
            validFrom: "2020-01-01", validTo: "2099-12-31", conditions: ["no reexport"])
        _ = try await harness.service.recordLicense(license, actor: "cli:test", input: Data("D100".utf8))
        let decision = #"{"verdict":"PERMIT","reasons":[{"code":"LICENSED","verdict":"PERMIT","explanation":"licence D100 covers it","citation":"750.7"}]}"#
        let permit = AuthorizationRecord(
            id: "az_permit", verdict: "PERMIT", subject: "party-1", partyID: "party-1", artifact: nil, item: "3A001.a.2", destination: "CN",
            licenseID: "D100", expiresAt: now + 3_600_000, decisionJSON: decision)
        _ = try await harness.store.recordAuthorization(
            permit, draw: LicenseDraw(licenseID: "D100", value: 400, quantity: 1),
            audit: AuditDraft(actor: "cli:test", action: "authorize", input: Data("permit".utf8), result: "PERMIT", versions: ""))
        let deny = AuthorizationRecord(
            id: "az_deny", verdict: "DENY", subject: "person:Ivan", partyID: nil, artifact: nil, item: "3A001.a.2", destination: "RU", licenseID: nil,
            expiresAt: nil, decisionJSON: #"{"verdict":"DENY","reasons":[{"code":"GP1","verdict":"DENY","explanation":"no licence","citation":"742.4"}]}"#)
        let expired = AuthorizationRecord(
            id: "az_expired", verdict: "PERMIT", subject: "party-2", partyID: nil, artifact: nil, item: "EAR99", destination: "DE", licenseID: nil,
            expiresAt: now - 1000, decisionJSON: #"{"verdict":"PERMIT","reasons":[]}"#)
        for record in [deny, expired] {
            _ = try await harness.store.recordAuthorization(
                record, draw: nil, audit: AuditDraft(actor: "cli:test", action: "authorize", input: Data(record.id.utf8), result: record.verdict, versions: ""))
        }
    }

    @Test("an analyst sees licences with balances and validity, the draws linked to their decisions, and no revoke form", arguments: PageBackend.allCases)
    func licences(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await Self.seed(harness)
        try await harness.serve { browser in
            try await browser.signIn("ana")
            let list = try await browser.get("/licences")
            #expect(list.status == .ok && list.html.contains(#"<a href="/licences/D100">D100</a>"#))
            #expect(list.html.contains("400.00 / 1000.00") && list.html.contains("<td class=\"num\">600.00</td>") && list.html.contains("<td>valid</td>"))
            let page = try await browser.get("/licences/D100")
            #expect(page.status == .ok && page.html.contains(#"<a href="/authorizations/az_permit">az_permit</a>"#))
            #expect(page.html.contains("no reexport") && !page.html.contains("Revoke the licence"))
            let missing = try await browser.get("/licences/NOPE")
            #expect(missing.status == .notFound)
        }
    }

    @Test("an admin revokes a licence with a reason: audited as the user, its authorisations revoked into the feed, tokens shown revoked", arguments: PageBackend.allCases)
    func revoke(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await Self.seed(harness)
        try await harness.serve { browser in
            try await browser.signIn("root")
            let page = try await browser.get("/licences/D100")
            #expect(page.html.contains("Revoke the licence"))
            let noReason = try await browser.post("/licences/D100/revoke", [("reason", "  ")])
            #expect(noReason.status == .badRequest && noReason.html.contains("<code>reason</code>"))
            let revoked = try await browser.post("/licences/D100/revoke", [("reason", "end user diverted goods")])
            #expect(revoked.status == .seeOther && revoked.location == "/licences/D100?revoked=1")
            let after = try await browser.get(revoked.location ?? "/licences/D100")
            #expect(after.html.contains("<strong>revoked</strong>") && after.html.contains("1 authorisation drawing on it revoked with it"))
            #expect(!after.html.contains("Revoke the licence"))
            let feed = try await browser.get("/revocations")
            #expect(feed.status == .ok && feed.html.contains("az_permit") && feed.html.contains("licence D100 revoked: end user diverted goods"))
            let decision = try await browser.get("/authorizations/az_permit")
            #expect(decision.html.contains(#"<strong class="token">revoked</strong>"#) && decision.html.contains("licence D100 covers it"))
            let again = try await browser.post("/licences/D100/revoke", [("reason", "twice")])
            #expect(again.status == .conflict)
        }
        let head = try #require(try await harness.store.auditHead())
        let records = try await harness.store.auditRecords(after: head.sequence - 2, limit: 2)
        #expect(records.contains { $0.action == "license.revoke" && $0.actor == "user:root" })
    }

    @Test("a screener is refused the licence pages and the revoke with a 403 page and the licence stays, but reads the revocation feed and artefacts", arguments: PageBackend.allCases)
    func screenerRefused(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await Self.seed(harness)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            let list = try await browser.get("/licences")
            #expect(list.status == .forbidden && list.html.contains("needs the analyst role"))
            try await browser.get("/revocations")
            let revoke = try await browser.post("/licences/D100/revoke", [("reason", "not mine to revoke")])
            #expect(revoke.status == .forbidden && revoke.html.contains("needs the admin role"))
            let artifacts = try await browser.get("/artifacts")
            #expect(artifacts.status == .ok && artifacts.html.contains("No artefact is registered"))
        }
        let stored = try await harness.store.license(id: "D100")
        #expect(stored?.revokedAt == nil)
    }

    @Test("decisions show their token's state: active until its expiry, expired, or none for a DENY", arguments: PageBackend.allCases)
    func tokenStates(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await Self.seed(harness)
        try await harness.serve { browser in
            try await browser.signIn("ana")
            let list = try await browser.get("/authorizations")
            #expect(list.status == .ok && list.html.contains("az_permit") && list.html.contains("az_deny") && list.html.contains("az_expired"))
            let permit = try await browser.get("/authorizations/az_permit")
            #expect(permit.html.contains(#"<strong class="token">active</strong>: valid until"#))
            let expired = try await browser.get("/authorizations/az_expired")
            #expect(expired.html.contains(#"<strong class="token">expired</strong>"#))
            let deny = try await browser.get("/authorizations/az_deny")
            #expect(deny.html.contains("no token (not a PERMIT)") && deny.html.contains("no licence"))
        }
    }

    @Test("licences page by key in the database: 60 licences are 50 and then 10, in id order", arguments: PageBackend.allCases)
    func pagination(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        for number in 0..<60 {
            let id = String(format: "L%03d", number)
            _ = try await harness.service.recordLicense(
                LicenseRecord(id: id, kind: .licenseException, eccns: ["EAR99"], destinations: ["DE"], validFrom: "2020-01-01", validTo: "2021-01-01"),
                actor: "cli:test", input: Data(id.utf8))
        }
        let first = try await harness.workbench.reads.licences(after: nil)
        #expect(first.licences.count == 50 && first.next == "L049" && first.licences.first?.validity == .expired)
        let second = try await harness.workbench.reads.licences(after: first.next)
        #expect(second.licences.map(\.stored.license.id) == (50..<60).map { String(format: "L%03d", $0) } && second.next == nil)
        try await harness.serve { browser in
            try await browser.signIn("ana")
            let page = try await browser.get("/licences")
            #expect(page.html.contains(#"<a href="/licences?after=L049">Next page</a>"#) && !page.html.contains("L050"))
        }
    }
}
