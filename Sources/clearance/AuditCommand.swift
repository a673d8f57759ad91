import ArgumentParser
import Audit
import Foundation
import Operations
import Store
import DataFormats

/// `clearance audit verify|checkpoint|list`: check, anchor and read the tamper-evident audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify, checkpoint or read the audit log.", subcommands: [Verify.self, Checkpoint.self, List.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Recompute the hash chain and check its end against the head row and the signed checkpoints; exit 1 and say what is wrong.",
            discussion: """
                Names the first altered, inserted or removed record, and records missing from the end: the chain \
                head row, every stored checkpoint and the checkpoint given with --checkpoint (one an auditor \
                exported with `clearance audit checkpoint --output FILE` and kept outside the store) each say \
                how far the chain reached.

                Examples:
                  clearance audit verify
                  clearance audit verify --checkpoint /safe/place/checkpoint.json
                """)

        @Option(help: ArgumentHelp("An exported checkpoint to check the chain against.", valueName: "FILE"))
        var checkpoint: String?

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            var external: AuditCheckpoint?
            if let checkpoint {
                guard let data = FileManager.default.contents(atPath: checkpoint) else {
                    throw ValidationError("--checkpoint \(checkpoint) cannot be read")
                }
                do {
                    external = try AuditCheckpoint.read(json: data, source: checkpoint)
                } catch {
                    throw ValidationError(error.description)
                }
            }
            let store = try await database.open()
            let report: AuditAnchorReport
            do {
                report = try await store.verifyAnchoredAudit(external: external, externalSource: checkpoint ?? "the exported checkpoint")
            } catch {
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
            if let broken = report.chain.firstBreak {
                print("audit chain BROKEN at record \(broken.sequence): \(broken)")
            }
            for problem in report.problems {
                print("audit chain INCOMPLETE: \(problem)")
            }
            guard report.isIntact else { throw ExitCode.failure }
            var anchors = "head row agrees"
            if let last = report.lastCheckpoint {
                anchors += "; \(report.checkpointsChecked) checkpoint(s) verified, the last signed at \(AuditCheckpoint.utc(last.signedAt)) over record \(last.sequence)"
            } else {
                anchors += "; no checkpoint yet"
            }
            print("audit chain intact: \(report.chain.checked) records, head \(report.chain.headHash) (\(anchors))")
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: "Sign the chain head now, store the checkpoint, and print it as JSON (with the public key).",
            discussion: """
                Keep the JSON outside the store: `clearance audit verify --checkpoint FILE` then proves no record \
                up to its head was removed or changed, even by someone who can rewrite the whole store. Needs \
                the key-encryption key (CLEARANCE_KEK_FILE).

                Examples:
                  clearance audit checkpoint
                  clearance audit checkpoint --output /safe/place/checkpoint.json
                """)

        @Option(help: ArgumentHelp("Also write the JSON to this file.", valueName: "FILE"))
        var output: String?

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let store = try await database.open()
            let checkpoint: AuditCheckpoint
            do {
                checkpoint = try await AuditCheckpointer(store: store).checkpoint(actor: DatabaseOption.actor)
            } catch {
                FileHandle.standardError.write(Data("clearance: cannot make an audit checkpoint: \(Self.message(error))\n".utf8))
                throw ExitCode.failure
            }
            let json = try checkpoint.exportJSON() + Data("\n".utf8)
            if let output {
                do {
                    try json.write(to: URL(fileURLWithPath: output))
                } catch {
                    FileHandle.standardError.write(Data("clearance: cannot write \(output): \(error.localizedDescription)\n".utf8))
                    throw ExitCode.failure
                }
            }
            FileHandle.standardOutput.write(json)
        }

        static func message(_ error: any Error) -> String {
            (error as? StoreError)?.message ?? String(describing: error)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Print audit records as JSON Lines.")

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
                var lines = JSONLines()
                for record in try await store.auditRecords(after: after, limit: limit) { try lines.append(record, using: encoder) }
                FileHandle.standardOutput.write(lines.data)
            } catch let error as StoreError {
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
