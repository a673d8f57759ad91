import ArgumentParser
import Audit
import Foundation
import Store

/// `clearance audit verify|list`: check and read the tamper-evident audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify or read the audit log.", subcommands: [Verify.self, List.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain; exit 1 and name the first bad record if it is broken.")

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let store = try await database.open()
            let report: AuditChain.Report
            do {
                report = try await store.verifyAudit()
            } catch {
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
            if let broken = report.firstBreak {
                print("audit chain BROKEN at record \(broken.sequence): \(broken)")
                throw ExitCode.failure
            }
            print("audit chain intact: \(report.checked) records, head \(report.headHash)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print audit records as JSON Lines.")

        @Option(help: "Start after this sequence number.")
        var after: Int64 = 0

        @Option(help: "At most this many.")
        var limit: Int = 100

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let store = try await database.open()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            do {
                for record in try await store.auditRecords(after: after, limit: limit) {
                    print(String(decoding: try encoder.encode(record), as: UTF8.self))
                }
            } catch let error as StoreError {
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
