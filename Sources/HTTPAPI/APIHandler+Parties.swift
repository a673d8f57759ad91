import Foundation
import OpenAPIRuntime
import Operations
import Store
import DataFormats

/// Parties, cases and the audit log.
extension APIHandler {
    func importParties(_ input: Operations.ImportParties.Input) async throws -> Operations.ImportParties.Output {
        let key = try RequestState.require(.analyst)
        let parties: [PartyRecord]
        switch input.body {
        case .csv:
            parties = try PartyCSV.parse(RequestState.body)
        case .json(let body):
            parties = try body.parties.enumerated().map { index, item in
                let at = "parties[\(index)]."
                return PartyRecord(
                    id: try FieldText.required(item.id, at + "id", limit: 200),
                    name: try FieldText.required(item.name, at + "name", limit: InputText.nameLimit),
                    type: try FieldText.optional(item._type, at + "type"), country: try FieldText.optional(item.country, at + "country"),
                    dateOfBirth: try FieldText.optional(item.dob, at + "dob"))
            }
            try PartyCSV.validate(parties, place: { "parties[\($0)]" })
        }
        return .ok(.init(body: .json(try await service.importParties(parties, actor: key.id))))
    }

    func getParty(_ input: Operations.GetParty.Input) async throws -> Operations.GetParty.Output {
        _ = try RequestState.require(.analyst)
        let id = input.path.id
        guard let party = try await service.store.party(id: id) else { throw APIError.notFound("no party \(id)") }
        return .ok(.init(body: .json(PartyDetails(party: party, alerts: try await service.store.alerts(partyID: id)))))
    }

    func listCases(_ input: Operations.ListCases.Input) async throws -> Operations.ListCases.Output {
        _ = try RequestState.require(.analyst)
        let status = input.query.status.flatMap { AlertStatus(rawValue: $0.rawValue) }
        let limit = try Self.limit(input.query.limit, default: 100, maximum: 1000)
        return .ok(.init(body: .json(.init(cases: try await service.store.alerts(status: status, limit: limit)))))
    }

    func decideCase(_ input: Operations.DecideCase.Input) async throws -> Operations.DecideCase.Output {
        let key = try RequestState.require(.analyst)
        guard case .json(let body) = input.body, let decision = Decision(rawValue: body.decision.rawValue) else {
            throw APIError.invalid("decision", "decision must be false_positive or true_match")
        }
        let reason = try FieldText.required(body.reason, "reason", limit: InputText.freeTextLimit, multiline: true)
        return .ok(.init(body: .json(try await service.decide(alertID: input.path.id, decision: decision, reason: reason, actor: key.id))))
    }

    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        _ = try RequestState.require(.analyst)
        let after = try Self.sequence(input.query.after)
        let limit = try Self.limit(input.query.limit, default: 100, maximum: 10_000)
        return .ok(.init(body: .json(.init(records: try await service.store.auditRecords(after: after, limit: limit)))))
    }

    func verifyAudit(_ input: Operations.VerifyAudit.Input) async throws -> Operations.VerifyAudit.Output {
        _ = try RequestState.require(.analyst)
        return .ok(.init(body: .json(AuditVerificationView(try await service.store.verifyAnchoredAudit()))))
    }

    /// A `limit` query parameter: `value` when absent, else 1 to `maximum`.
    static func limit(_ given: Int?, default value: Int, maximum: Int) throws(APIError) -> Int {
        guard let given else { return value }
        guard (1...maximum).contains(given) else { throw APIError.invalid("limit", "limit must be a whole number from 1 to \(maximum)") }
        return given
    }

    /// An `after` query parameter: a sequence number ≥ 0, 0 when absent.
    static func sequence(_ given: Int64?) throws(APIError) -> Int64 {
        guard let given else { return 0 }
        guard given >= 0 else { throw APIError.invalid("after", "after must be a sequence number ≥ 0") }
        return given
    }
}
