import Determination
import Foundation
import Hummingbird
import OpenAPIRuntime
import Operations
import Store
import TariffExclusions

/// Turns every error of a request into the API's error body: the generated layer's (`ServerError`, which wraps
/// what the handlers, the body check and the decoding threw), and the operations' and store's typed errors —
/// 400 for refused input, 404 not found, 409 conflict, 422 for what the rules refuse, 503 when the database is
/// unreachable. Anything else is a 500 that names no internals.
struct ErrorMapping<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServerError {
            if let decoding = error.underlyingError as? DecodingError {
                throw DecodingProblem.apiError(decoding, query: error.request.path?.split(separator: "?", maxSplits: 1).dropFirst().first)
            }
            throw Self.apiError(error.underlyingError, status: error.httpStatus, cause: error.causeDescription)
        } catch let error as HTTPError {
            throw error
        } catch {
            throw Self.apiError(error, status: .internalServerError, cause: "")
        }
    }

    /// The API error `error` stands for; `status` and `cause` are the generated layer's view of an error it raised itself.
    static func apiError(_ error: any Error, status: HTTPResponse.Status, cause: String) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as DecodingError: return DecodingProblem.apiError(error)
        case let error as InvalidInput: return APIError.invalid(error.field, error.message)
        case let error as StoreError: return storeError(error)
        case let error as ExclusionError: return exclusionError(error)
        case let error as KeyRevocationInputError: return APIError.invalid(error.field, error.problem)
        case let error as AuthorizationInputError:
            let missing = error.field == "party" || error.field == "artifact"
            return APIError(missing ? .notFound : .unprocessableContent, missing ? "not_found" : "invalid_field", error.problem, field: error.field)
        case let error as DeterminationError:
            return APIError(.unprocessableContent, "invalid_field", error.description, field: error.field.replacingOccurrences(of: "-", with: "_"))
        case let error as ListUploadError:
            return error.kind == .unknownSource
                ? APIError.notFound(error.description) : APIError(.unprocessableContent, "unreadable_list", error.description, field: "body")
        case let error as ListVersionRefused: return APIError(.unprocessableContent, "list_version_refused", error.description, field: "body")
        default: break
        }
        switch status.code {
        case 400 where cause.hasPrefix("Missing required request body"):
            return APIError(.badRequest, "malformed_json", "the body is empty; it must be what the document describes", field: "body")
        case 400: return APIError(.badRequest, "bad_request", cause)
        case 404: return APIError(.notFound, "not_found", cause)
        case 406: return APIError(.notAcceptable, "not_acceptable", cause)
        case 415: return APIError(.unsupportedMediaType, "unsupported_media_type", cause)
        default: return APIError(.internalServerError, "internal_error", "the request could not be completed")
        }
    }

    private static func storeError(_ error: StoreError) -> APIError {
        switch error.kind {
        case .notFound: APIError(.notFound, "not_found", error.message)
        case .conflict: APIError(.conflict, "conflict", error.message)
        case .unavailable: APIError(.serviceUnavailable, "store_unavailable", error.message)
        case .badLocation, .database: APIError(.internalServerError, "store_error", error.message)
        }
    }

    private static func exclusionError(_ error: ExclusionError) -> APIError {
        switch error.kind {
        case .invalid: APIError.invalid(error.field, error.message)
        case .notFound: APIError(.notFound, "not_found", error.message, field: error.field)
        case .outsideWindow: APIError(.conflict, "outside_window", error.message, field: error.field)
        case .conflict: APIError(.conflict, "conflict", error.message, field: error.field)
        case .consistencyReasonRequired: APIError(.unprocessableContent, "consistency_reason_required", error.message, field: error.field)
        }
    }
}
