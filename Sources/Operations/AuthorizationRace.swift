import Audit
import Enforcement
import Foundation
import Store

/// What became of a decision handed to the store.
enum RecordedDecision: Sendable {
    /// Stored with its audit record (and its draw, for a PERMIT on a licence).
    case recorded((record: AuditRecord, license: StoredLicense?))
    /// Nothing was written: the licence could not cover the draw (the store's words).
    case drawRefused(String)
}

extension ComplianceService {
    /// Stores a decision; a refused licence draw is an answer, not an error, so the caller can record the DENY it becomes.
    func record(_ authorization: AuthorizationRecord, draw: LicenseDraw?, audit: AuditDraft) async throws(StoreError) -> RecordedDecision {
        do {
            return .recorded(try await store.recordAuthorization(authorization, draw: draw, audit: audit))
        } catch {
            guard error.kind == .conflict, draw != nil else { throw error }
            return .drawRefused(error.message)
        }
    }

    /// The DENY a PERMIT becomes when its licence draw is refused (another release took the last units,
    /// or the licence was revoked, between the check and the draw): recorded and audited like any
    /// other decision, never dropped. The token signed for the PERMIT is discarded unseen.
    func recordLostRace(
        _ permit: AuthorizationAnswer, record: AuthorizationRecord, refusal: String, description: String, actor: String, body: Data
    ) async throws -> AuthorizationAnswer {
        var answer = permit
        answer.verdict = .deny
        answer.token = nil
        answer.expiresAt = nil
        answer.license = nil
        answer.reasons = permit.reasons.compactMap { reason -> VerdictReason? in
            switch reason.code {
            case "licensed": nil
            case "license_required": VerdictReason(code: reason.code, verdict: .deny, explanation: reason.explanation, citation: reason.citation)
            default: reason
            }
        }
        answer.reasons.append(
            VerdictReason(
                code: "license_exhausted", verdict: .deny,
                explanation: "\(refusal): another decision drew on the licence between the check and this draw, so nothing is left for this one",
                citation: "15 CFR 736.2(b)"))
        var denial = record
        denial.verdict = Verdict.deny.rawValue
        denial.licenseID = nil
        denial.expiresAt = nil
        denial.decisionJSON = answer.json(withToken: false)
        let stored = try await store.recordAuthorization(
            denial, draw: nil,
            audit: AuditDraft(
                actor: actor, action: "authorize", input: body,
                result: "\(Verdict.deny.rawValue) \(answer.decisionID): \(description) (license_exhausted: \(refusal))", versions: answer.versions))
        answer.auditSequence = stored.record.sequence
        return answer
    }
}
