import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Store
import Testing

/// End-to-end: `clearance users create|list` as a user runs them, and `clearance serve` answering the Workbench at
/// `/` beside the JSON API.
@Suite struct UsersCommandTests {
    @Test("users create reads the password from standard input, stores only a bcrypt hash, audits with the CLI actor; users list shows the user")
    func createAndList() async throws {
        let database = try CLI.temporaryFile("", name: "users.sqlite").replacingOccurrences(of: "users.sqlite", with: "store.sqlite")
        let created = try await CLI.run(["users", "create", "ana", "--role", "analyst", "--password-stdin", "--database", database], stdin: "a long secret pass\n")
        #expect(created.status == 0 && created.stdout == "created user ana (analyst)\n", "\(created.stderr)")
        let listed = try await CLI.run(["users", "list", "--database", database])
        #expect(listed.status == 0 && listed.stdout.hasPrefix("ana\tanalyst\t"), "\(listed.stderr)")
        let store = try SQLiteStore(path: database)
        try await store.migrate()
        let user = try #require(try await store.user(name: "ana"))
        #expect(user.passwordHash.hasPrefix("$2") && !user.passwordHash.contains("a long secret pass"))
        let records = try await store.auditRecords(after: 0, limit: 1000).filter { $0.action == "user.create" }
        #expect(records.count == 1 && records[0].actor.hasPrefix("cli:") && records[0].result == "created user ana (analyst)", "\(records)")
        let again = try await CLI.run(["users", "create", "ana", "--role", "admin", "--password-stdin", "--database", database], stdin: "another long secret\n")
        #expect(again.status == 1 && again.stderr.contains("a user named ana exists"))
    }

    @Test("users create without --password-stdin, with a short password or a bad role is a usage error (exit 2) and stores nothing")
    func refusals() async throws {
        let database = try CLI.temporaryFile("", name: "users.sqlite").replacingOccurrences(of: "users.sqlite", with: "store.sqlite")
        for (arguments, stdin, message) in [
            (["users", "create", "ana", "--role", "analyst"], "a long secret pass\n", "--password-stdin"),
            (["users", "create", "ana", "--role", "analyst", "--password-stdin"], "short\n", "at least 12 characters"),
            (["users", "create", "ana", "--role", "boss", "--password-stdin"], "a long secret pass\n", "--role must be"),
            (["users", "create", "a b", "--role", "analyst", "--password-stdin"], "a long secret pass\n", "user name must be"),
        ] {
            let result = try await CLI.run(arguments + ["--database", database], stdin: stdin)
            #expect(result.status == 2 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let listed = try await CLI.run(["users", "list", "--database", database])
        #expect(listed.status == 0 && listed.stdout.isEmpty)
    }

    /// A session that reports redirects instead of following them.
    final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
            completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }

    @Test("clearance serve answers GET / without a session with 303 to the sign-in page, serves the public docket, and keeps the API under /v1/")
    func serveMountsTheWorkbench() async throws {
        let server = try await Server.start(.sqlite)
        defer { server.stop() }
        let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)
        let base = "http://127.0.0.1:\(server.port)"
        let (_, home) = try await session.data(from: try #require(URL(string: base + "/")))
        let redirect = try #require(home as? HTTPURLResponse)
        #expect(redirect.statusCode == 303 && redirect.value(forHTTPHeaderField: "Location") == "/signin")
        let (page, signIn) = try await session.data(from: try #require(URL(string: base + "/signin")))
        #expect((signIn as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: page, as: UTF8.self).contains(#"name="username""#))
        let (_, docket) = try await session.data(from: try #require(URL(string: base + "/exclusions")))
        #expect((docket as? HTTPURLResponse)?.statusCode == 200)
        let (_, css) = try await session.data(from: try #require(URL(string: base + "/static/style.css")))
        #expect((css as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") == "text/css; charset=utf-8")
        let api = try await server.request("GET", "/v1/cases", role: .analyst)
        #expect(api.status == 200, "\(api.text)")
        let (_, health) = try await session.data(from: try #require(URL(string: base + "/healthz")))
        #expect((health as? HTTPURLResponse)?.statusCode == 200)
    }
}
