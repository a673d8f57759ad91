import Foundation
import DataFormats

/// The rules of the exclusion process: what a request, comment, decision and extension must hold,
/// and when each may be filed. Pure: callers pass the docket and the instant.
public enum ExclusionRules {
    /// Days the comment window stays open when the request does not say.
    public static let defaultCommentDays = 30
    /// The comment windows a request may ask for.
    public static let commentDaysRange = 10...90
    /// Days rebuttals are accepted after the comment window closes, when the request does not say.
    public static let defaultRebuttalDays = 7
    /// The rebuttal windows a request may ask for.
    public static let rebuttalDaysRange = 1...30
    /// The longest text field accepted (descriptions, statements, comments, reasons).
    public static let maximumTextLength = 20_000
    /// The most supporting figures a request may carry.
    public static let maximumFigures = 50

    // MARK: - Requests

    /// Validates a draft into a request received at `receivedAt`; `isKnownHTS10` says whether a
    /// 10-digit key is in the tariff schedule.
    public static func request(
        _ draft: ExclusionRequestDraft, id: String, receivedAt: Instant, filedBy: String, isKnownHTS10: (String) -> Bool
    ) throws(ExclusionError) -> ExclusionRequest {
        let name = try text(draft.requesterName, field: "requester.name", maximum: 500)
        let organisation = try text(draft.requesterOrganisation, field: "requester.organisation", maximum: 500)
        guard let hts10 = HTS10(draft.hts10) else {
            throw .invalid("hts10", "\"\(draft.hts10)\" is not an HTS-10 code: give ten digits, e.g. 8471300100 or 8471.30.0100")
        }
        guard isKnownHTS10(hts10.key) else {
            throw .invalid("hts10", "\(hts10.dotted) is not a statistical reporting number of the tariff schedule")
        }
        let description = try text(draft.productDescription, field: "product_description", maximum: maximumTextLength)
        guard let kind = TariffActionKind(rawValue: draft.actionKind) else {
            throw .invalid(
                "tariff_action.kind",
                "\"\(draft.actionKind)\" is not a tariff action; use one of \(TariffActionKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let heading = Chapter99Heading(draft.actionHeading) else {
            throw .invalid("tariff_action.heading", "\"\(draft.actionHeading)\" is not a Chapter 99 heading such as 9903.88.03")
        }
        guard !draft.grounds.isEmpty else {
            throw .invalid("grounds", "give at least one ground: \(ExclusionGround.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var grounds: Set<ExclusionGround> = []
        for (index, text) in draft.grounds.enumerated() {
            guard let ground = ExclusionGround(rawValue: text) else {
                throw .invalid(
                    "grounds[\(index)]",
                    "\"\(text)\" is not a ground; use \(ExclusionGround.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            grounds.insert(ground)
        }
        guard draft.figures.count <= maximumFigures else { throw .invalid("figures", "at most \(maximumFigures) figures") }
        var names: Set<String> = []
        let figures = try draft.figures.enumerated().map { (index, figure) throws(ExclusionError) -> SupportingFigure in
            let name = try identifier(figure.name, field: "figures[\(index)].name")
            guard names.insert(name).inserted else { throw .invalid("figures[\(index)].name", "figure \(name) is given twice") }
            guard figure.value.isFinite, abs(figure.value) <= 1e18 else {
                throw .invalid("figures[\(index)].value", "the value must be a finite number up to 1e18")
            }
            let unit = try text(figure.unit, field: "figures[\(index)].unit", maximum: 50)
            return SupportingFigure(name: name, value: figure.value, unit: unit, confidential: figure.confidential)
        }
        let statement = try optionalText(draft.confidentialStatement, field: "confidential_statement")
        let commentDays = draft.commentDays ?? defaultCommentDays
        guard commentDaysRange.contains(commentDays) else {
            throw .invalid("comment_days", "the comment window must be \(commentDaysRange.lowerBound) to \(commentDaysRange.upperBound) days, not \(commentDays)")
        }
        let rebuttalDays = draft.rebuttalDays ?? defaultRebuttalDays
        guard rebuttalDaysRange.contains(rebuttalDays) else {
            throw .invalid("rebuttal_days", "the rebuttal window must be \(rebuttalDaysRange.lowerBound) to \(rebuttalDaysRange.upperBound) days, not \(rebuttalDays)")
        }
        return ExclusionRequest(
            id: id, requester: Requester(name: name, organisation: organisation), hts10: hts10, productDescription: description,
            action: TariffAction(kind: kind, heading: heading), grounds: grounds.sorted(), figures: figures,
            confidentialStatement: statement, receivedAt: receivedAt, commentDays: commentDays, rebuttalDays: rebuttalDays,
            filedBy: filedBy)
    }

    // MARK: - Comments

    /// Validates a comment (or, with `repliesTo`, a rebuttal) on `docket` submitted at `instant`.
    ///
    /// Comments are accepted from receipt until the comment window closes; rebuttals, which must
    /// answer a comment on the same request, until the rebuttal window closes. Nothing once decided.
    public static func comment(_ draft: CommentDraft, on docket: ExclusionDocket, id: String, at instant: Instant, submittedBy: String)
        throws(ExclusionError) -> ExclusionComment
    {
        let request = docket.request
        let author = try text(draft.author, field: "author", maximum: 500)
        let organisation = try optionalText(draft.organisation, field: "organisation", maximum: 500)
        guard let position = CommentPosition(rawValue: draft.position) else {
            throw .invalid("position", "\"\(draft.position)\" is not a position; use support, oppose or neutral")
        }
        let body = try text(draft.text, field: "text", maximum: maximumTextLength)
        let confidential = try optionalText(draft.confidentialText, field: "confidential_text")
        var repliesTo: String?
        if let target = draft.repliesTo {
            guard let comment = docket.comments.first(where: { $0.id == target }) else {
                throw ExclusionError(.notFound, field: "replies_to", "request \(request.id) has no comment \(target) to rebut")
            }
            guard !comment.isRebuttal else {
                throw ExclusionError(.conflict, field: "replies_to", "\(target) is itself a rebuttal; rebut the comment \(comment.repliesTo ?? "")")
            }
            repliesTo = target
        }
        guard docket.decision == nil else {
            throw ExclusionError(.conflict, field: "request", "request \(request.id) is decided; its docket is closed")
        }
        let opens = request.receivedAt
        let closes = repliesTo == nil ? request.commentWindowCloses : request.rebuttalWindowCloses
        let window = repliesTo == nil ? "comment window" : "rebuttal window"
        guard instant >= opens, instant < closes else {
            throw ExclusionError(
                .outsideWindow, field: repliesTo == nil ? "comment_window" : "rebuttal_window",
                "the \(window) of request \(request.id) is open from \(opens) until \(closes); it is \(instant)"
                    + (repliesTo == nil && instant >= closes && instant < request.rebuttalWindowCloses
                        ? " (rebuttals of existing comments are accepted until \(request.rebuttalWindowCloses))" : ""))
        }
        return ExclusionComment(
            id: id, requestID: request.id, repliesTo: repliesTo, author: author, organisation: organisation, position: position,
            text: body, confidentialText: confidential, submittedAt: instant, submittedBy: submittedBy)
    }

    // MARK: - Decisions

    /// Validates a decision on `docket` at `instant`, checking it against `earlier`: decided requests
    /// on the same HTS-10. A decision that departs from an earlier one on a similar description must
    /// give `consistencyReason`; the departures are recorded with it.
    public static func decision(
        _ draft: DecisionDraft, on docket: ExclusionDocket, earlier: [ExclusionDocket], at instant: Instant, decidedBy: String
    ) throws(ExclusionError) -> ExclusionDecision {
        let request = docket.request
        guard docket.decision == nil else {
            throw ExclusionError(.conflict, field: "request", "request \(request.id) is already decided (\(docket.decision?.outcome.rawValue ?? ""))")
        }
        guard instant >= request.rebuttalWindowCloses else {
            throw ExclusionError(
                .outsideWindow, field: "rebuttal_window",
                "request \(request.id) can be decided from \(request.rebuttalWindowCloses), when its rebuttal window closes; it is \(instant)")
        }
        guard let outcome = ExclusionOutcome(rawValue: draft.outcome) else {
            throw .invalid("outcome", "\"\(draft.outcome)\" is not an outcome; use granted, denied or granted_in_part")
        }
        let reasons = try text(draft.reasons, field: "reasons", maximum: maximumTextLength)
        var given: [String: CriterionFinding] = [:]
        for (index, finding) in draft.findings.enumerated() {
            guard ExclusionCriteria.criterion(finding.criterion) != nil else {
                throw .invalid(
                    "findings[\(index)].criterion",
                    "\"\(finding.criterion)\" is not a published criterion; use \(ExclusionCriteria.all.map(\.id).joined(separator: ", "))")
            }
            guard given[finding.criterion] == nil else {
                throw .invalid("findings[\(index)].criterion", "criterion \(finding.criterion) has two findings")
            }
            guard let result = FindingResult(rawValue: finding.result) else {
                throw .invalid("findings[\(index)].result", "\"\(finding.result)\" is not a result; use met, not_met or not_assessed")
            }
            let note = try optionalText(finding.note, field: "findings[\(index)].note")
            given[finding.criterion] = CriterionFinding(criterion: finding.criterion, result: result, note: note)
        }
        let findings = ExclusionCriteria.all.map { given[$0.id] ?? CriterionFinding(criterion: $0.id, result: .notAssessed) }
        var from: CivilDate?
        var to: CivilDate?
        if outcome.grants {
            guard let text = draft.effectiveFrom else { throw .invalid("effective_from", "a \(outcome.rawValue) decision needs effective_from (YYYY-MM-DD)") }
            guard let first = CivilDate(text) else { throw .invalid("effective_from", "\"\(text)\" is not a YYYY-MM-DD day") }
            guard let text = draft.effectiveTo else { throw .invalid("effective_to", "a \(outcome.rawValue) decision needs effective_to (YYYY-MM-DD)") }
            guard let last = CivilDate(text) else { throw .invalid("effective_to", "\"\(text)\" is not a YYYY-MM-DD day") }
            guard first <= last else { throw .invalid("effective_to", "effective_to \(last) is before effective_from \(first)") }
            from = first
            to = last
        } else {
            if draft.effectiveFrom != nil { throw .invalid("effective_from", "a denied request has no effective period") }
            if draft.effectiveTo != nil { throw .invalid("effective_to", "a denied request has no effective period") }
        }
        let departures = departures(of: request, outcome: outcome, from: earlier)
        let reason = try optionalText(draft.consistencyReason, field: "consistency_reason")
        if !departures.isEmpty && reason == nil {
            let ids = departures.map(\.earlierRequestID)
            throw ExclusionError(
                .consistencyReasonRequired, field: "consistency_reason",
                "this \(outcome.rawValue) decision differs from earlier decisions on \(request.hts10.dotted) with a similar description: "
                    + departures.map { "\($0.earlierRequestID) (\($0.earlierOutcome.rawValue), similarity \(String(format: "%.2f", $0.similarity)))" }
                    .joined(separator: ", ") + "; record why in consistency_reason",
                earlierRequestIDs: ids)
        }
        return ExclusionDecision(
            requestID: request.id, outcome: outcome, reasons: reasons, findings: findings, effectiveFrom: from, effectiveTo: to,
            departsFrom: departures, consistencyReason: departures.isEmpty ? nil : reason, decidedAt: instant, decidedBy: decidedBy)
    }

    /// The earlier decisions on the same HTS-10 with a similar description whose outcome differs
    /// from `outcome` (granted in part differs from both granted and denied), most similar first.
    public static func departures(of request: ExclusionRequest, outcome: ExclusionOutcome, from earlier: [ExclusionDocket]) -> [ConsistencyLink] {
        earlier.compactMap { docket -> ConsistencyLink? in
            guard docket.request.id != request.id, docket.request.hts10 == request.hts10, let decision = docket.decision,
                decision.outcome != outcome
            else { return nil }
            let similarity = DescriptionSimilarity.score(request.productDescription, docket.request.productDescription)
            guard similarity >= DescriptionSimilarity.threshold else { return nil }
            return ConsistencyLink(earlierRequestID: docket.request.id, earlierOutcome: decision.outcome, similarity: similarity)
        }
        .sorted { ($0.similarity, $1.earlierRequestID) > ($1.similarity, $0.earlierRequestID) }
    }

    // MARK: - Extensions

    /// Validates an extension of a granted exclusion to `effectiveTo` at `instant`: it must be later than
    /// the current end, given a reason, and made before the exclusion expires (after that, file anew).
    public static func extensionOf(_ docket: ExclusionDocket, to effectiveTo: String, reason: String, at instant: Instant, extendedBy: String)
        throws(ExclusionError) -> ExclusionExtension
    {
        let id = docket.request.id
        guard let decision = docket.decision, decision.outcome.grants, let current = docket.effectiveTo else {
            throw ExclusionError(
                .conflict, field: "request",
                "request \(id) is \(docket.status(at: instant).rawValue); only a granted exclusion can be extended")
        }
        guard let day = CivilDate(effectiveTo) else { throw .invalid("effective_to", "\"\(effectiveTo)\" is not a YYYY-MM-DD day") }
        guard day > current else {
            throw .invalid("effective_to", "the exclusion of \(id) already runs until \(current); an extension must end later")
        }
        let why = try text(reason, field: "reason", maximum: maximumTextLength)
        if let expiresAt = docket.expiresAt, instant >= expiresAt {
            throw ExclusionError(
                .outsideWindow, field: "effective_to",
                "the exclusion of \(id) expired at the end of \(current) (\(expiresAt)); an expired exclusion cannot be extended: file a new request")
        }
        return ExclusionExtension(requestID: id, previousEffectiveTo: current, effectiveTo: day, reason: why, extendedAt: instant, extendedBy: extendedBy)
    }

    // MARK: - Text

    static func text(_ value: String, field: String, maximum: Int) throws(ExclusionError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalid(field, "\(field) must not be empty") }
        guard trimmed.count <= maximum else { throw .invalid(field, "\(field) is longer than \(maximum) characters") }
        return trimmed
    }

    static func optionalText(_ value: String?, field: String, maximum: Int = maximumTextLength) throws(ExclusionError) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return try text(value, field: field, maximum: maximum)
    }

    static func identifier(_ value: String, field: String) throws(ExclusionError) -> String {
        let name = try text(value, field: field, maximum: 100)
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }) else {
            throw .invalid(field, "\"\(name)\" must be letters, digits, '_', '-' or '.', e.g. annual_import_value_usd")
        }
        return name
    }
}
