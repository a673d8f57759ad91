import Operations
import Foundation
import Hummingbird
import ReleaseTokens
import Store

/// The request context of the Clearance API: Hummingbird's core storage plus the authenticated key.
public struct ClearanceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The API key that signed the request (set by `BearerAuthentication`).
    public var key: APIKeyRecord?

    public init(source: Source) {
        coreContext = .init(source: source)
        key = nil
    }

    /// Request bodies above this many bytes are refused with 413 before they are read.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }

    /// The key, if it holds at least `role`; 401 without a key, 403 with a weaker one.
    func require(_ role: Role) throws -> APIKeyRecord {
        guard let key else { throw APIError(.unauthorized, "unauthorized", "an API key is required: Authorization: Bearer <key>") }
        guard key.role >= role else {
            throw APIError(.forbidden, "forbidden", "this action needs the \(role.rawValue) role; the key \(key.id) is \(key.role.rawValue)")
        }
        return key
    }
}

/// Reads `Authorization: Bearer <secret>` (with the gate's parser, `BearerCredential`) and looks the key up
/// in the store on every request, so a revoked key is refused at once; open paths (health, spec, the public
/// release keys at `GET /v1/keys`, and reading exclusion dockets) need none.
struct BearerAuthentication: RouterMiddleware {
    typealias Context = ClearanceRequestContext
    let service: ComplianceService
    static let openPaths: Set<String> = ["/healthz", "/openapi.yaml", "/metrics"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) || (request.method == .get && request.uri.path == "/v1/keys") {
            return try await next(request, context)
        }
        // Exclusion dockets are public: without a key, GETs there get the public view.
        if request.method == .get, request.headers[.authorization] == nil, (request.uri.path == "/v1/exclusions" || request.uri.path.hasPrefix("/v1/exclusions/")) {
            return try await next(request, context)
        }
        let secret: String
        do throws(BearerCredential.Problem) {
            secret = try BearerCredential.parse(request.headers[.authorization])
        } catch {
            guard case .malformed = error else {
                throw APIError(.unauthorized, "unauthorized", "an API key is required: Authorization: Bearer <key>")
            }
            throw APIError(.unauthorized, "unauthorized", error.description)
        }
        guard let key = try await service.authenticate(secret: secret) else {
            throw APIError(.unauthorized, "unauthorized", "the API key is not valid")
        }
        var context = context
        context.key = key
        return try await next(request, context)
    }
}
