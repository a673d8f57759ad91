import Hummingbird
import Operations

/// Signing in and out.
extension Workbench {
    func addSessionRoutes(to router: Router<WorkbenchContext>) {
        router.get("/signin") { request, context in
            let query = request.uri.queryParameters
            let next = SignInRedirect.safeNext(query["next"].map(String.init))
            if context.session != nil { return PageRenderer.redirect(next ?? "/") }
            let ended = context.sessionEnded.flatMap(SignInRedirect.Ended.init) ?? query["ended"].flatMap { SignInRedirect.Ended(rawValue: String($0)) }
            return try signInPage(context, message: ended?.message, status: .ok, next: next)
        }
        router.post("/signin") { _, context in
            let name = context.form["username"] ?? ""
            let password = context.form["password"] ?? ""
            let next = SignInRedirect.safeNext(context.form["next"])
            guard !name.isEmpty, !password.isEmpty else {
                return try signInPage(context, message: "Enter your user name and password.", status: .badRequest, name: name, next: next)
            }
            do {
                let signedIn = try await accounts.signIn(name: name, password: password, client: context.client)
                var response = PageRenderer.redirect(next ?? "/")
                response.setCookie(cookie(PageMiddleware.sessionCookie, signedIn.token))
                return response
            } catch SignInError.refused {
                return try signInPage(context, message: SignInError.refused.description, status: .unauthorized, name: name, next: next)
            } catch SignInError.slowed(let wait) {
                var response = try signInPage(context, message: SignInError.slowed(retryAfter: wait).description, status: .tooManyRequests, name: name, next: next)
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

    private func signInPage(
        _ context: WorkbenchContext, message: String?, status: HTTPResponse.Status, name: String = "", next: String? = nil
    ) throws -> Response {
        try renderer.page(
            "signin", title: "Sign in", ["message": message ?? "", "hasMessage": message != nil, "username": name, "next": next ?? ""],
            context: context, status: status)
    }
}
