import Foundation
import Hummingbird
import Logging
import Operations
import Store

/// In front of every page: finds the session from its cookie (or gives a signed-out visitor a nonce for
/// their forms' CSRF token), decodes a POSTed form and refuses it (403 page) unless it carries the CSRF
/// token of this session or visitor, and turns every error into an HTML page with its status: 303 to the
/// sign-in page when a page needs a user (saying why the session ended and keeping the page to return to),
/// 400 naming the field, 403, 404, 409, and 500 without details.
struct PageMiddleware: RouterMiddleware {
    typealias Context = WorkbenchContext
    let workbench: Workbench

    static let sessionCookie = "clearance_session"
    static let visitorCookie = "clearance_visitor"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var newVisitor: String?
        var clearSession = false
        do {
            if let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty {
                switch try await workbench.accounts.session(token: token) {
                case .active(let session):
                    context.session = session
                    context.csrfSecret = token
                case let ended:
                    context.sessionEnded = ended
                    clearSession = true
                }
            }
            if context.session == nil {
                if let visitor = request.cookies[Self.visitorCookie]?.value, visitor.count == 43 {
                    context.csrfSecret = visitor
                } else {
                    let visitor = Accounts.randomToken()
                    newVisitor = visitor
                    context.csrfSecret = visitor
                }
            }
            // A form posted after the session ended goes to the sign-in page (saying why), not to a CSRF refusal.
            if request.method == .post, clearSession, request.uri.path != "/signin" { throw SignInRequired() }
            if request.method == .post {
                if let type = request.headers[.contentType], MultipartForm.isMultipart(type) {
                    let body = try await request.body.collect(upTo: MultipartForm.maximumSize)
                    let form = try MultipartForm(body: Data(body.readableBytesView), boundary: try MultipartForm.boundary(type))
                    context.form = form.fields
                    context.files = form.files
                } else {
                    let body = try await request.body.collect(upTo: context.maxUploadSize)
                    context.form = try FormFields(decoding: String(buffer: body))
                }
                // A visitor given a nonce just now cannot have sent its token: the form was not made here.
                guard newVisitor == nil, Accounts.checkCSRF(context.form["csrf"], secret: context.csrfSecret) else { throw WorkbenchError.csrf }
            }
            var response = try await next(request, context)
            finish(&response, newVisitor: newVisitor, clearSession: clearSession)
            return response
        } catch {
            var response = render(error, request: request, context: context)
            finish(&response, newVisitor: newVisitor, clearSession: clearSession)
            return response
        }
    }

    private func finish(_ response: inout Response, newVisitor: String?, clearSession: Bool) {
        if let newVisitor { response.setCookie(workbench.cookie(Self.visitorCookie, newVisitor)) }
        if clearSession, response.headers[values: .setCookie].allSatisfy({ !$0.hasPrefix(Self.sessionCookie + "=") }) {
            response.setCookie(workbench.cookie(Self.sessionCookie, "", maxAge: 0))
        }
    }

    /// The HTML page of `error`.
    func render(_ error: any Error, request: Request, context: Context) -> Response {
        let page: WorkbenchError
        switch error {
        case is SignInRequired:
            return PageRenderer.redirect(SignInRedirect.location(for: request, ended: context.sessionEnded))
        case let error as WorkbenchError:
            page = error
        case let error as InvalidInput:
            page = .badRequest(field: error.field, error.message)
        case let error as StoreError where error.kind == .notFound:
            page = .notFound(error.message)
        case let error as StoreError where error.kind == .conflict:
            page = WorkbenchError(.conflict, "Conflict", error.message)
        case let error as HTTPError where error.status == .notFound:
            page = .notFound()
        case let error as HTTPError where error.status == .contentTooLarge:
            page = WorkbenchError(.contentTooLarge, "Too large", "The form is larger than the Workbench accepts (1 MiB for a form, 32 MiB for an uploaded file).")
        case let error as HTTPError where error.status == .methodNotAllowed:
            page = WorkbenchError(.methodNotAllowed, "Method not allowed", "This page cannot be used that way.")
        default:
            context.logger.error("workbench page \(request.uri.path) failed: \(String(reflecting: error))")
            page = WorkbenchError(
                .internalServerError, "Something went wrong", "The page could not be made. Nothing was changed by this request unless it says so; the error is in the server's log.")
        }
        let values: [String: Any] = ["message": page.message, "field": page.field ?? "", "hasField": page.field != nil, "status": page.status.code]
        do {
            return try workbench.renderer.page("error", title: page.title, values, context: context, status: page.status)
        } catch {
            return PageRenderer.html("<!doctype html><title>\(page.status.code)</title><p>\(page.status.code) \(page.title)</p>", status: page.status)
        }
    }
}

extension Workbench {
    /// A cookie as the Workbench sets them: HttpOnly, SameSite=Strict, Path=/, Secure when served over TLS.
    func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: configuration.secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// The signed-in session with at least `role`: `SignInRequired` (303 to the sign-in page) without one,
    /// 403 when its role is weaker (as the API refuses a weaker key).
    func require(_ role: Role, _ context: WorkbenchContext) throws -> ActiveSession {
        guard let session = context.session else { throw SignInRequired() }
        guard session.user.role >= role else {
            throw WorkbenchError.forbidden("This page needs the \(role.rawValue) role; you are signed in as \(session.user.name) (\(session.user.role.rawValue)).")
        }
        return session
    }
}
