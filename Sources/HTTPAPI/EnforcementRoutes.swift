import Operations
import Determination
import Foundation
import Hummingbird
import ReleaseTokens
import Store
import DataFormats

/// The enforcement routes: the decision point, release keys (and key revocation), revocations, artefacts and licence revocation.
extension Routes {
    func registerEnforcement(on router: Router<ClearanceRequestContext>) {
        router.post("/v1/authorize") { request, context in try await authorize(request, context) }
        router.get("/v1/authorizations/{id}") { _, context in
            _ = try context.require(.analyst)
            let id = try context.parameters.require("id")
            guard let record = try await service.store.authorization(id: id) else { throw APIError.notFound("no authorisation \(id)") }
            let revoked = record.revokedAt.map { #"{"at":\#($0),"reason":\#(Self.quoted(record.revokedReason ?? ""))}"# } ?? "null"
            return JSONResponse.raw(Data(#"{"decision":\#(record.decisionJSON),"revoked":\#(revoked)}"#.utf8))
        }
        router.get("/v1/keys") { _, _ in
            JSONResponse.raw(try await service.releaseKeys().json(), contentType: "application/jwk-set+json")
        }
        router.post("/v1/keys/rotate") { _, context in
            let key = try context.require(.admin)
            let id = try await service.rotateReleaseKey(actor: key.id)
            return JSONResponse.make(["kid": id], status: .created)
        }
        router.post("/v1/keys/{id}/revoke") { request, context in
            let key = try context.require(.admin)
            let id = try context.parameters.require("id")
            let body = try await JSONBody.read(request)
            try body.allowOnly(["reason"])
            let reason = try body.string("reason", required: true) ?? ""
            let revoked: RevokedKey
            do {
                revoked = try await service.revokeKey(id: id, reason: reason, actor: key.id)
            } catch let error as KeyRevocationInputError {
                throw APIError.invalid(error.field, error.problem)
            }
            return switch revoked {
            case .apiKey(let id): JSONResponse.make(["id": id, "kind": "api_key", "reason": reason])
            case .signingKey(let id, let replacement):
                JSONResponse.make(["id": id, "kind": "signing_key", "reason": reason, "current_kid": replacement].compactMapValues { $0 })
            }
        }
        router.post("/v1/licenses/{id}/revoke") { request, context in
            let key = try context.require(.admin)
            let id = try context.parameters.require("id")
            let body = try await JSONBody.read(request)
            try body.allowOnly(["reason"])
            guard let reason = try body.string("reason", required: true, limit: InputText.freeTextLimit, multiline: true), !reason.isEmpty else {
                throw APIError.invalid("reason", "a reason is required")
            }
            let result = try await service.revokeLicense(id: id, reason: reason, actor: key.id)
            return JSONResponse.make(RevokedLicenseView(license: result.license, revokedAuthorizations: result.revoked))
        }
        router.get("/v1/revocations") { request, context in
            _ = try context.require(.screener)
            let after = try request.uri.queryParameters.get("after").map { text -> Int64 in
                guard let value = Int64(String(text)), value >= 0 else { throw APIError.invalid("after", "after must be a sequence number ≥ 0") }
                return value
            } ?? 0
            let limit = try Self.limit(request, default: 1000, maximum: 10_000)
            let records = try await service.store.revocations(after: after, limit: limit)
            return JSONResponse.make([
                "revocations": records.map { Revocation(sequence: $0.sequence, decisionID: $0.authorizationID, reason: $0.reason) }
            ])
        }
        router.post("/v1/artifacts") { request, context in
            let key = try context.require(.admin)
            let body = try await JSONBody.read(request)
            try body.allowOnly(["artifacts"])
            guard let list = try body.objects("artifacts"), !list.isEmpty, list.count <= 10_000 else {
                throw APIError.invalid("artifacts", "\"artifacts\" must hold 1 to 10000 artefacts")
            }
            let artifacts = try list.map { item in
                // "path" is the gate's (a gate manifest can be posted as it is); the service keeps id, ECCN and description.
                try item.allowOnly(["id", "eccn", "description", "path"])
                let id = try item.string("id", required: true) ?? ""
                guard !id.isEmpty, id.count <= 200, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                    throw APIError.invalid(item.name("id"), "\"\(item.name("id"))\" must be 1 to 200 letters, digits, '.', '_' or '-'")
                }
                let eccn = try item.string("eccn", required: true) ?? ""
                guard let classification = ItemClassification(eccn), classification.kind != .itar else {
                    throw APIError.invalid(item.name("eccn"), "\"\(item.name("eccn"))\" must be an ECCN such as 5D002 or EAR99")
                }
                if let path = try item.string("path"), let problem = RelativePath.problem(path) {
                    throw APIError.invalid(item.name("path"), "\"\(item.name("path"))\" \(problem); it must be a relative path inside the artefact directory")
                }
                return ArtifactRecord(
                    id: id, eccn: eccn, description: try item.string("description", limit: InputText.freeTextLimit, multiline: true))
            }
            try await service.registerArtifacts(artifacts, actor: key.id, input: body.data)
            return JSONResponse.make(["artifacts": artifacts], status: .created)
        }
        router.get("/v1/artifacts") { _, context in
            _ = try context.require(.screener)
            return JSONResponse.make(["artifacts": try await service.store.artifacts()])
        }
    }

    private func authorize(_ request: Request, _ context: ClearanceRequestContext) async throws -> Response {
        let key = try context.require(.screener)
        let body = try await JSONBody.read(request)
        try body.allowOnly([
            "party", "person", "eccn", "artifact", "destination", "end_use", "consignee", "value", "quantity", "date", "fact",
            "token_ttl_seconds",
        ])
        let recipient: AuthorizationRequest.Recipient
        let party = try body.string("party")
        let person = try body.nested("person")
        switch (party, person) {
        case (let id?, nil): recipient = .party(id: id)
        case (nil, let person?):
            try person.allowOnly(["name", "citizenship", "permanent_residence"])
            let name = try person.string("name", required: true, limit: InputText.nameLimit) ?? ""
            let citizenships = try person.strings("citizenship").map { $0.uppercased() }
            let residence = try person.string("permanent_residence")?.uppercased()
            for (field, code) in citizenships.map({ ("person.citizenship", $0) }) + [residence].compactMap({ $0.map { ("person.permanent_residence", $0) } })
            where !Self.isCountry(code) {
                throw APIError.invalid(field, "\"\(code)\" is not an ISO 3166 alpha-2 country code")
            }
            recipient = .person(AuthorizationRequest.Person(name: name, citizenships: citizenships, permanentResidence: residence))
        case (nil, nil): throw APIError.invalid("party", "say who receives it: \"party\" (a stored party id) or \"person\"")
        case (_?, _?): throw APIError.invalid("person", "give \"party\" or \"person\", not both")
        }
        let subject: AuthorizationRequest.Subject
        switch (try body.string("eccn"), try body.string("artifact")) {
        case (let eccn?, nil): subject = .item(eccn: eccn)
        case (nil, let artifact?): subject = .artifact(id: artifact)
        case (nil, nil): throw APIError.invalid("eccn", "say what is released: \"eccn\" or a registered \"artifact\"")
        case (_?, _?): throw APIError.invalid("artifact", "give \"eccn\" or \"artifact\", not both")
        }
        let quantity = try body.integer("quantity") ?? 1
        guard (1...1_000_000_000).contains(quantity) else {
            throw APIError.invalid("quantity", "quantity must be from 1 to 1000000000: a release is at least one unit")
        }
        let value = try body.number("value") ?? 0
        guard value >= 0, value <= 1e15 else { throw APIError.invalid("value", "value must be from 0 to 1e15") }
        let lifetime = try body.integer("token_ttl_seconds") ?? 3600
        guard (60...86_400).contains(lifetime) else {
            throw APIError.invalid("token_ttl_seconds", "token_ttl_seconds must be from 60 to 86400")
        }
        let authorization = AuthorizationRequest(
            recipient: recipient, subject: subject, destination: try body.string("destination"), endUses: try body.strings("end_use"),
            consignee: try body.string("consignee", limit: InputText.nameLimit), value: value, quantity: quantity, date: try body.string("date"),
            facts: try body.strings("fact"), tokenLifetime: lifetime)
        do {
            return JSONResponse.raw(Data(try await service.authorize(authorization, actor: key.id, body: body.data).json().utf8))
        } catch let error as AuthorizationInputError {
            let status: HTTPResponse.Status = error.field == "party" || error.field == "artifact" ? .notFound : .unprocessableContent
            throw APIError(status, status == .notFound ? "not_found" : "invalid_field", error.problem, field: error.field)
        }
    }

    private static func isCountry(_ code: String) -> Bool {
        code.count == 2 && code.allSatisfy { $0.isASCII && $0.isLetter }
    }

    private static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}

struct RevokedLicenseView: Encodable {
    var license: StoredLicense
    var revokedAuthorizations: Int

    enum CodingKeys: String, CodingKey {
        case license
        case revokedAuthorizations = "revoked_authorizations"
    }
}
