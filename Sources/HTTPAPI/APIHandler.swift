import DataFormats
import Foundation
import OpenAPIRuntime
import Operations
import Store

/// The JSON API: one method per operation of `openapi.yaml` (the generated `APIProtocol`), split by area into
/// extensions. Each reads the decoded input and checks what the generated decoding leaves open (text rules,
/// ranges), checks the role, calls the operation, and returns its answer; errors are thrown and mapped to the
/// API's error body by `ErrorMapping`. No rule is decided here.
struct APIHandler: APIProtocol {
    let service: ComplianceService
    /// The OpenAPI document, served at `/openapi.yaml`.
    let specification: Data
    /// Where accepted measurement records' devices go for their verdict (nil: no verdicts, e.g. in-process tests).
    var verdictQueue: MonitorVerdictQueue? = nil

    // MARK: - Service

    func health(_ input: Operations.Health.Input) async throws -> Operations.Health.Output {
        .ok(.init(body: .json(.init(status: .ok))))
    }

    func metrics(_ input: Operations.Metrics.Input) async throws -> Operations.Metrics.Output {
        .ok(.init(body: .plainText(HTTPBody(ServiceApplication.metrics.emitToBuffer()))))
    }

    func openAPIDocument(_ input: Operations.OpenAPIDocument.Input) async throws -> Operations.OpenAPIDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(specification))))
    }

    // MARK: - API keys and release keys

    func createKey(_ input: Operations.CreateKey.Input) async throws -> Operations.CreateKey.Output {
        let key = try RequestState.require(.admin)
        guard case .json(let body) = input.body, let role = Role(rawValue: body.role.rawValue) else {
            throw APIError.invalid("role", "role must be landmark, screener, analyst, reviewer or admin")
        }
        let created = try await service.createKey(role: role, actor: key.id)
        return .created(.init(body: .json(.init(id: created.key.id, role: body.role, secret: created.secret))))
    }

    func releaseKeys(_ input: Operations.ReleaseKeys.Input) async throws -> Operations.ReleaseKeys.Output {
        let keys = try JSONDecoder().decode(Components.Schemas.Jwks.self, from: try await service.releaseKeys().json())
        return .ok(.init(body: .applicationJwkSetJson(keys)))
    }

    func rotateReleaseKey(_ input: Operations.RotateReleaseKey.Input) async throws -> Operations.RotateReleaseKey.Output {
        let key = try RequestState.require(.admin)
        return .created(.init(body: .json(.init(kid: try await service.rotateReleaseKey(actor: key.id)))))
    }

    func revokeKey(_ input: Operations.RevokeKey.Input) async throws -> Operations.RevokeKey.Output {
        let key = try RequestState.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.invalid("reason", "\"reason\" is required") }
        let reason = try FieldText.required(body.reason, "reason", limit: InputText.nameLimit)
        switch try await service.revokeKey(id: input.path.id, reason: reason, actor: key.id) {
        case .apiKey(let id): return .ok(.init(body: .json(.init(id: id, kind: .apiKey, reason: reason))))
        case .signingKey(let id, let replacement):
            return .ok(.init(body: .json(.init(id: id, kind: .signingKey, reason: reason, currentKid: replacement))))
        }
    }

    // MARK: - Lists

    func listLists(_ input: Operations.ListLists.Input) async throws -> Operations.ListLists.Output {
        _ = try RequestState.require(.screener)
        return .ok(.init(body: .json(.init(lists: try await ListMetadataJSON.current(service)))))
    }

    func importListVersion(_ input: Operations.ImportListVersion.Input) async throws -> Operations.ImportListVersion.Output {
        let key = try RequestState.require(.admin)
        guard case .any(let body) = input.body else { throw APIError.invalid("body", "the body must be the list file") }
        let data = try await StrictRequestBody.collect(body, limit: StrictRequestBody.limit(for: Operations.ImportListVersion.id))
        let report = try await service.importListFile(
            source: input.path.source, data: data, published: input.query.published, force: input.query.force ?? false, actor: key.id)
        return .ok(.init(body: .json(report)))
    }
}
