import Foundation
import Hummingbird
import Operations
import Store
import Testing

@testable import Workbench

/// The Determine page: the form's answer with findings in Part 732 order, each linked to the EAR row it rests on,
/// audited with the user as actor; bad input a 400 page naming the field; the screener role as the API's.
@Suite struct DeterminePageTests {
    @Test("a screener's determination shows the outcome, the findings in order with citations and regimes, and is audited as the user", arguments: PageBackend.allCases)
    func determination(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            let form = try await browser.get("/determine")
            #expect(form.status == .ok && form.html.contains(#"<label for="eccn">"#) && form.html.contains(#"name="fact.civil-telecommunications""#))
            let page = try await browser.post("/determine", [("eccn", "3A001.a.2"), ("destination", "CN"), ("value", "400")])
            #expect(page.status == .ok)
            #expect(page.html.contains(#"<span class="outcome">LICENSE_REQUIRED</span>"#))
            let ns2 = try #require(page.html.range(of: "<td>NS2</td>"))
            let at1 = try #require(page.html.range(of: "<td>AT1</td>"))
            #expect(ns2.lowerBound < at1.lowerBound)
            #expect(page.html.contains("742.4; Supp. No. 1 to Part 738") && page.html.contains("Wassenaar Arrangement"))
            #expect(page.html.contains("LVS") && page.html.contains("China is not in Country Group B (740.3)"))
            let head = try #require(try await harness.store.auditHead())
            let record = try #require(try await harness.store.auditRecords(after: head.sequence - 1, limit: 1).first)
            #expect(record.action == "determine" && record.actor == "user:sam" && record.result.hasPrefix("LICENSE_REQUIRED 3A001.a.2 to CN"))
        }
    }

    @Test("each finding links to its rule row, whose page shows the row's cells, its table's source and regulation date")
    func ruleRowLink() async throws {
        let harness = try await Harness.make(.sqlite)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            try await browser.get("/determine")
            let page = try await browser.post("/determine", [("eccn", "3A001.a.2"), ("destination", "CN")])
            #expect(page.html.contains(#"<a href="/determine/rows?file=eccn_controls.csv&amp;line=22">eccn_controls.csv:22</a>"#))
            let row = try await browser.get("/determine/rows?file=eccn_controls.csv&line=22")
            #expect(row.status == .ok)
            #expect(row.html.contains("S1 OSUGIYAMA/EyeWarnYou 0980eccb ear-ccl.json") && row.html.contains("<dd>2026-09-24</dd>"))
            #expect(row.html.contains(#"<th scope="row">"#) && row.html.contains("3A001"))
            let dated = try await browser.get("/determine/rows?file=rules/embargo_rules.csv&line=5")
            #expect(dated.status == .ok && dated.html.contains("Row in effect") && dated.html.contains("from 2025-09-02, no end date"))
        }
    }

    @Test("a rule row outside the EAR manifest, or a line that starts no row, is a 400 page naming the field")
    func ruleRowRefused() async throws {
        let harness = try await Harness.make(.sqlite)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            let outside = try await browser.get("/determine/rows?file=..%2F..%2FPackage.swift&line=2")
            #expect(outside.status == .badRequest && outside.html.contains("<code>file</code>"))
            let header = try await browser.get("/determine/rows?file=eccn_controls.csv&line=1")
            #expect(header.status == .badRequest && header.html.contains("<code>line</code>"))
            let past = try await browser.get("/determine/rows?file=eccn_controls.csv&line=999999")
            #expect(past.status == .badRequest && past.html.contains("<code>line</code>"))
        }
    }

    @Test("an unknown destination or a malformed fact is a 400 page naming the field, and nothing is audited", arguments: PageBackend.allCases)
    func badInput(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            try await browser.get("/determine")
            let head = try await harness.store.auditHead()?.sequence
            let destination = try await browser.post("/determine", [("eccn", "3A001.a.2"), ("destination", "XX")])
            #expect(destination.status == .badRequest && destination.html.contains("<code>destination</code>"))
            let fact = try await browser.post("/determine", [("eccn", "3A001.a.2"), ("destination", "CN"), ("fact.civil-telecommunications", "maybe")])
            #expect(fact.status == .badRequest && fact.html.contains("<code>fact.civil-telecommunications</code>"))
            let value = try await browser.post("/determine", [("eccn", "3A001.a.2"), ("destination", "CN"), ("value", "lots")])
            #expect(value.status == .badRequest && value.html.contains("<code>value</code>"))
            let after = try await harness.store.auditHead()?.sequence
            #expect(after == head)
        }
    }

    @Test("signed out, the Determine page and a rule row redirect to sign in")
    func signedOut() async throws {
        let harness = try await Harness.make(.sqlite)
        try await harness.serve { browser in
            let form = try await browser.get("/determine")
            let row = try await browser.get("/determine/rows?file=eccn_controls.csv&line=22")
            #expect(form.location == "/signin?next=/determine", "\(form.location ?? "")")
            #expect(row.location == "/signin?next=/determine/rows%3Ffile%3Deccn_controls.csv%26line%3D22", "\(row.location ?? "")")
        }
    }
}
