import Foundation
import OpenAPIRuntime
import Operations
import DataFormats
import TariffExclusions

/// Tariff-exclusion requests, their dockets, decisions, extensions and the consistency report. Reading needs no
/// key (the public view); the view a key gets is `ExclusionService.audience(for:)`'s.
extension APIHandler {
    private var exclusions: ExclusionService { service.exclusions }

    func listExclusions(_ input: Operations.ListExclusions.Input) async throws -> Operations.ListExclusions.Output {
        let status = input.query.status.flatMap { ExclusionStatus(rawValue: $0.rawValue) }
        let hts10 = try FieldText.optional(input.query.hts10, "hts10")
        let dockets = try await exclusions.dockets(hts10: hts10, status: status)
        return .ok(.init(body: .json(ExclusionListing(exclusions: dockets.map { exclusions.view($0, for: RequestState.key?.role) }))))
    }

    func exclusionConsistency(_ input: Operations.ExclusionConsistency.Input) async throws -> Operations.ExclusionConsistency.Output {
        .ok(.init(body: .json(ConsistencyListing(threshold: DescriptionSimilarity.threshold, pairs: try await exclusions.consistencyReport()))))
    }

    func getExclusion(_ input: Operations.GetExclusion.Input) async throws -> Operations.GetExclusion.Output {
        .ok(.init(body: .json(exclusions.view(try await exclusions.docket(id: input.path.id), for: RequestState.key?.role))))
    }

    func fileExclusion(_ input: Operations.FileExclusion.Input) async throws -> Operations.FileExclusion.Output {
        let key = try RequestState.require(.screener)
        guard case .json(let body) = input.body else { throw APIError.invalid("body", "the body must be a JSON object") }
        let figures = try (body.figures ?? []).enumerated().map { index, figure in
            ExclusionRequestDraft.FigureDraft(
                name: try FieldText.required(figure.name, "figures[\(index)].name"), value: figure.value,
                unit: try FieldText.required(figure.unit, "figures[\(index)].unit"), confidential: figure.confidential ?? false)
        }
        let draft = ExclusionRequestDraft(
            requesterName: try FieldText.required(body.requester.name, "requester.name", limit: InputText.nameLimit),
            requesterOrganisation: try FieldText.required(body.requester.organisation, "requester.organisation", limit: InputText.nameLimit),
            hts10: try FieldText.required(body.hts10, "hts10"),
            productDescription: try FieldText.required(
                body.productDescription, "product_description", limit: InputText.freeTextLimit, multiline: true),
            actionKind: body.tariffAction.kind.rawValue, actionHeading: try FieldText.required(body.tariffAction.heading, "tariff_action.heading"),
            grounds: body.grounds.map(\.rawValue), figures: figures,
            confidentialStatement: try FieldText.optional(
                body.confidentialStatement, "confidential_statement", limit: InputText.freeTextLimit, multiline: true),
            commentDays: body.commentDays, rebuttalDays: body.rebuttalDays)
        let docket = try await exclusions.file(draft, actor: key.id)
        return .created(.init(body: .json(exclusions.view(docket, for: key.role))))
    }

    func commentOnExclusion(_ input: Operations.CommentOnExclusion.Input) async throws -> Operations.CommentOnExclusion.Output {
        let key = try RequestState.require(.screener)
        guard case .json(let body) = input.body else { throw APIError.invalid("body", "the body must be a JSON object") }
        let draft = CommentDraft(
            repliesTo: try FieldText.optional(body.repliesTo, "replies_to"),
            author: try FieldText.required(body.author, "author", limit: InputText.nameLimit),
            organisation: try FieldText.optional(body.organisation, "organisation", limit: InputText.nameLimit), position: body.position.rawValue,
            text: try FieldText.required(body.text, "text", limit: InputText.freeTextLimit, multiline: true),
            confidentialText: try FieldText.optional(body.confidentialText, "confidential_text", limit: InputText.freeTextLimit, multiline: true))
        let docket = try await exclusions.comment(on: input.path.id, draft, actor: key.id)
        return .created(.init(body: .json(exclusions.view(docket, for: key.role))))
    }

    func decideExclusion(_ input: Operations.DecideExclusion.Input) async throws -> Operations.DecideExclusion.Output {
        let key = try RequestState.require(.reviewer)
        guard case .json(let body) = input.body else { throw APIError.invalid("body", "the body must be a JSON object") }
        let findings = try (body.findings ?? []).enumerated().map { index, finding in
            DecisionDraft.FindingDraft(
                criterion: finding.criterion.rawValue, result: finding.result.rawValue,
                note: try FieldText.optional(finding.note, "findings[\(index)].note", limit: InputText.freeTextLimit, multiline: true))
        }
        let draft = DecisionDraft(
            outcome: body.outcome.rawValue, reasons: try FieldText.required(body.reasons, "reasons", limit: InputText.freeTextLimit, multiline: true),
            findings: findings, effectiveFrom: try FieldText.optional(body.effectiveFrom, "effective_from"),
            effectiveTo: try FieldText.optional(body.effectiveTo, "effective_to"),
            consistencyReason: try FieldText.optional(body.consistencyReason, "consistency_reason", limit: InputText.freeTextLimit, multiline: true))
        let docket = try await exclusions.decide(input.path.id, draft, actor: key.id)
        return .created(.init(body: .json(exclusions.view(docket, for: key.role))))
    }

    func extendExclusion(_ input: Operations.ExtendExclusion.Input) async throws -> Operations.ExtendExclusion.Output {
        let key = try RequestState.require(.reviewer)
        guard case .json(let body) = input.body else { throw APIError.invalid("body", "the body must be a JSON object") }
        let reason = try FieldText.required(body.reason, "reason", limit: InputText.freeTextLimit, multiline: true)
        let docket = try await exclusions.extend(input.path.id, to: try FieldText.required(body.effectiveTo, "effective_to"), reason: reason, actor: key.id)
        return .created(.init(body: .json(exclusions.view(docket, for: key.role))))
    }
}
