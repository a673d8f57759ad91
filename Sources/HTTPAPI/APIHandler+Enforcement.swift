import Foundation
import OpenAPIRuntime
import Operations
import Store
import DataFormats

/// Licences, the release decision point, stored decisions and revocations, and artefacts.
extension APIHandler {
    func listLicenses(_ input: Operations.ListLicenses.Input) async throws -> Operations.ListLicenses.Output {
        _ = try RequestState.require(.analyst)
        return .ok(.init(body: .json(.init(licenses: try await service.store.licenses()))))
    }

    func getLicense(_ input: Operations.GetLicense.Input) async throws -> Operations.GetLicense.Output {
        _ = try RequestState.require(.analyst)
        guard let license = try await service.store.license(id: input.path.id) else { throw APIError.notFound("no licence \(input.path.id)") }
        return .ok(.init(body: .json(license)))
    }

    func addLicense(_ input: Operations.AddLicense.Input) async throws -> Operations.AddLicense.Output {
        let key = try RequestState.require(.admin)
        guard case .json(let body) = input.body, let kind = LicenseKind(rawValue: body.kind.rawValue) else {
            throw APIError.invalid("kind", "kind must be one of \(LicenseKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let draft = LicenseRecord(
            id: try FieldText.required(body.id, "id"), kind: kind, eccns: try FieldText.list(body.eccns, "eccns"),
            destinations: try FieldText.list(body.destinations, "destinations"),
            consignee: try FieldText.optional(body.consignee, "consignee", limit: InputText.nameLimit),
            endUser: try FieldText.optional(body.endUser, "end_user", limit: InputText.nameLimit), endUses: try FieldText.list(body.endUses, "end_uses"),
            valueLimit: body.valueLimit, quantityLimit: body.quantityLimit, validFrom: try FieldText.required(body.validFrom, "valid_from"),
            validTo: try FieldText.required(body.validTo, "valid_to"),
            conditions: try FieldText.list(body.conditions, "conditions", limit: InputText.freeTextLimit, multiline: true))
        return .created(.init(body: .json(try await service.recordLicense(draft, actor: key.id, input: RequestState.body))))
    }

    func revokeLicense(_ input: Operations.RevokeLicense.Input) async throws -> Operations.RevokeLicense.Output {
        let key = try RequestState.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.invalid("reason", "a reason is required") }
        let reason = try FieldText.required(body.reason, "reason", limit: InputText.freeTextLimit, multiline: true)
        let result = try await service.revokeLicense(id: input.path.id, reason: reason, actor: key.id)
        return .ok(.init(body: .json(.init(license: result.license, revokedAuthorizations: result.revoked))))
    }

    func authorize(_ input: Operations.Authorize.Input) async throws -> Operations.Authorize.Output {
        let key = try RequestState.require(.screener)
        guard case .json(let body) = input.body else { throw APIError.invalid("body", "the body must be a JSON object") }
        let recipient: AuthorizationRequest.Recipient
        switch (body.party, body.person) {
        case (let id?, nil): recipient = .party(id: try FieldText.required(id, "party"))
        case (nil, let person?):
            let citizenships = try FieldText.list(person.citizenship, "person.citizenship").map { $0.uppercased() }
            let residence = try FieldText.optional(person.permanentResidence, "person.permanent_residence")?.uppercased()
            for (field, code) in citizenships.map({ ("person.citizenship", $0) }) + [residence].compactMap({ $0.map { ("person.permanent_residence", $0) } })
            where !(code.count == 2 && code.allSatisfy { $0.isASCII && $0.isLetter }) {
                throw APIError.invalid(field, "\"\(code)\" is not an ISO 3166 alpha-2 country code")
            }
            recipient = .person(
                AuthorizationRequest.Person(
                    name: try FieldText.required(person.name, "person.name", limit: InputText.nameLimit), citizenships: citizenships,
                    permanentResidence: residence))
        case (nil, nil): throw APIError.invalid("party", "say who receives it: \"party\" (a stored party id) or \"person\"")
        case (_?, _?): throw APIError.invalid("person", "give \"party\" or \"person\", not both")
        }
        let subject: AuthorizationRequest.Subject
        switch (try FieldText.optional(body.eccn, "eccn"), try FieldText.optional(body.artifact, "artifact")) {
        case (let eccn?, nil): subject = .item(eccn: eccn)
        case (nil, let artifact?): subject = .artifact(id: artifact)
        case (nil, nil): throw APIError.invalid("eccn", "say what is released: \"eccn\" or a registered \"artifact\"")
        case (_?, _?): throw APIError.invalid("artifact", "give \"eccn\" or \"artifact\", not both")
        }
        let quantity = body.quantity ?? 1
        guard (1...1_000_000_000).contains(quantity) else {
            throw APIError.invalid("quantity", "quantity must be from 1 to 1000000000: a release is at least one unit")
        }
        let value = body.value ?? 0
        guard value >= 0, value <= 1e15 else { throw APIError.invalid("value", "value must be from 0 to 1e15") }
        let lifetime = body.tokenTtlSeconds ?? 3600
        guard (60...86_400).contains(lifetime) else { throw APIError.invalid("token_ttl_seconds", "token_ttl_seconds must be from 60 to 86400") }
        let request = AuthorizationRequest(
            recipient: recipient, subject: subject, destination: try FieldText.optional(body.destination, "destination"),
            endUses: try FieldText.list(body.endUse, "end_use"), consignee: try FieldText.optional(body.consignee, "consignee", limit: InputText.nameLimit),
            value: value, quantity: quantity, date: try FieldText.optional(body.date, "date"), facts: try FieldText.list(body.fact, "fact"),
            tokenLifetime: lifetime)
        let answer = try await service.authorize(request, actor: key.id, body: RequestState.body)
        return .ok(.init(body: .json(try JSONObject.decode(Data(answer.json().utf8)))))
    }

    func getAuthorization(_ input: Operations.GetAuthorization.Input) async throws -> Operations.GetAuthorization.Output {
        _ = try RequestState.require(.analyst)
        guard let record = try await service.store.authorization(id: input.path.id) else { throw APIError.notFound("no authorisation \(input.path.id)") }
        let revoked = record.revokedAt.map { StoredAuthorizationJSON.Revocation(at: $0, reason: record.revokedReason ?? "") }
        return .ok(.init(body: .json(StoredAuthorizationJSON(decision: try JSONObject.decode(Data(record.decisionJSON.utf8)), revoked: revoked))))
    }

    func listRevocations(_ input: Operations.ListRevocations.Input) async throws -> Operations.ListRevocations.Output {
        _ = try RequestState.require(.screener)
        let after = try Self.sequence(input.query.after)
        let limit = try Self.limit(input.query.limit, default: 1000, maximum: 10_000)
        let records = try await service.store.revocations(after: after, limit: limit)
        return .ok(
            .init(body: .json(.init(revocations: records.map { .init(sequence: $0.sequence, decisionId: $0.authorizationID, reason: $0.reason) }))))
    }

    func listArtifacts(_ input: Operations.ListArtifacts.Input) async throws -> Operations.ListArtifacts.Output {
        _ = try RequestState.require(.screener)
        return .ok(.init(body: .json(.init(artifacts: try await service.store.artifacts()))))
    }

    func registerArtifacts(_ input: Operations.RegisterArtifacts.Input) async throws -> Operations.RegisterArtifacts.Output {
        let key = try RequestState.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.invalid("artifacts", "\"artifacts\" is required") }
        let drafts = try body.artifacts.enumerated().map { index, item in
            ArtifactDraft(
                id: item.id, eccn: try FieldText.check(item.eccn, "artifacts[\(index)].eccn"),
                description: try FieldText.optional(item.description, "artifacts[\(index)].description", limit: InputText.freeTextLimit, multiline: true),
                path: item.path)
        }
        let artifacts = try await service.registerArtifacts(drafts, actor: key.id, input: RequestState.body)
        return .created(.init(body: .json(.init(artifacts: artifacts))))
    }
}
