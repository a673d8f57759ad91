import Audit
import Foundation
import Hummingbird
import Operations
import Store
import Testing

@testable import Workbench

/// The uploads that run as background jobs (a CSV to screen on the Screen page, parties to import) and the job
/// page: progress that a reload or another tab finds, results to download, only for the job's owner, audited with
/// the user as actor; roles as the API's; CSRF on the upload form.
@Suite struct WorkbenchJobPageTests {
    static let csv = "id,name,type,country,dob\nr1,Ivan Petrovich Sidorov,person,RU,1961\nr2,Harbourside Bakery Ltd,organization,GB,\n"

    @Test("the Screen page offers a labelled multipart CSV upload with the CSRF field", arguments: PageBackend.allCases)
    func screenPageHasUpload(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            let page = try await browser.get("/screen")
            #expect(page.html.contains(#"<form method="post" action="/screen/batch" enctype="multipart/form-data""#))
            #expect(page.html.contains(#"<label for="batch-file">CSV file</label><input id="batch-file" name="file" type="file""#))
            let form = try #require(page.html.range(of: #"action="/screen/batch""#))
            #expect(page.html[form.upperBound...].prefix(200).contains(#"type="hidden" name="csrf""#))
        }
    }

    @Test("a screener's CSV upload runs as a job whose page shows it done with CSV and JSON Lines to download, audited as screen by the user", arguments: PageBackend.allCases)
    func screenUploadRunsAsJob(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            try await browser.get("/screen")
            let head = try await harness.store.auditHead()?.sequence ?? 0
            let started = try await browser.upload("/screen/batch", file: ("file", "parties.csv", Self.csv))
            #expect(started.status == .seeOther)
            let id = try #require(started.jobID)
            await harness.workbench.jobs.wait(id: id)
            let page = try await browser.get("/jobs/\(id)")
            #expect(page.status == .ok && page.html.contains("<h1>Batch screening</h1>") && page.html.contains("Done: 2 of 2 rows"))
            #expect(page.html.contains(#"<progress id="job-progress" max="2" value="2">"#) && !page.html.contains("http-equiv=\"refresh\""))
            #expect(page.html.contains("2 rows screened, 1 matches"))
            #expect(page.html.contains(#"href="/jobs/\#(id)/files/results.csv""#) && page.html.contains(#"href="/jobs/\#(id)/files/results.jsonl""#))
            let csv = try await browser.get("/jobs/\(id)/files/results.csv")
            #expect(csv.status == .ok && csv.headers[.contentDisposition] == "attachment; filename=\"results.csv\"")
            #expect(csv.html.hasPrefix("query_id,matches,top_entity_id") && csv.html.contains("\nr1,1,ofac-sdn:1001,"))
            let lines = try await browser.get("/jobs/\(id)/files/results.jsonl")
            #expect(lines.html.split(separator: "\n").count == 2 && lines.html.hasPrefix(#"{"query_id":"r1""#))
            let status = try await browser.get("/jobs/\(id)/status")
            #expect(status.html == #"{"state":"done","done":2,"total":2,"final":true,"summary":"Done: 2 of 2 rows"}"#)
            let records = try await harness.store.auditRecords(after: head, limit: 10)
            #expect(records.map(\.action) == ["screen"] && records.first?.actor == "user:sam")
            let list = try await browser.get("/jobs")
            #expect(list.html.contains(#"<a href="/jobs/\#(id)">\#(id)</a>"#))
        }
    }

    @Test("a job that is still running shows its progress, polls with a script and refreshes without one", arguments: PageBackend.allCases)
    func runningJobPolls(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        let store = try #require(harness.store as? any JobStore)
        let now = StoreClock.milliseconds()
        try await store.createJob(
            BackgroundJobRecord(id: "job_running1", owner: "user:sam", kind: "screen.batch", state: .queued, total: 40, createdAt: now, updatedAt: now))
        try await store.startJob(id: "job_running1", at: now)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            // A job silent for 30 s shows as interrupted: this one keeps its heartbeat as a running job does.
            let page = try await whileHeartbeating(store, job: "job_running1", done: 10, total: 40) { try await browser.get("/jobs/job_running1") }
            #expect(page.html.contains("Running: 10 of 40 rows done") && page.html.contains(#"max="40" value="10""#))
            #expect(page.html.contains(#"<noscript><meta http-equiv="refresh" content="2"></noscript>"#))
            #expect(page.html.contains(#"<script src="/static/jobs.js" defer></script>"#) && page.html.contains(#"data-status="/jobs/job_running1/status""#))
            #expect(!page.html.contains("Results</h2>"))
            let script = try await browser.get("/static/jobs.js")
            #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
        }
    }

    @Test("another user cannot see a job or its files (404 page), and a signed-out visitor is sent to sign in", arguments: PageBackend.allCases)
    func jobsAreTheOwners(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            try await browser.get("/screen")
            let id = try #require(try await browser.upload("/screen/batch", file: ("file", "parties.csv", Self.csv)).jobID)
            await harness.workbench.jobs.wait(id: id)
            try await browser.post("/signout", [])
            #expect(try await browser.get("/jobs/\(id)").location == "/signin?next=/jobs/\(id)")
            try await browser.signIn("ana")
            let page = try await browser.get("/jobs/\(id)")
            #expect(page.status == .notFound && page.html.contains("no job \(id)"))
            #expect(try await browser.get("/jobs/\(id)/files/results.csv").status == .notFound)
        }
    }

    @Test("an upload without the CSRF token is refused (403) and starts no job; one without a file is a 400 page naming the field", arguments: PageBackend.allCases)
    func uploadRefusals(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            try await browser.get("/screen")
            let forged = try await browser.upload("/screen/batch", file: ("file", "parties.csv", Self.csv), csrf: false)
            #expect(forged.status == .forbidden && forged.html.contains("CSRF"))
            let jobs = try await harness.workbench.jobs.jobs(owner: "user:sam", before: nil).jobs
            #expect(jobs.isEmpty)
            try await browser.get("/screen")
            let missing = try await browser.upload("/screen/batch", file: nil)
            #expect(missing.status == .badRequest && missing.html.contains("file: choose a CSV file"))
        }
    }

    @Test("a CSV whose header is wrong gives a failed job page that names the line", arguments: PageBackend.allCases)
    func failedJobPage(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            try await browser.get("/screen")
            let id = try #require(try await browser.upload("/screen/batch", file: ("file", "bad.csv", "id,nom\nr1,Ivan\n")).jobID)
            await harness.workbench.jobs.wait(id: id)
            let page = try await browser.get("/jobs/\(id)")
            #expect(page.html.contains("Job <code>\(id)</code>: failed") && page.html.contains("line 1: unknown column &#39;nom&#39;"), "\(page.html)")
            #expect(page.html.contains("This job gave no files."))
        }
    }

    @Test("an analyst imports parties from a CSV as a job (stored, screened, alert opened); a screener is refused with a 403 page as the API refuses", arguments: PageBackend.allCases)
    func partyImportJob(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            try await browser.get("/screen")
            let refused = try await browser.upload("/parties/import", file: ("file", "parties.csv", Self.csv))
            #expect(refused.status == .forbidden && refused.html.contains("analyst"))
            try await browser.post("/signout", [])
            try await browser.signIn("ana")
            try await browser.get("/screen")
            let id = try #require(try await browser.upload("/parties/import", file: ("file", "parties.csv", Self.csv)).jobID)
            await harness.workbench.jobs.wait(id: id)
            let page = try await browser.get("/jobs/\(id)")
            #expect(page.html.contains("<h1>Party import</h1>") && page.html.contains("2 parties received: 2 new"), "\(page.html)")
            #expect(try await harness.store.party(id: "r1")?.name == "Ivan Petrovich Sidorov")
            #expect(try await harness.store.alerts(partyID: "r1").count == 1)
        }
    }
}
