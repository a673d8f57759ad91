import Operations
import Foundation
import Hummingbird
import Store

/// An error the API reports as `{"error": {"code", "message", "field"}}` with its HTTP status.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// A stable machine-readable code, e.g. `invalid_field`, `unauthorized`.
    public var code: String
    public var message: String
    /// The request field at fault (`name`, `parties[3].id`, `line 7`), when there is one.
    public var field: String?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var error: [String: String] = ["code": code, "message": message]
        if let field { error["field"] = field }
        return JSONResponse.make(["error": error], status: status)
    }

    static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(.badRequest, "invalid_field", message, field: field)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(.notFound, "not_found", message)
    }
}

/// JSON responses with sorted keys.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return raw(data, status: status)
    }

    static func raw(_ data: Data, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Turns operation and store errors into API errors: 400 for refused input, 404 not found, 409 conflict, 503 when the
/// database is unreachable.
struct StoreErrorMapping<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as InvalidInput {
            throw APIError.invalid(error.field, error.message)
        } catch let error as StoreError {
            switch error.kind {
            case .notFound: throw APIError(.notFound, "not_found", error.message)
            case .conflict: throw APIError(.conflict, "conflict", error.message)
            case .unavailable: throw APIError(.serviceUnavailable, "store_unavailable", error.message)
            case .badLocation, .database: throw APIError(.internalServerError, "store_error", error.message)
            }
        }
    }
}

/// Answers 405 with `Allow` for a known path asked with a method it does not take (the router says 404).
struct MethodNotAllowed<Context: RequestContext>: RouterMiddleware {
    /// Path templates (`{id}` matches one segment) and their methods.
    let routes: [(segments: [String], methods: [String])]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path.split(separator: "/").map(String.init)
            let allowed = routes.filter { route in
                route.segments.count == path.count
                    && zip(route.segments, path).allSatisfy { template, segment in template.hasPrefix("{") || template == segment }
            }.flatMap(\.methods)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { throw error }
            var response = try APIError(
                .methodNotAllowed, "method_not_allowed",
                "\(request.method.rawValue) is not allowed on \(request.uri.path); use \(allowed.joined(separator: ", "))"
            ).response(from: request, context: context)
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        }
    }
}
