import Hummingbird
import Operations

/// Signing in and out.
extension Workbench {
    func addSessionRoutes(to router: Router<WorkbenchContext>) {
        router.get("/signin") { _, context in
            if context.session != nil { return PageRenderer.redirect("/") }
            return try signInPage(context, message: Self.endedMessage(context.sessionEnded), status: .ok)
        }
        router.post("/signin") { _, context in
            let name = context.form["username"] ?? ""
            let password = context.form["password"] ?? ""
            guard !name.isEmpty, !password.isEmpty else {
                return try signInPage(context, message: "Enter your user name and password.", status: .badRequest, name: name)
            }
            do {
                let signedIn = try await accounts.signIn(name: name, password: password, client: context.client)
                var response = PageRenderer.redirect("/")
                response.setCookie(cookie(PageMiddleware.sessionCookie, signedIn.token))
                return response
            } catch SignInError.refused {
                return try signInPage(context, message: SignInError.refused.description, status: .unauthorized, name: name)
            } catch SignInError.slowed(let wait) {
                var response = try signInPage(context, message: SignInError.slowed(retryAfter: wait).description, status: .tooManyRequests, name: name)
                response.headers[.retryAfter] = String(max(1, (wait + 999) / 1000))
                return response
            } catch SignInError.store(_, let message) {
                throw WorkbenchError(.serviceUnavailable, "Sign-in unavailable", "The sign-in could not be checked: \(message)")
            }
        }
        router.post("/signout") { _, context in
            guard let session = context.session else { return PageRenderer.redirect("/signin") }
            try await accounts.signOut(session)
            var response = PageRenderer.redirect("/signin")
            response.setCookie(cookie(PageMiddleware.sessionCookie, "", maxAge: 0))
            return response
        }
    }

    private func signInPage(_ context: WorkbenchContext, message: String?, status: HTTPResponse.Status, name: String = "") throws -> Response {
        try renderer.page("signin", title: "Sign in", ["message": message ?? "", "hasMessage": message != nil, "username": name], context: context, status: status)
    }

    static func endedMessage(_ ended: SessionLookup?) -> String? {
        switch ended {
        case .idleExpired?: "Your session ended after a while without use. Sign in again."
        case .expired?: "Your session reached its time limit. Sign in again."
        case .revoked?: "You signed out. Sign in again to continue."
        case .disabled?: "Your account is disabled."
        case .unknown?, .active?, nil: nil
        }
    }
}
