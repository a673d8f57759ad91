import Foundation
import Hummingbird
import Operations
import Store
import Testing

@testable import Workbench

/// The Duty and transfers page: one entry's layers as a table and a stacked bar, a transfer decision, and a ledger
/// run through `runLedger` (audited as the user) with its summary, what-if date, chart and line errors.
@Suite struct TradePageTests {
    static let ledger = "id,hts,origin,value,date\na,8471.30.0100,CN,1000,2025-06-01\nb,8471.30.0100,DE,500,2025-06-01\nc,9999.99.9999,CN,100,2025-06-01\n"

    @Test("a duty assessment shows the total, every layer in a table and the layers in the total as a stacked SVG bar")
    func duty() async throws {
        let harness = try await Harness.makeWithTrade(.sqlite)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            let form = try await browser.get("/duty")
            #expect(form.status == .ok && form.html.contains(#"<label for="hts">"#) && form.html.contains(#"name="mechanism""#))
            let page = try await browser.post("/duty", [("hts", "8471.30.0100"), ("origin", "CN"), ("value", "1000"), ("date", "2025-06-01")])
            #expect(page.status == .ok && page.html.contains(#"<span class="total">20%</span>: USD 200.00"#))
            #expect(page.html.contains("<td>IEEPA</td><td>9903.01.24</td>") && page.html.contains("automobile_part"))
            #expect(page.html.contains(#"<svg class="chart""#) && page.html.contains(#"role="img""#) && page.html.contains("IEEPA 9903.01.24: 20%"))
        }
    }

    @Test("a duty or transfer input the engine refuses is a 400 page naming the field")
    func refused() async throws {
        let harness = try await Harness.makeWithTrade(.sqlite)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            try await browser.get("/duty")
            let hts = try await browser.post("/duty", [("hts", "12"), ("origin", "CN"), ("value", "1000"), ("date", "2025-06-01")])
            #expect(hts.status == .badRequest && hts.html.contains("<code>hts</code>"))
            let transfer = try await browser.post(
                "/duty/transfer", [("category", "personal"), ("from", "DE"), ("to", "US"), ("transfer_date", "June"), ("mechanism", "scc")])
            #expect(transfer.status == .badRequest && transfer.html.contains("<code>"))
        }
    }

    @Test("a transfer check shows its outcome, reasons and the rules that apply")
    func transfer() async throws {
        let harness = try await Harness.makeWithTrade(.sqlite)
        let categories = try Harness.transferTables.get().categories.map(\.id)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            try await browser.get("/duty")
            let page = try await browser.post(
                "/duty/transfer", [("category", categories[0]), ("from", "DE"), ("to", "US"), ("transfer_date", "2025-06-01")])
            #expect(page.status == .ok && page.html.contains(#"<span class="outcome">"#) && page.html.contains("from DE to US on 2025-06-01"))
        }
    }

    @Test("a ledger shows its summary by layer, origin and chapter at its dates and the what-if date, a chart, and each bad line by number; audited as the user", arguments: PageBackend.allCases)
    func ledgerRun(backend: PageBackend) async throws {
        let harness = try await Harness.makeWithTrade(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            try await browser.get("/duty")
            let page = try await browser.post("/duty/ledger", [("ledger", Self.ledger), ("ledger_name", "q2.csv"), ("compare_date", "2026-01-15")])
            #expect(page.status == .ok)
            #expect(page.html.contains("Ledger: 2 lines, 1 with errors, 2 conditional"))
            #expect(page.html.contains(#"duty USD <strong class="ledger-duty">200.00</strong>; at 2026-01-15 USD 100.00 (change -100.00)"#))
            #expect(page.html.contains(#"<th scope="row">ieepa 9903.01.24</th><td class="num">1</td><td class="num">200.00</td><td class="num">100.00</td><td class="num">-100.00</td>"#))
            #expect(page.html.contains(#"<th scope="row">CN</th>"#) && page.html.contains(#"<th scope="row">84</th>"#))
            #expect(page.html.contains("line 4, field <code>hts</code>"))
            #expect(page.html.contains(#"id="ledger-chart-title""#))
        }
        let head = try #require(try await harness.store.auditHead())
        let record = try #require(try await harness.store.auditRecords(after: head.sequence - 1, limit: 1).first)
        #expect(record.action == "duty.ledger" && record.actor == "user:sam" && record.result.hasPrefix("q2.csv: 2 lines, 1 with errors, duty USD 200.00"))
    }

    @Test("a ledger without a usable header, or a what-if date before the data, is a 400 page naming the place and nothing is audited", arguments: PageBackend.allCases)
    func ledgerRefused(backend: PageBackend) async throws {
        let harness = try await Harness.makeWithTrade(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            try await browser.get("/duty")
            let head = try await harness.store.auditHead()?.sequence
            let header = try await browser.post("/duty/ledger", [("ledger", "hts,origin\n8471.30.0100,CN\n")])
            #expect(header.status == .badRequest && header.html.contains("<code>line 1.value</code>"))
            let early = try await browser.post("/duty/ledger", [("ledger", Self.ledger), ("compare_date", "1990-01-01")])
            #expect(early.status == .badRequest && early.html.contains("<code>compare_date</code>"))
            let after = try await harness.store.auditHead()?.sequence
            #expect(after == head)
        }
    }

    @Test("a ledger larger than the upload limit is refused by runLedger naming the ledger")
    func ledgerLimit() async throws {
        let harness = try await Harness.makeWithTrade(.sqlite)
        let big = Data(repeating: UInt8(ascii: "a"), count: ComplianceService.ledgerUploadLimit + 1)
        await #expect(throws: InvalidInput.self) {
            try await harness.service.runLedger(csv: big, name: "big.csv", defaultDate: nil, compareDate: nil, actor: "user:sam")
        }
    }

    @Test("signed out, the Duty page redirects to sign in; a ledger POST without its CSRF token is refused")
    func roles() async throws {
        let harness = try await Harness.makeWithTrade(.sqlite)
        try await harness.serve { browser in
            let page = try await browser.get("/duty")
            #expect(page.location == "/signin?next=/duty")
            try await browser.signIn("sam")
            let forged = try await browser.post("/duty/ledger", [("ledger", Self.ledger)], csrf: false)
            #expect(forged.status == .forbidden)
        }
    }
}
