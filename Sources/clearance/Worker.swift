import ArgumentParser
import CommandSupport
import Foundation
import Operations
import Store

/// `clearance worker`: works through queued re-screening jobs; several may share one PostgreSQL store.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Process re-screening jobs (queued by list imports) in chunks; run several on one PostgreSQL database.",
        discussion: """
            Chunks are claimed with SELECT … FOR UPDATE SKIP LOCKED, so workers never share a chunk; \
            each chunk's alerts, completion and audit record are one transaction. Without --wait the \
            worker stops when no chunk is left.

            Examples:
              clearance lists import UN.xml --source un --enqueue-only --database postgres://...
              clearance worker --database postgres://... &
              clearance worker --database postgres://... &
            """)

    @Flag(help: "Keep polling for new jobs (every second) until SIGTERM.")
    var wait = false

    @Option(help: ArgumentHelp(
        "Reclaim a chunk another worker has held this long without finishing (it died); 0 when you know it is gone.",
        valueName: "SECONDS"))
    var staleAfter = 300

    func validate() throws {
        guard staleAfter >= 0 else { throw ValidationError("--stale-after must not be negative, got \(staleAfter)") }
    }

    @OptionGroup var database: DatabaseOption
    @OptionGroup var lists: ListSelection

    func run() async throws {
        let service = try await database.service(lists: lists)
        let name = ComplianceService.workerName()
        var total = ComplianceService.WorkerReport()
        repeat {
            do {
                let done = try await service.runRescreening(worker: name, actor: "worker:\(name)", staleAfter: Int64(staleAfter) * 1_000)
                total.chunks += done.chunks
                total.parties += done.parties
                total.alerts += done.alerts
            } catch let error as StoreError {
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            } catch {
                FileHandle.standardError.write(Data("clearance: \(error)\n".utf8))
                throw ExitCode.failure
            }
            if wait { try await Task.sleep(for: .seconds(1)) }
        } while wait
        print("worker \(name): \(total.chunks) chunks, \(total.parties) parties, \(total.alerts) alerts opened")
    }
}
