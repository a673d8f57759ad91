import HTTPTypes
import OpenAPIRuntime

/// The paths and methods the generated `registerHandlers` registers, recorded by registering into this table
/// (a `ServerTransport` that keeps no handlers), so the 405 answers come from the document and cannot drift.
final class RouteTable: ServerTransport, @unchecked Sendable {
    // Safe: filled once by `registerHandlers` before the table is shared, then only read.
    private var routes: [(segments: [Substring], method: String)] = []

    /// The routes of `handler`'s API.
    init(_ handler: some APIProtocol) throws {
        try handler.registerHandlers(on: self)
    }

    func register(
        _ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method, path: String
    ) throws {
        routes.append((path.split(separator: "/"), method.rawValue))
    }

    /// The methods registered for `path` (`{id}` matches one segment), in registration order.
    func methods(forPath path: String) -> [String] {
        let segments = path.split(separator: "/")
        return routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, segment in template.hasPrefix("{") || template == segment }
        }.map(\.method)
    }
}
