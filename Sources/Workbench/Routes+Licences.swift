import DataFormats
import Foundation
import Hummingbird
import Operations
import Store

/// Licences with their balances and validity, a licence's draws and authorisations, revoking a licence (admin,
/// with a reason), authorisation decisions with their reasons and token state, the revocation feed and the
/// registered artefacts. Roles and calls are the API's: reading licences and decisions needs analyst, the
/// revocation feed and artefacts screener, revoking admin (`ComplianceService.revokeLicense`, audited).
extension Workbench {
    func addLicenceRoutes(to router: Router<WorkbenchContext>) {
        router.get("/licences") { request, context in
            _ = try require(.analyst, context)
            let after = try FormText.optional(request.uri.queryParameters["after"].map(String.init), "after", limit: 200)
            let page = try await reads.licences(after: after)
            var values: [String: Any] = ["licences": page.licences.map(LicenceView.standing), "empty": page.licences.isEmpty]
            if let next = page.next { values["next"] = LicenceView.link("/licences", ["after": next]) }
            return try renderer.page("licences", title: "Licences", values, context: context)
        }
        router.get("/licences/:id") { request, context in
            let session = try require(.analyst, context)
            let id = Self.pathID(context)
            let query = request.uri.queryParameters
            let before = try FormText.integer(query["draws_before"].map(String.init), "draws_before", in: 1...Int.max).map(Int64.init)
            let file = try await reads.licence(id: id, drawsBefore: before)
            var values = LicenceView.file(file)
            values["admin"] = session.user.role >= .admin
            if let swept = try FormText.integer(query["revoked"].map(String.init), "revoked", in: 0...Int.max) {
                values["revokedNotice"] = "Licence revoked; \(swept) authorisation\(swept == 1 ? "" : "s") drawing on it revoked with it (now in the revocation feed)."
            }
            return try renderer.page("licence", title: "Licence \(id)", values, context: context)
        }
        router.post("/licences/:id/revoke") { _, context in
            let session = try require(.admin, context)
            let id = Self.pathID(context)
            let reason = try FormText.required(context.form["reason"], "reason", limit: InputText.freeTextLimit, multiline: true)
            let result = try await service.revokeLicense(id: id, reason: reason, actor: session.actor)
            return PageRenderer.redirect(LicenceView.link("/licences/" + LicenceView.pathSegment(id), ["revoked": String(result.revoked)]))
        }
        router.get("/authorizations") { request, context in
            _ = try require(.analyst, context)
            let query = request.uri.queryParameters
            var cursor: AuthorizationCursor?
            if let id = try FormText.optional(query["before_id"].map(String.init), "before_id", limit: 200) {
                guard let time = try FormText.integer(query["before"].map(String.init), "before", in: 0...Int.max) else {
                    throw WorkbenchError.badRequest(field: "before", "before is required with before_id")
                }
                cursor = AuthorizationCursor(createdAt: Int64(time), id: id)
            }
            let page = try await reads.authorizations(before: cursor)
            var values: [String: Any] = ["authorizations": page.authorizations.map(LicenceView.summary), "empty": page.authorizations.isEmpty]
            if let next = page.next { values["next"] = LicenceView.link("/authorizations", ["before": String(next.createdAt), "before_id": next.id]) }
            return try renderer.page("authorizations", title: "Authorisation decisions", values, context: context)
        }
        router.get("/authorizations/:id") { _, context in
            _ = try require(.analyst, context)
            let id = Self.pathID(context)
            let found = try await reads.authorization(id: id)
            return try renderer.page("authorization", title: "Authorisation \(id)", LicenceView.decision(found.record, token: found.token), context: context)
        }
        router.get("/revocations") { request, context in
            _ = try require(.screener, context)
            let before = try FormText.integer(request.uri.queryParameters["before"].map(String.init), "before", in: 1...Int.max).map(Int64.init)
            let page = try await reads.revocations(before: before)
            var values: [String: Any] = [
                "revocations": page.revocations.map {
                    ["sequence": $0.sequence, "id": $0.authorizationID, "reason": $0.reason, "when": Self.time($0.revokedAt)] as [String: Any]
                },
                "empty": page.revocations.isEmpty,
            ]
            if let next = page.next { values["next"] = LicenceView.link("/revocations", ["before": String(next)]) }
            return try renderer.page("revocations", title: "Revocation feed", values, context: context)
        }
        router.get("/artifacts") { request, context in
            _ = try require(.screener, context)
            let after = try FormText.optional(request.uri.queryParameters["after"].map(String.init), "after", limit: 200)
            let page = try await reads.artifacts(after: after)
            var values: [String: Any] = [
                "artifacts": page.artifacts.map { ["id": $0.id, "eccn": $0.eccn, "description": $0.description ?? "—"] },
                "empty": page.artifacts.isEmpty,
            ]
            if let next = page.next { values["next"] = LicenceView.link("/artifacts", ["after": next]) }
            return try renderer.page("artifacts", title: "Artefacts", values, context: context)
        }
    }

    /// The `:id` path parameter, percent-decoded (an id may hold characters a path segment must escape).
    static func pathID(_ context: WorkbenchContext) -> String {
        let raw = context.parameters.get("id") ?? ""
        return raw.removingPercentEncoding ?? raw
    }
}
