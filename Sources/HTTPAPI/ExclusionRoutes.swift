import Operations
import Foundation
import Hummingbird
import Store
import DataFormats
import TariffExclusions

/// The tariff-exclusion routes: requests, their dockets, decisions, extensions and the consistency report.
///
/// Reading needs no key (the public view, without confidential business information); reviewer and
/// admin keys read everything. Any key may file a request or comment; deciding and extending need reviewer.
extension Routes {
    func registerExclusions(on router: Router<ClearanceRequestContext>) {
        router.post("/v1/exclusions") { request, context in
            let key = try context.require(.screener)
            let body = try await JSONBody.read(request)
            let draft = try Self.requestDraft(body)
            let docket = try await Self.mapping { try await service.exclusions.file(draft, actor: key.id) }
            return JSONResponse.make(view(docket, context), status: .created)
        }
        router.get("/v1/exclusions") { request, context in
            let hts10 = request.uri.queryParameters.get("hts10").map { String($0) }
            let status = try request.uri.queryParameters.get("status").map { text -> ExclusionStatus in
                guard let status = ExclusionStatus(rawValue: String(text)) else {
                    throw APIError.invalid("status", "status must be one of \(ExclusionStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return status
            }
            let dockets = try await Self.mapping { try await service.exclusions.dockets(hts10: hts10, status: status) }
            return JSONResponse.make(["exclusions": dockets.map { view($0, context) }])
        }
        router.get("/v1/exclusions/consistency") { _, _ in
            let pairs = try await Self.mapping { try await service.exclusions.consistencyReport() }
            return JSONResponse.make(ConsistencyReportView(threshold: DescriptionSimilarity.threshold, pairs: pairs))
        }
        router.get("/v1/exclusions/{id}") { _, context in
            let id = try context.parameters.require("id")
            return JSONResponse.make(view(try await Self.mapping { try await service.exclusions.docket(id: id) }, context))
        }
        router.post("/v1/exclusions/{id}/comments") { request, context in
            let key = try context.require(.screener)
            let id = try context.parameters.require("id")
            let body = try await JSONBody.read(request)
            try body.allowOnly(["replies_to", "author", "organisation", "position", "text", "confidential_text"])
            let draft = CommentDraft(
                repliesTo: try body.string("replies_to"), author: try body.string("author", required: true, limit: InputText.nameLimit) ?? "",
                organisation: try body.string("organisation", limit: InputText.nameLimit), position: try body.string("position", required: true) ?? "",
                text: try body.string("text", required: true, limit: InputText.freeTextLimit, multiline: true) ?? "",
                confidentialText: try body.string("confidential_text", limit: InputText.freeTextLimit, multiline: true))
            let docket = try await Self.mapping { try await service.exclusions.comment(on: id, draft, actor: key.id) }
            return JSONResponse.make(view(docket, context), status: .created)
        }
        router.post("/v1/exclusions/{id}/decision") { request, context in
            let key = try context.require(.reviewer)
            let id = try context.parameters.require("id")
            let body = try await JSONBody.read(request)
            try body.allowOnly(["outcome", "reasons", "findings", "effective_from", "effective_to", "consistency_reason"])
            let findings = try (body.objects("findings") ?? []).map { item in
                try item.allowOnly(["criterion", "result", "note"])
                return DecisionDraft.FindingDraft(
                    criterion: try item.string("criterion", required: true) ?? "", result: try item.string("result", required: true) ?? "",
                    note: try item.string("note", limit: InputText.freeTextLimit, multiline: true))
            }
            let draft = DecisionDraft(
                outcome: try body.string("outcome", required: true) ?? "",
                reasons: try body.string("reasons", required: true, limit: InputText.freeTextLimit, multiline: true) ?? "",
                findings: findings, effectiveFrom: try body.string("effective_from"), effectiveTo: try body.string("effective_to"),
                consistencyReason: try body.string("consistency_reason", limit: InputText.freeTextLimit, multiline: true))
            let docket = try await Self.mapping { try await service.exclusions.decide(id, draft, actor: key.id) }
            return JSONResponse.make(view(docket, context), status: .created)
        }
        router.post("/v1/exclusions/{id}/extensions") { request, context in
            let key = try context.require(.reviewer)
            let id = try context.parameters.require("id")
            let body = try await JSONBody.read(request)
            try body.allowOnly(["effective_to", "reason"])
            let to = try body.string("effective_to", required: true) ?? ""
            let reason = try body.string("reason", required: true, limit: InputText.freeTextLimit, multiline: true) ?? ""
            let docket = try await Self.mapping { try await service.exclusions.extend(id, to: to, reason: reason, actor: key.id) }
            return JSONResponse.make(view(docket, context), status: .created)
        }
    }

    /// The reviewer view for reviewer and admin keys, the public view for everyone else.
    private func view(_ docket: ExclusionDocket, _ context: ClearanceRequestContext) -> ExclusionView {
        let audience: ExclusionAudience = (context.key?.role ?? .screener) >= .reviewer ? .reviewer : .public
        return ExclusionView(docket, for: audience, at: service.exclusions.clock())
    }

    private static func requestDraft(_ body: JSONBody) throws -> ExclusionRequestDraft {
        try body.allowOnly([
            "requester", "hts10", "product_description", "tariff_action", "grounds", "figures", "confidential_statement", "comment_days",
            "rebuttal_days",
        ])
        guard let requester = try body.nested("requester") else { throw APIError.invalid("requester", "\"requester\" is required") }
        try requester.allowOnly(["name", "organisation"])
        guard let action = try body.nested("tariff_action") else { throw APIError.invalid("tariff_action", "\"tariff_action\" is required") }
        try action.allowOnly(["kind", "heading"])
        let figures = try (body.objects("figures") ?? []).map { item in
            try item.allowOnly(["name", "value", "unit", "confidential"])
            guard let value = try item.number("value") else { throw APIError.invalid(item.name("value"), "\"\(item.name("value"))\" is required") }
            return ExclusionRequestDraft.FigureDraft(
                name: try item.string("name", required: true) ?? "", value: value, unit: try item.string("unit", required: true) ?? "",
                confidential: try item.bool("confidential") ?? false)
        }
        return ExclusionRequestDraft(
            requesterName: try requester.string("name", required: true, limit: InputText.nameLimit) ?? "",
            requesterOrganisation: try requester.string("organisation", required: true, limit: InputText.nameLimit) ?? "",
            hts10: try body.string("hts10", required: true) ?? "",
            productDescription: try body.string("product_description", required: true, limit: InputText.freeTextLimit, multiline: true) ?? "",
            actionKind: try action.string("kind", required: true) ?? "", actionHeading: try action.string("heading", required: true) ?? "",
            grounds: try body.strings("grounds"), figures: figures, confidentialStatement: try body.string("confidential_statement", limit: InputText.freeTextLimit, multiline: true),
            commentDays: try body.integer("comment_days"), rebuttalDays: try body.integer("rebuttal_days"))
    }

    /// Runs `body`, answering its `ExclusionError` as the API error it stands for.
    private static func mapping<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ExclusionError {
            switch error.kind {
            case .invalid: throw APIError.invalid(error.field, error.message)
            case .notFound: throw APIError(.notFound, "not_found", error.message, field: error.field)
            case .outsideWindow: throw APIError(.conflict, "outside_window", error.message, field: error.field)
            case .conflict: throw APIError(.conflict, "conflict", error.message, field: error.field)
            case .consistencyReasonRequired:
                throw APIError(.unprocessableContent, "consistency_reason_required", error.message, field: error.field)
            }
        }
    }
}

struct ConsistencyReportView: Encodable {
    var threshold: Double
    var pairs: [ConsistencyPair]
}
