import DataFormats
import Foundation
import Hummingbird
import Operations
import Store
import TariffExclusions

/// The reviewer's decision on an exclusion request: the form (outcome, reasons, one finding per published
/// criterion, the effective period, a consistency reason) beside the earlier decisions on the same HTS-10, sent
/// to `ExclusionService.decide` as `POST /v1/exclusions/{id}/decision` sends it (reviewer role, audited). A
/// decision the consistency check refuses, or one outside the window, re-shows the form with the check's answer.
extension Workbench {
    func addExclusionDecisionRoutes(to router: Router<WorkbenchContext>) {
        router.get("/exclusions/:id/decide") { _, context in
            _ = try require(.reviewer, context)
            return try await decisionPage(context, id: Self.pathID(context), form: FormFields(), problem: nil)
        }
        router.post("/exclusions/:id/decision") { _, context in
            let session = try require(.reviewer, context)
            let id = Self.pathID(context)
            let form = context.form
            var findings: [DecisionDraft.FindingDraft] = []
            for criterion in ExclusionCriteria.all {
                let field = "finding." + criterion.id
                let result = try FormText.optional(form[field], field, limit: 20) ?? FindingResult.notAssessed.rawValue
                let note = try FormText.optional(form["note." + criterion.id], "note." + criterion.id, limit: InputText.freeTextLimit, multiline: true)
                findings.append(DecisionDraft.FindingDraft(criterion: criterion.id, result: result, note: note))
            }
            let draft = DecisionDraft(
                outcome: try FormText.required(form["outcome"], "outcome", limit: 40),
                reasons: try FormText.required(form["reasons"], "reasons", limit: InputText.freeTextLimit, multiline: true), findings: findings,
                effectiveFrom: try FormText.optional(form["effective_from"], "effective_from", limit: 10),
                effectiveTo: try FormText.optional(form["effective_to"], "effective_to", limit: 10),
                consistencyReason: try FormText.optional(form["consistency_reason"], "consistency_reason", limit: InputText.freeTextLimit, multiline: true))
            do {
                _ = try await service.exclusions.decide(id, draft, actor: session.actor)
            } catch let error as ExclusionError {
                switch error.kind {
                case .notFound: throw WorkbenchError.notFound(error.message)
                case .invalid: throw WorkbenchError.badRequest(field: Self.decisionField(error.field), error.message)
                case .consistencyReasonRequired:
                    return try await decisionPage(context, id: id, form: form, problem: (error.field, error.message), status: .unprocessableContent)
                case .outsideWindow, .conflict:
                    return try await decisionPage(context, id: id, form: form, problem: (error.field, error.message), status: .conflict)
                }
            }
            return PageRenderer.redirect("/exclusions/\(LicenceView.pathSegment(id))")
        }
    }

    /// The form's field for a field `ExclusionRules` names (`findings[2].result` is the third criterion's select).
    static func decisionField(_ field: String) -> String {
        guard field.hasPrefix("findings["), let close = field.firstIndex(of: "]"),
            let index = Int(field[field.index(field.startIndex, offsetBy: 9)..<close]), ExclusionCriteria.all.indices.contains(index)
        else { return field }
        let id = ExclusionCriteria.all[index].id
        return field.hasSuffix(".note") ? "note." + id : "finding." + id
    }

    private func decisionPage(
        _ context: WorkbenchContext, id: String, form: FormFields, problem: (field: String, message: String)?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let docket: ExclusionDocket
        do {
            docket = try await service.exclusions.docket(id: id)
        } catch let error as ExclusionError where error.kind == .notFound {
            throw WorkbenchError.notFound(error.message)
        }
        let request = docket.request
        let earlier = try await reads.earlierDecisions(on: docket)
        let outcome = form["outcome"] ?? ""
        var values: [String: Any] = [
            "id": request.id, "href": "/exclusions/" + LicenceView.pathSegment(request.id), "hts10": request.hts10.description,
            "product": request.productDescription, "requester": request.requester.organisation,
            "opens": Self.time(request.rebuttalWindowCloses.milliseconds), "decided": docket.decision != nil,
            "outcomes": ExclusionOutcome.allCases.map { ["value": $0.rawValue, "selected": $0.rawValue == outcome] },
            "criteria": ExclusionCriteria.all.map { criterion in
                let chosen = form["finding." + criterion.id] ?? FindingResult.notAssessed.rawValue
                return [
                    "id": criterion.id, "text": criterion.text, "note": form["note." + criterion.id] ?? "",
                    "results": FindingResult.allCases.map { ["value": $0.rawValue, "selected": $0.rawValue == chosen] },
                ] as [String: Any]
            },
            "reasons": form["reasons"] ?? "", "effectiveFrom": form["effective_from"] ?? "", "effectiveTo": form["effective_to"] ?? "",
            "consistencyReason": form["consistency_reason"] ?? "",
            "earlier": earlier.map {
                [
                    "id": $0.requestID, "href": "/exclusions/" + LicenceView.pathSegment($0.requestID), "product": $0.productDescription,
                    "outcome": $0.outcome.rawValue, "similarity": String(format: "%.2f", $0.similarity), "similar": $0.similar,
                ] as [String: Any]
            },
            "noEarlier": earlier.isEmpty, "threshold": String(format: "%.2f", DescriptionSimilarity.threshold),
        ]
        if let problem {
            values["problem"] = problem.message
            values["problemField"] = problem.field
            values["needsReason"] = problem.field == "consistency_reason"
        }
        return try renderer.page("decide", title: "Decide exclusion request \(request.id)", values, context: context, status: status)
    }
}
