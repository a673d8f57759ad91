import Foundation
import Testing

/// `clearance serve` on a PostgreSQL server that is not there stops with an error naming the problem;
/// before, it waited for a connection forever and ignored SIGTERM while it did.
@Suite struct ServeUnavailableStoreTests {
    @Test("serve with an unreachable PostgreSQL exits with an error saying no connection could be had")
    func serveStopsWhenPostgresIsUnreachable() async throws {
        let process = Process()
        process.executableURL = CLI.executable
        // Port 1 on loopback: nothing listens there, so every connection attempt is refused.
        process.arguments = ["serve", "--port", "0", "--database", "postgres://postgres@127.0.0.1:1/clearance"]
        process.environment = CLI.testEnvironment
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let deadline = ContinuousClock.now + .seconds(90)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(200)) }
        if process.isRunning {
            process.terminate()
            Issue.record("clearance serve was still waiting for PostgreSQL after 90 s")
            return
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus != 0)
        #expect(message.contains("no connection could be had"), "\(message)")
    }
}
