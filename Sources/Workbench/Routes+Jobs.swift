import DataFormats
import Foundation
import HTTPTypes
import Hummingbird
import Operations
import Store

/// Background jobs: the uploads that start them (a CSV to screen, parties to import), the job page with its
/// progress (polled by a small script, refreshed without one) and its results to download, and the user's jobs.
extension Workbench {
    /// The script that polls a job page's progress (a page works without it: a `<noscript>` refresh).
    static let jobScript = """
        "use strict";
        (function () {
          var section = document.getElementById("job");
          if (!section || section.dataset.final === "true") return;
          var bar = document.getElementById("job-progress");
          var text = document.getElementById("job-text");
          function poll() {
            fetch(section.dataset.status, { headers: { Accept: "application/json" }, credentials: "same-origin" })
              .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
              .then(function (job) {
                if (job.final) { window.location.reload(); return; }
                if (job.total) { bar.max = job.total; bar.value = job.done; }
                text.textContent = job.summary;
                window.setTimeout(poll, 1000);
              })
              .catch(function () { window.setTimeout(poll, 5000); });
          }
          window.setTimeout(poll, 1000);
        })();
        """

    func addJobRoutes(to router: Router<WorkbenchContext>) {
        router.get("/static/jobs.js") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/javascript; charset=utf-8"
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Self.jobScript)))
        }
        router.post("/screen/batch") { _, context in
            let session = try require(.screener, context)
            let file = try Self.uploadedFile(context, field: "file")
            let job = try await jobs.startBatchScreening(file.data, service: service, owner: session.actor)
            return PageRenderer.redirect("/jobs/\(job.id)")
        }
        router.post("/parties/import") { _, context in
            let session = try require(.analyst, context)
            let file = try Self.uploadedFile(context, field: "file")
            let job = try await jobs.startPartyImport(file.data, service: service, owner: session.actor)
            return PageRenderer.redirect("/jobs/\(job.id)")
        }
        router.get("/jobs") { request, context in
            let session = try require(.screener, context)
            let query = request.uri.queryParameters
            var cursor: JobCursor?
            if let time = try FormText.integer(query["before_time"].map(String.init), "before_time", in: 0...Int.max) {
                let id = try FormText.required(query["before_id"].map(String.init), "before_id", limit: 64)
                cursor = JobCursor(createdAt: Int64(time), id: id)
            }
            let page = try await jobs.jobs(owner: session.actor, before: cursor)
            var values: [String: Any] = ["jobs": page.jobs.map(Self.jobValues), "empty": page.jobs.isEmpty]
            if let next = page.next { values["next"] = "/jobs?before_time=\(next.createdAt)&before_id=\(next.id)" }
            if cursor != nil { values["first"] = "/jobs" }
            return try renderer.page("jobs", title: "Your jobs", values, context: context)
        }
        router.get("/jobs/:id") { _, context in
            let session = try require(.screener, context)
            let job = try await jobs.job(id: try Self.jobID(context), owner: session.actor)
            var values = Self.jobValues(job)
            values["files"] = try await jobs.artefacts(id: job.id, owner: session.actor).map { file in
                ["name": file.name, "href": "/jobs/\(job.id)/files/\(file.name)"]
            }
            if job.kind == BackgroundJobs.ledger { values["ledgerResult"] = "/duty/ledger/\(job.id)" }
            return try renderer.page("job", title: Self.jobTitle(job.kind), values, context: context)
        }
        router.get("/jobs/:id/status") { _, context in
            let session = try require(.screener, context)
            let job = try await jobs.job(id: try Self.jobID(context), owner: session.actor)
            var writer = JSONWriter()
            writer.openObject()
            writer.key("state"); writer.string(job.state.rawValue)
            writer.key("done"); writer.number(job.done)
            writer.key("total"); if let total = job.total { writer.number(total) } else { writer.null() }
            writer.key("final"); writer.bool(job.state.isFinal)
            writer.key("summary"); writer.string(Self.progressText(job))
            writer.closeObject()
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: writer.text)))
        }
        router.get("/jobs/:id/files/:name") { _, context in
            let session = try require(.screener, context)
            let name = context.parameters.get("name") ?? ""
            let file = try await jobs.artefact(id: try Self.jobID(context), name: name, owner: session.actor)
            var headers = HTTPFields()
            headers[.contentType] = file.mediaType
            headers[.contentDisposition] = "attachment; filename=\"\(file.name)\""
            headers[.cacheControl] = "no-store"
            headers[.xContentTypeOptions] = "nosniff"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: file.content)))
        }
    }

    /// The one file of an upload form's `field`; 400 naming the field when none (or an empty one) was sent.
    static func uploadedFile(_ context: WorkbenchContext, field: String) throws(WorkbenchError) -> UploadedFile {
        guard let file = context.files.first(where: { $0.field == field }) else {
            throw .badRequest(field: field, "\(field): choose a CSV file to upload (the form must be sent as multipart/form-data)")
        }
        guard !file.data.isEmpty else { throw .badRequest(field: field, "\(field): the file \(file.filename) is empty") }
        return file
    }

    static func jobID(_ context: WorkbenchContext) throws(WorkbenchError) -> String {
        let id = context.parameters.get("id") ?? ""
        guard id.hasPrefix("job_"), id.count <= 64, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw .notFound("There is no job \(id).")
        }
        return id
    }

    static func jobTitle(_ kind: String) -> String {
        switch kind {
        case BackgroundJobs.batchScreening: "Batch screening"
        case BackgroundJobs.partyImport: "Party import"
        case BackgroundJobs.rescreening: "Re-screening after a list import"
        case BackgroundJobs.ledger: "Purchase ledger"
        default: "Job \(kind)"
        }
    }

    static func progressText(_ job: BackgroundJobRecord) -> String {
        let rows = job.total.map { "\(job.done) of \($0) rows" } ?? "\(job.done) rows"
        switch job.state {
        case .queued: return "Waiting to start"
        case .running: return "Running: \(rows) done"
        case .done: return "Done: \(rows)"
        case .failed: return "Failed after \(rows)"
        case .interrupted: return "Interrupted after \(rows)"
        }
    }

    static func jobValues(_ job: BackgroundJobRecord) -> [String: Any] {
        [
            "id": job.id, "kind": jobTitle(job.kind), "state": job.state.rawValue, "done": job.done, "total": job.total ?? 0,
            "hasTotal": job.total != nil, "progress": progressText(job), "message": job.message ?? "", "final": job.state.isFinal,
            "finalText": job.state.isFinal ? "true" : "false", "failed": job.state == .failed || job.state == .interrupted,
            "started": time(job.createdAt), "finished": job.finishedAt.map(time) ?? "—",
        ]
    }
}

extension HTTPField.Name {
    static let contentDisposition = Self("Content-Disposition")!
}
