import Foundation
import Hummingbird
import Operations
import ReleaseTokens
import Store

/// The request context of the Clearance API: Hummingbird's core storage.
public struct ClearanceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Request bodies above this many bytes are refused with 413 before they are read.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }
}

/// What the HTTP layer learnt about the request being handled, for the generated handlers (which see only the
/// decoded input): the key that signed it and the body's bytes as sent (audit records digest them).
enum RequestState {
    /// The API key of `Authorization: Bearer` (set by `BearerAuthentication`), nil on open paths.
    @TaskLocal static var key: APIKeyRecord?
    /// The request body as read by `StrictRequestBody`.
    @TaskLocal static var body = Data()

    /// The key, if it holds at least `role`; 401 without a key, 403 with a weaker one.
    static func require(_ role: Role) throws(APIError) -> APIKeyRecord {
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
struct BearerAuthentication<Context: RequestContext>: RouterMiddleware {
    let service: ComplianceService
    static var openPaths: Set<String> { ["/healthz", "/openapi.yaml", "/metrics"] }

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
        return try await RequestState.$key.withValue(key) { try await next(request, context) }
    }
}
