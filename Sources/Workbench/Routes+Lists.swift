import DataFormats
import Foundation
import Hummingbird
import Operations
import Store

/// Lists: every version per source with its dates and hash, what each version added, changed and removed
/// (browsable, paginated by entity id in the database) with the alerts opened against it, and the upload of a new
/// version (admins, as the API's list upload: the same operation as `clearance lists import`).
extension Workbench {
    func addListRoutes(to router: Router<WorkbenchContext>) {
        router.get("/lists") { request, context in
            let session = try require(.screener, context)
            let query = request.uri.queryParameters
            let source = try FormText.optional(query["source"].map(String.init), "source", limit: 100)
            let before = try FormText.integer(query["before"].map(String.init), "before", in: 1...Int.max).map(Int64.init)
            let page = try await reads.listVersions(source: source, before: before)
            let sources = (service.manifest?.lists.map(\.source) ?? service.screener.index.lists.map(\.source)).sorted()
            var values: [String: Any] = [
                "empty": page.versions.isEmpty, "admin": session.user.role >= .admin,
                "sources": ([""] + sources).map { ["value": $0, "label": $0.isEmpty ? "any" : $0, "selected": $0 == (source ?? "")] },
                "uploadSources": sources.map { ["value": $0] },
                "versions": page.versions.map { version in
                    [
                        "id": version.id, "source": version.source, "name": version.name, "published": version.published ?? "undated",
                        "imported": Self.time(version.importedAt), "sha256": version.sha256, "entities": version.entityCount,
                        "active": version.active ? "active" : "superseded", "partial": version.partial ?? "",
                    ] as [String: Any]
                },
            ]
            if let next = page.next { values["next"] = Self.link("/lists", [("source", source), ("before", String(next))]) }
            if before != nil { values["first"] = Self.link("/lists", [("source", source)]) }
            return try renderer.page("lists", title: "Lists", values, context: context)
        }
        router.get("/lists/versions/:id") { request, context in
            _ = try require(.screener, context)
            let text = context.parameters.get("id") ?? ""
            guard let id = Int64(text), id > 0 else { throw WorkbenchError.notFound("There is no list version \(text).") }
            let query = request.uri.queryParameters
            var change = EntityChange.added
            if let given = try FormText.optional(query["change"].map(String.init), "change") {
                guard let known = EntityChange(rawValue: given) else {
                    throw WorkbenchError.badRequest(field: "change", "change must be added, changed or removed, got \"\(given)\"")
                }
                change = known
            }
            let after = try FormText.optional(query["after"].map(String.init), "after", limit: 200)
            let file = try await reads.listVersion(id: id, change: change, after: after)
            var values = Self.versionValues(file, after: after)
            values["justImported"] = query["imported"] == "1"
            if let job = query["job"].map(String.init), job.hasPrefix("job_"), job.count <= 64, job.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                values["rescreenJob"] = "/jobs/\(job)"
            }
            return try renderer.page("list-version", title: "\(file.version.source) version \(file.version.id)", values, context: context)
        }
        router.post("/lists/upload") { _, context in
            let session = try require(.admin, context)
            let source = try FormText.required(context.form["source"], "source", limit: 100)
            let published = try FormText.optional(context.form["published"], "published", limit: 10)
            let force = context.form["force"] == "1"
            let file = try Self.uploadedFile(context, field: "file")
            let report: ComplianceService.ListUpdateReport
            do {
                report = try await service.importListFile(
                    source: source, data: file.data, published: published, force: force, actor: session.actor, work: false)
            } catch let error as ListUploadError {
                throw error.kind == .unknownSource
                    ? WorkbenchError.badRequest(field: "source", "source: \(error.description)")
                    : WorkbenchError.badRequest(field: "file", "file \(file.filename) cannot be read as a \(source) list: \(error.description)")
            } catch let error as ListVersionRefused {
                throw WorkbenchError(.conflict, "Version refused", error.description.replacingOccurrences(of: "--force (API: ?force=true)", with: "“force” ticked"))
            }
            guard report.jobID != nil else { return PageRenderer.redirect("/lists/versions/\(report.versionID)?imported=1") }
            // The stored parties are screened again in the background (the version is active already).
            let job = try await jobs.startRescreening(service: service, chunks: report.chunks, owner: session.actor)
            return PageRenderer.redirect("/lists/versions/\(report.versionID)?imported=1&job=\(job.id)")
        }
    }

    static func versionValues(_ file: ListVersionFile, after: String?) -> [String: Any] {
        let version = file.version
        var values: [String: Any] = [
            "id": version.id, "source": version.source, "name": version.name, "published": version.published ?? "undated",
            "imported": time(version.importedAt), "sha256": version.sha256, "entities": version.entityCount,
            "active": version.active ? "active" : "superseded", "change": file.change.rawValue,
            "previous": file.previous.map { ["id": $0.id, "published": $0.published ?? "undated"] as [String: Any] } as Any,
            "first": file.previous == nil,
            "changes": EntityChange.allCases.map { change in
                ["label": change.rawValue, "href": "/lists/versions/\(version.id)?change=\(change.rawValue)", "current": change == file.change]
            },
            "rows": file.entities.map { entity in ["id": entity.id, "name": Self.entityName(entity.json), "record": EntityView.pretty(entity.json)] },
            "empty": file.entities.isEmpty,
            "alerts": file.alerts.map { alert in
                [
                    "id": alert.id, "party": alert.partyID, "href": partyLink(alert.partyID), "entity": alert.entityID,
                    "score": ExplanationView.percent(alert.score), "status": alert.status.rawValue, "opened": time(alert.openedAt),
                ] as [String: Any]
            },
            "noAlerts": file.alerts.isEmpty, "moreAlerts": file.moreAlerts,
            "queue": link("/alerts", [("status", "any"), ("list", version.source)]),
        ]
        if let next = file.next { values["next"] = link("/lists/versions/\(version.id)", [("change", file.change.rawValue), ("after", next)]) }
        if after != nil { values["firstPage"] = "/lists/versions/\(version.id)?change=\(file.change.rawValue)" }
        return values
    }

    /// The `name` of a stored entity record (its id when the record has none).
    static func entityName(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], let name = object["name"] as? String else {
            return "—"
        }
        return name
    }
}
