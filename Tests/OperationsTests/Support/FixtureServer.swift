import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A Hummingbird server on loopback (port 0) in the test process, answering each path with the replies a test
/// scripts: files, status codes and headers of its choosing (never the network). A path's replies are used in
/// order, the last one for every later request; a reply with an ETag answers 304 to a matching If-None-Match.
final class FixtureServer: Sendable {
    struct Reply: Sendable {
        var status: HTTPResponse.Status = .ok
        var body: Data
        var contentType = "application/xml"
        var etag: String?
        /// A Content-Length to announce instead of the body's own.
        var announcedLength: Int?
    }

    private let replies = Mutex<[String: [Reply]]>([:])
    private let served = Mutex<[String]>([])

    /// Sets the replies of `path` (e.g. `/un.xml`).
    func script(_ path: String, _ list: [Reply]) {
        replies.withLock { $0[path] = list }
    }

    /// What was answered, in order: `path status`.
    var log: [String] { served.withLock { $0 } }

    private func answer(_ request: Request) -> Response {
        let path = request.uri.path
        let reply = replies.withLock { all -> Reply? in
            guard var list = all[path], let first = list.first else { return nil }
            if list.count > 1 { list.removeFirst(); all[path] = list }
            return first
        }
        guard let reply else {
            served.withLock { $0.append("\(path) 404") }
            return Response(status: .notFound, body: ResponseBody(byteBuffer: ByteBuffer(string: "not found")))
        }
        var headers = HTTPFields()
        if let etag = reply.etag {
            headers[.eTag] = etag
            if request.headers[.ifNoneMatch] == etag {
                served.withLock { $0.append("\(path) 304") }
                return Response(status: .notModified, headers: headers)
            }
        }
        headers[.contentType] = reply.contentType
        served.withLock { $0.append("\(path) \(reply.status.code)") }
        if let announced = reply.announcedLength { headers[.contentLength] = String(announced) }
        return Response(status: reply.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    /// Runs `body` with the server listening; its argument is the server's base address.
    func run<T: Sendable>(_ body: @Sendable (URL) async throws -> T) async throws -> T {
        let router = Router()
        router.get("**") { request, _ in self.answer(request) }
        let port = Mutex<Int?>(nil)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } })
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "fixture-server")))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var bound: Int?
            while bound == nil {
                try await Task.sleep(for: .milliseconds(10))
                bound = port.withLock { $0 }
            }
            do {
                let result = try await body(URL(string: "http://127.0.0.1:\(bound ?? 0)")!)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }
}
