import Foundation
import Hummingbird
import Operations
import Store

/// The admin's users page: the users, and a form to create one.
extension Workbench {
    func addUserRoutes(to router: Router<WorkbenchContext>) {
        router.get("/admin/users") { request, context in
            _ = try require(.admin, context)
            let after = try FormText.optional(request.uri.queryParameters["after"].map(String.init), "after", limit: 64) ?? ""
            return try await usersPage(context, after: after, message: nil)
        }
        router.post("/admin/users") { _, context in
            let session = try require(.admin, context)
            let name = try FormText.required(context.form["username"], "username", limit: 64)
            let roleText = try FormText.required(context.form["role"], "role")
            guard let role = Role(rawValue: roleText) else {
                throw WorkbenchError.badRequest(field: "role", "role must be screener, analyst, reviewer or admin, got \"\(roleText)\"")
            }
            let password = context.form["password"] ?? ""
            do {
                _ = try await accounts.createUser(name: name, role: role, password: password, actor: session.actor)
            } catch let error as InvalidInput {
                throw WorkbenchError.badRequest(field: error.field == "name" ? "username" : error.field, error.message)
            }
            return try await usersPage(context, after: "", message: "Created \(name) (\(role.rawValue)).")
        }
    }

    private func usersPage(_ context: WorkbenchContext, after: String, message: String?) async throws -> Response {
        let pageSize = 100
        let users = try await accounts.users(after: after, limit: pageSize + 1)
        var values: [String: Any] = [
            "users": users.prefix(pageSize).map {
                ["name": $0.name, "role": $0.role.rawValue, "created": Self.time($0.createdAt), "disabled": $0.disabled] as [String: Any]
            },
            "roles": Role.allCases.filter { $0 != .landmark }.map(\.rawValue),
            "message": message ?? "", "hasMessage": message != nil,
        ]
        if users.count > pageSize, let last = users.prefix(pageSize).last {
            values["next"] = "/admin/users?after=" + (last.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        }
        return try renderer.page("users", title: "Users", values, context: context)
    }
}
