import Foundation
import Hummingbird
import Operations
import Store
import Testing

@testable import Workbench

/// A ledger uploaded on the Duty and transfers page runs as a background job of the user: the page follows it and
/// then shows the summary by layer, origin and chapter at the ledger's dates and the what-if date (tables and the
/// chart) from the job's `ledger.json`, bad lines by number; audited as `duty.ledger` by the user. A file over the
/// size limit, or neither a file nor pasted text, is a 400 naming the field; nothing starts.
@Suite struct LedgerJobPageTests {
    @Test("the ledger form uploads a file as multipart; a ledger upload runs as a job whose result page shows the summary, chart and bad lines, audited as the user", arguments: PageBackend.allCases)
    func ledgerUpload(backend: PageBackend) async throws {
        let harness = try await Harness.makeWithTrade(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            let form = try await browser.get("/duty")
            #expect(form.html.contains(#"enctype="multipart/form-data""#) && form.html.contains(#"<input id="ledger_file" name="ledger_file" type="file""#))
            let started = try await browser.upload(
                "/duty/ledger", [("compare_date", "2026-01-15")], file: ("ledger_file", "q2.csv", TradePageTests.ledger))
            #expect(started.status == .seeOther)
            let location = try #require(started.location)
            #expect(location.hasPrefix("/duty/ledger/job_"))
            let id = String(location.dropFirst("/duty/ledger/".count).prefix { $0 != "#" })
            await harness.workbench.jobs.wait(id: id)
            let page = try await browser.get("/duty/ledger/\(id)")
            #expect(page.status == .ok)
            #expect(page.html.contains("Ledger: 2 lines, 1 with errors, 2 conditional"))
            #expect(page.html.contains(#"duty USD <strong class="ledger-duty">200.00</strong>; at 2026-01-15 USD 100.00 (change -100.00)"#))
            #expect(page.html.contains(#"<th scope="row">ieepa 9903.01.24</th><td class="num">1</td><td class="num">200.00</td><td class="num">100.00</td><td class="num">-100.00</td>"#))
            #expect(page.html.contains(#"<th scope="row">CN</th>"#) && page.html.contains(#"<th scope="row">84</th>"#))
            #expect(page.html.contains("line 4, field <code>hts</code>") && page.html.contains(#"id="ledger-chart-title""#))
            #expect(page.html.contains(#"href="/jobs/\#(id)/files/ledger.json""#) && page.html.contains(#"href="/jobs/\#(id)/files/summary.csv""#))
            let job = try await browser.get("/jobs/\(id)")
            #expect(job.status == .ok && job.html.contains(#"href="/jobs/\#(id)/files/ledger.json""#))
            let json = try await browser.get("/jobs/\(id)/files/ledger.json")
            #expect(json.status == .ok && json.html.contains(#""name":"q2.csv""#) && json.html.contains(#""compare_date":"2026-01-15""#))
        }
        let head = try #require(try await harness.store.auditHead())
        let record = try #require(try await harness.store.auditRecords(after: head.sequence - 1, limit: 1).first)
        #expect(record.action == "duty.ledger" && record.actor == "user:sam" && record.result.hasPrefix("q2.csv: 2 lines, 1 with errors, duty USD 200.00"))
    }

    @Test("a ledger file over the size limit, or neither a file nor pasted text, is a 400 naming the field and starts no job", arguments: PageBackend.allCases)
    func ledgerUploadRefused(backend: PageBackend) async throws {
        let harness = try await Harness.makeWithTrade(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            try await browser.get("/duty")
            let big = String(repeating: "a", count: ComplianceService.ledgerUploadLimit + 1)
            let tooLarge = try await browser.upload("/duty/ledger", [], file: ("ledger_file", "big.csv", big))
            #expect(tooLarge.status == .badRequest && tooLarge.html.contains("<code>ledger_file</code>") && tooLarge.html.contains("big.csv is"))
            let nothing = try await browser.upload("/duty/ledger", [("ledger", "")], file: nil)
            #expect(nothing.status == .badRequest && nothing.html.contains("<code>ledger_file</code>"))
            #expect(try await harness.workbench.jobs.jobs(owner: "user:sam", before: nil).jobs.isEmpty)
        }
    }

    @Test("a ledger job's result page is its owner's only, and a job still running shows its progress and refreshes")
    func ledgerResultOwner() async throws {
        let harness = try await Harness.makeWithTrade(.sqlite)
        let running = BackgroundJobRecord(id: "job_ledger1", owner: "user:sam", kind: BackgroundJobs.ledger, state: .running, done: 2000, total: 5000, createdAt: StoreClock.milliseconds(), updatedAt: StoreClock.milliseconds())
        try await harness.workbench.jobs.store.createJob(running)
        try await harness.serve { browser in
            try await browser.signIn("ana")
            #expect(try await browser.get("/duty/ledger/job_ledger1").status == .notFound)
        }
        try await harness.serve { browser in
            try await browser.signIn("sam")
            // A job silent for 30 s shows as interrupted: this one keeps its heartbeat as a running job does.
            let page = try await whileHeartbeating(harness.workbench.jobs.store, job: "job_ledger1", done: 2000, total: 5000) {
                try await browser.get("/duty/ledger/job_ledger1")
            }
            #expect(page.status == .ok && page.html.contains(#"<meta http-equiv="refresh" content="2; url=/duty/ledger/job_ledger1">"#))
            #expect(page.html.contains("Running: 2000 of 5000 rows done"))
        }
    }

    @Test("a ledger job result that cannot be read is an error naming the field, never a page with figures left out")
    func unreadableResult() throws {
        let missing = #"{"name":"q2.csv","ledger":{"summary":{"lines":2,"errors":0,"conditional":0,"value":1500.00,"duty":200.00,"by_layer":[],"by_origin":[{"origin":"CN","lines":1,"value":1000.00}],"by_chapter":[]}},"errors":[]}"#
        let error = #expect(throws: WorkbenchError.self) { try LedgerResultView.values(missing, jobID: "job_x") }
        #expect(error?.message.contains("ledger.summary.by_origin[0].duty") == true, "\(error?.message ?? "")")
        let read = try LedgerResultView.values(missing.replacingOccurrences(of: #""value":1000.00}"#, with: #""value":1000.00,"duty":200.10}"#), jobID: "job_x")
        #expect(read["duty"] as? String == "200.00" && (read["byOrigin"] as? [[String: Any]])?.first?["duty"] as? String == "200.10")
    }
}
