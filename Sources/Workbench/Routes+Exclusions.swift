import DataFormats
import Foundation
import Hummingbird
import Operations
import Store
import TariffExclusions

/// The public exclusion docket: the requests, one request with its comments and timeline, and the public
/// comment form. No sign-in needed; what is shown is the API's view for the visitor's role (the public view,
/// without confidential business information, unless a reviewer is signed in).
extension Workbench {
    func addExclusionRoutes(to router: Router<WorkbenchContext>) {
        router.get("/exclusions") { request, context in
            let role = context.session?.user.role
            let query = request.uri.queryParameters
            var cursor: ExclusionCursor?
            if let id = try FormText.optional(query["before_id"].map(String.init), "before_id", limit: 200) {
                guard let time = try FormText.integer(query["before"].map(String.init), "before", in: 0...Int.max) else {
                    throw WorkbenchError.badRequest(field: "before", "before is required with before_id")
                }
                cursor = ExclusionCursor(receivedAt: Int64(time), id: id)
            }
            let page = try await reads.exclusionDockets(before: cursor)
            let views = page.dockets.map { service.exclusions.view($0, for: role) }
            var values: [String: Any] = [
                "requests": views.map {
                    [
                        "id": $0.id, "hts10": $0.hts10.description, "product": $0.productDescription, "status": $0.status.rawValue,
                        "requester": $0.requester.organisation, "comments": $0.comments.count, "received": Self.time($0.timeline.received.milliseconds),
                    ] as [String: Any]
                },
                "empty": views.isEmpty,
            ]
            if let next = page.next {
                var components = URLComponents()
                components.path = "/exclusions"
                components.queryItems = [URLQueryItem(name: "before", value: String(next.receivedAt)), URLQueryItem(name: "before_id", value: next.id)]
                values["next"] = components.string ?? "/exclusions"
            }
            return try renderer.page("exclusions", title: "Exclusion requests", values, context: context)
        }
        router.get("/exclusions/:id") { _, context in
            try await exclusionPage(context, id: context.parameters.get("id") ?? "", message: nil)
        }
        router.post("/exclusions/:id/comments") { _, context in
            let id = context.parameters.get("id") ?? ""
            let form = context.form
            let position = try FormText.required(form["position"], "position")
            guard CommentPosition(rawValue: position) != nil else {
                throw WorkbenchError.badRequest(field: "position", "position must be support, oppose or neutral, got \"\(position)\"")
            }
            let draft = CommentDraft(
                author: try FormText.required(form["author"], "author", limit: InputText.nameLimit),
                organisation: try FormText.optional(form["organisation"], "organisation", limit: InputText.nameLimit), position: position,
                text: try FormText.required(form["text"], "text", limit: InputText.freeTextLimit, multiline: true))
            let actor = context.session?.actor ?? "public:" + context.client
            do {
                _ = try await service.exclusions.comment(on: id, draft, actor: actor)
            } catch let error as ExclusionError {
                switch error.kind {
                case .notFound: throw WorkbenchError.notFound(error.message)
                case .invalid: throw WorkbenchError.badRequest(field: error.field, error.message)
                default: return try await exclusionPage(context, id: id, message: error.message, status: .conflict)
                }
            }
            return PageRenderer.redirect("/exclusions/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)#comments")
        }
    }

    private func exclusionPage(_ context: WorkbenchContext, id: String, message: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let docket: ExclusionDocket
        do {
            docket = try await service.exclusions.docket(id: id)
        } catch let error as ExclusionError where error.kind == .notFound {
            throw WorkbenchError.notFound(error.message)
        }
        let view = service.exclusions.view(docket, for: context.session?.user.role)
        let timeline = view.timeline
        var events: [[String: String]] = [
            ["what": "received", "when": Self.time(timeline.received.milliseconds)],
            ["what": "comment window closes", "when": Self.time(timeline.commentWindowCloses.milliseconds)],
            ["what": "rebuttal window closes", "when": Self.time(timeline.rebuttalWindowCloses.milliseconds)],
        ]
        if let decided = timeline.decided { events.append(["what": "decided", "when": Self.time(decided.milliseconds)]) }
        if let from = timeline.effectiveFrom { events.append(["what": "effective from", "when": from.description]) }
        if let to = timeline.effectiveTo { events.append(["what": "effective to", "when": to.description]) }
        for entry in timeline.extensions { events.append(["what": "extended to \(entry.to) (\(entry.reason))", "when": Self.time(entry.at.milliseconds)]) }
        let values: [String: Any] = [
            "id": view.id, "hts10": view.hts10.description, "product": view.productDescription, "status": view.status.rawValue,
            "requester": view.requester.organisation, "reviewerView": view.view == .reviewer,
            "figures": view.figures.map { figure -> [String: String] in
                let value: String
                switch figure.value {
                case .number(let number): value = String(format: "%g", number)
                case .withheld: value = ExclusionView.withheldMarker
                }
                return ["name": figure.name, "value": value, "unit": figure.unit]
            },
            "confidentialStatement": view.confidentialStatement ?? "",
            "comments": view.comments.map {
                [
                    "id": $0.id, "author": $0.author, "organisation": $0.organisation ?? "", "position": $0.position.rawValue, "text": $0.text,
                    "confidential": $0.confidentialText ?? "", "when": Self.time($0.submittedAt.milliseconds), "replyTo": $0.repliesTo ?? "",
                ] as [String: Any]
            },
            "noComments": view.comments.isEmpty,
            "decision": view.decision.map { ["outcome": $0.outcome.rawValue, "reasons": $0.reasons] } as Any,
            "events": events,
            "open": view.status == .commentPeriod,
            "message": message ?? "", "hasMessage": message != nil,
            "positions": CommentPosition.allCases.map(\.rawValue),
        ]
        return try renderer.page("exclusion", title: "Exclusion request \(view.id)", values, context: context, status: status)
    }
}
