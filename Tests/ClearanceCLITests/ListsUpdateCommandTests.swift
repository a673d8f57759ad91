import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// `clearance lists update --from URL` run as a user would, against a mirror on loopback serving the manifest's file
/// names (never the network): a changed list is imported, a repeat is unchanged (304), a missing file is refused.
@Suite struct ListsUpdateCommandTests {
    /// The bundled UN list with its first individual renamed, so it differs from the version a store opens with.
    static func changedUN() throws -> Data {
        let text = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Data/lists/un/UN_consolidated.xml"), encoding: .utf8)
        return Data(text.replacingOccurrences(of: "<FIRST_NAME>ERIC</FIRST_NAME>", with: "<FIRST_NAME>ERIK</FIRST_NAME>").utf8)
    }

    /// Runs `body` with a mirror serving `files` (path → bytes, with an ETag each) on loopback; its argument is the base address.
    static func withMirror<T: Sendable>(_ files: [String: Data], _ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.get("**") { request, _ -> Response in
            guard let data = files[request.uri.path] else {
                return Response(status: .notFound, body: ResponseBody(byteBuffer: ByteBuffer(string: "not found")))
            }
            let etag = "\"\(data.count)\""
            var headers = HTTPFields()
            headers[.eTag] = etag
            if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
            headers[.contentType] = "application/xml"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        let port = Mutex<Int?>(nil)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } })
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "mirror")))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var bound: Int?
            while bound == nil {
                try await Task.sleep(for: .milliseconds(10))
                bound = port.withLock { $0 }
            }
            // Stopped gracefully, never cancelled: a Hummingbird server cancelled with a connection open traps
            // in NIO ("Deinited NIOAsyncWriter without calling finish()") and takes the test process with it.
            do {
                let result = try await body("http://127.0.0.1:\(bound ?? 0)")
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }

    @Test("lists update --from a mirror imports a changed list, finds it unchanged the second time, and refuses a missing file", arguments: Server.Backend.allCases)
    func updateFromMirror(backend: Server.Backend) async throws {
        let database = try await Server.freshDatabase(backend)
        let changed = try Self.changedUN()
        try await Self.withMirror(["/un/UN_consolidated.xml": changed]) { base in
            let first = try await CLI.run(["lists", "update", "--from", base, "--source", "un", "--database", database, "--lists", "un"])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stderr.contains("(this uses the network)"), "\(first.stderr)")
            #expect(first.stdout.contains("un: imported version"), "\(first.stdout)")
            #expect(first.stdout.contains("0 added, 1 changed, 0 removed"), "\(first.stdout)")

            let second = try await CLI.run(["lists", "update", "--from", base, "--source", "un", "--database", database, "--lists", "un"])
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout.contains("un: unchanged (not modified since the last fetch (304))"), "\(second.stdout)")

            let missing = try await CLI.run(["lists", "update", "--from", base, "--source", "us-dpl", "--database", database, "--lists", "un"])
            #expect(missing.status == 1)
            #expect(missing.stdout.contains("us-dpl: REFUSED: \(base)/us/dpl/dpl.txt"), "\(missing.stdout)")
            #expect(missing.stdout.contains("404"), "\(missing.stdout)")
        }
        let audit = try await CLI.run(["audit", "list", "--limit", "10000", "--database", database]).stdout
        #expect(audit.components(separatedBy: "\"lists.refresh\"").count - 1 == 3, "every attempt is audited")
        #expect(try await CLI.run(["audit", "verify", "--database", database]).status == 0)
    }

    @Test("GET /v1/lists and screening answers say which lists are stale and how old they are", arguments: Server.Backend.allCases)
    func staleListsAreMarked(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { _ = server.stop() }
        let listed = try await server.request("GET", "/v1/lists", role: .screener)
        #expect(listed.status == 200)
        let lists = try #require(listed.json["lists"] as? [[String: Any]])
        let sdn = try #require(lists.first { $0["source"] as? String == "ofac-sdn" })
        #expect(sdn["stale"] as? Bool == true, "the bundled SDN list of 2023-12-28 is far past 7 days")
        #expect((sdn["age_days"] as? Double ?? 0) > 300)
        let screened = try await server.request("POST", "/v1/screen", role: .screener, json: ["name": "Banco Nacional de Cuba"])
        #expect(screened.status == 200)
        let answerLists = try #require(screened.json["lists"] as? [[String: Any]])
        #expect(answerLists.allSatisfy { $0["stale"] is Bool }, "every list in the answer says whether it is stale")
    }
}

