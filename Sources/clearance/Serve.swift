import ArgumentParser
import Foundation
import Hummingbird
import Service

/// `clearance serve`: the HTTP API over the store.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP API (screen, determine, parties, cases, audit) over the store.",
        discussion: """
            Every request needs `Authorization: Bearer <key>` (create one with `clearance keys create`), \
            except /healthz and /openapi.yaml. SIGTERM or SIGINT stops the server after in-flight \
            requests finish.

            Examples:
              clearance serve --port 8080
              clearance serve --database postgres://clearance@127.0.0.1:5432/clearance
            """
    )

    @Option(help: "The port to listen on (0 picks a free one; the chosen port is printed).")
    var port: Int = 8080

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @OptionGroup var database: DatabaseOption
    @OptionGroup var lists: ListSelection

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, got \(port)") }
    }

    func run() async throws {
        ServiceApplication.bootstrapMetrics()
        let service = try await database.service(lists: lists)
        let location = try database.location
        let app = ServiceApplication.make(service: service, host: host, port: port) { port in
            FileHandle.standardOutput.write(Data("clearance serve: listening on http://\(host):\(port) (store \(location))\n".utf8))
        }
        try await app.runService()
    }
}
