import Foundation
import Testing

/// End-to-end: the landmark role is for API keys that post measurement records, never for Workbench users.
@Suite struct LandmarkRoleCommandTests {
    @Test("a landmark API key can be created; a Workbench user with the landmark role is refused (exit 2) and nothing is stored")
    func landmarkRoleIsForKeysOnly() async throws {
        let database = try await Server.freshDatabase(.sqlite)
        let key = try await CLI.run(["keys", "create", "--role", "landmark", "--database", database])
        #expect(key.status == 0 && key.stdout.contains("landmark"), "\(key.stderr)")
        let user = try await CLI.run(["users", "create", "lm", "--role", "landmark", "--password-stdin", "--database", database], stdin: "a long secret pass\n")
        #expect(user.status == 2 && user.stderr.contains("landmark is for API keys only"), "\(user.stderr)")
        #expect(try await CLI.run(["users", "list", "--database", database]).stdout.isEmpty)
    }
}
