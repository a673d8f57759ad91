import Audit
import Foundation
import Store
import TariffExclusions

/// The tariff-exclusion process over a store: requests, their public dockets, decisions against the
/// published criteria with the consistency check, and extensions. Every write is validated first
/// (nothing is written when it fails) and audited in the same transaction.
///
/// The HTTP routes and `clearance exclusions` both call these.
public struct ExclusionService: Sendable {
    public let store: any Store
    /// Whether a 10-digit key is a statistical reporting number of the tariff schedule.
    public let isKnownHTS10: @Sendable (String) -> Bool
    /// "Now", for windows and statuses.
    public let clock: @Sendable () -> Instant

    /// The service over `store`, checking HTS-10 codes with `isKnownHTS10` (the tariff schedule's statistical numbers); by default the clock is the wall clock.
    public init(
        store: any Store, isKnownHTS10: @escaping @Sendable (String) -> Bool,
        clock: @escaping @Sendable () -> Instant = { Instant(milliseconds: StoreClock.milliseconds()) }
    ) {
        self.store = store
        self.isKnownHTS10 = isKnownHTS10
        self.clock = clock
    }

    /// Files a request, received now; its comment window opens at once.
    public func file(_ draft: ExclusionRequestDraft, actor: String) async throws -> ExclusionDocket {
        let request = try ExclusionRules.request(
            draft, id: "excl_" + ComplianceService.randomHex(bytes: 6), receivedAt: clock(), filedBy: actor, isKnownHTS10: isKnownHTS10)
        try await store.createExclusionRequest(
            request,
            audit: Self.audit(
                actor, "exclusion.request", request,
                "request \(request.id) on \(request.hts10.dotted) from \(request.action.kind.rawValue) \(request.action.heading) received; "
                    + "comments until \(request.commentWindowCloses), rebuttals until \(request.rebuttalWindowCloses)"))
        return ExclusionDocket(request: request)
    }

    /// Adds a comment, or a rebuttal (`repliesTo`), to a request's docket; returns the docket with it (last).
    public func comment(on requestID: String, _ draft: CommentDraft, actor: String) async throws -> ExclusionDocket {
        var docket = try await docket(id: requestID)
        let comment = try ExclusionRules.comment(
            draft, on: docket, id: "cmt_" + ComplianceService.randomHex(bytes: 6), at: clock(), submittedBy: actor)
        let kind = comment.isRebuttal ? "rebuttal" : "comment"
        try await store.addExclusionComment(
            comment,
            audit: Self.audit(
                actor, "exclusion.\(kind)", comment,
                "\(kind) \(comment.id) on \(requestID) (\(comment.position.rawValue))"
                    + (comment.repliesTo.map { " answering \($0)" } ?? "") + (comment.confidentialText == nil ? "" : ", with confidential text")))
        docket.comments.append(comment)
        return docket
    }

    /// Decides a request once its rebuttal window has closed, checked against the earlier decisions on its HTS-10.
    ///
    /// When another decision on the same code is recorded between the check and the write, the store
    /// refuses the write and the check runs again (at most three times) with it included.
    /// Returns the docket with its decision.
    public func decide(_ requestID: String, _ draft: DecisionDraft, actor: String) async throws -> ExclusionDocket {
        var attempt = 1
        while true {
            switch try await decideOnce(requestID, draft, actor: actor) {
            case .success(let docket): return docket
            case .failure(let error):
                guard error.kind == .conflict, attempt < 3 else { throw error }
                attempt += 1
            }
        }
    }

    /// One check-and-record of a decision; the store's refusal is returned, not thrown, so `decide` can retry.
    private func decideOnce(_ requestID: String, _ draft: DecisionDraft, actor: String) async throws -> Result<ExclusionDocket, StoreError> {
        var docket = try await docket(id: requestID)
        let earlier = try await store.decidedExclusions(hts10: docket.request.hts10.key).filter { $0.request.id != requestID }
        let decision = try ExclusionRules.decision(draft, on: docket, earlier: earlier, at: clock(), decidedBy: actor)
        let period = decision.effectiveFrom.map { " effective \($0) to \(decision.effectiveTo.map(\.description) ?? "")" } ?? ""
        let departures = decision.departsFrom.isEmpty
            ? "" : "; departs from \(decision.departsFrom.map(\.earlierRequestID).joined(separator: ", ")) (reason recorded)"
        do {
            try await store.recordExclusionDecision(
                decision, checkedAgainst: Set(earlier.map(\.request.id)),
                audit: Self.audit(actor, "exclusion.decide", decision, "\(requestID) \(decision.outcome.rawValue)\(period)\(departures)"))
            docket.decision = decision
            return .success(docket)
        } catch {
            return .failure(error)
        }
    }

    /// Extends a granted exclusion to a later last day, with a reason.
    public func extend(_ requestID: String, to effectiveTo: String, reason: String, actor: String) async throws -> ExclusionDocket {
        var docket = try await docket(id: requestID)
        let extended = try ExclusionRules.extensionOf(docket, to: effectiveTo, reason: reason, at: clock(), extendedBy: actor)
        try await store.extendExclusion(
            extended,
            audit: Self.audit(
                actor, "exclusion.extend", extended,
                "\(requestID) extended to \(extended.effectiveTo) (was \(extended.previousEffectiveTo)): \(extended.reason)"))
        docket.extensions.append(extended)
        return docket
    }

    /// The request with `id` and everything filed on it.
    public func docket(id: String) async throws -> ExclusionDocket {
        guard let docket = try await store.exclusionDocket(id: id) else {
            throw ExclusionError(.notFound, field: "id", "no exclusion request \(id)")
        }
        return docket
    }

    /// The requests, oldest first, on `hts10` (any form) and in `status` now, when given.
    public func dockets(hts10: String?, status: ExclusionStatus?) async throws -> [ExclusionDocket] {
        var key: String?
        if let hts10 {
            guard let code = HTS10(hts10) else { throw ExclusionError(.invalid, field: "hts10", "\"\(hts10)\" is not an HTS-10 code such as 8471.30.0100") }
            key = code.key
        }
        let now = clock()
        return try await store.exclusionDockets(hts10: key).filter { status == nil || $0.status(at: now) == status }
    }

    /// Every decision that departed from an earlier one on the same HTS-10 and a similar description, with its reason.
    public func consistencyReport() async throws -> [ConsistencyPair] {
        ConsistencyReport.pairs(try await store.exclusionDockets(hts10: nil))
    }

    /// The audit record of an exclusion action: the stored record's JSON is its input.
    static func audit(_ actor: String, _ action: String, _ record: some Encodable, _ result: String) -> AuditDraft {
        AuditDraft(actor: actor, action: action, input: Data(ExclusionJSON.encode(record).utf8), result: result, versions: "")
    }
}

/// Exclusion records and views as sorted-key JSON.
public enum ExclusionJSON {
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
