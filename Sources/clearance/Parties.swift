import ArgumentParser
import CommandSupport
import Foundation
import Operations
import Store

/// `clearance parties import FILE`: store parties and screen the new and changed ones.
struct Parties: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parties", abstract: "Manage the company's parties.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a CSV of parties (id,name,type,country,dob); new and changed parties are screened and alerts opened.")

        @Argument(help: ArgumentHelp("The CSV file ('-' for standard input).", valueName: "FILE.csv"))
        var file: String

        @Option(help: "Parties per transaction: each chunk's new and changed parties are stored with their screening and audit record at once.")
        var chunkSize = 5_000

        @OptionGroup var database: DatabaseOption
        @OptionGroup var lists: ListSelection

        func validate() throws {
            guard chunkSize >= 1 else { throw ValidationError("--chunk-size must be at least 1, got \(chunkSize)") }
        }

        func run() async throws {
            let data = try InputFile.open(file).readToEnd() ?? Data()
            let parties: [PartyRecord]
            do {
                parties = try PartyCSV.parse(data)
            } catch {
                throw ValidationError("\(file): \(error.message)")
            }
            let service = try await database.service(lists: lists)
            let start = Date()
            let report: ComplianceService.ImportReport
            do {
                report = try await Self.importInChunks(parties, service: service, chunkSize: chunkSize)
            } catch let error as StoreError {
                FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
                throw ExitCode.failure
            } catch {
                FileHandle.standardError.write(Data("clearance: \(error)\n".utf8))
                throw ExitCode.failure
            }
            print(
                "\(report.received) parties: \(report.inserted) new, \(report.changed) changed, \(report.unchanged) unchanged; "
                    + "\(report.screened) screened, \(report.alertsOpened) alerts opened, \(report.suppressed) suppressed "
                    + "(\(String(format: "%.1f", Date().timeIntervalSince(start))) s)")
        }

        /// Imports `parties` chunk by chunk (each chunk stored, screened and audited as one `importParties` call with
        /// `chunkSize` does it), showing progress on standard error when it is a terminal.
        static func importInChunks(_ parties: [PartyRecord], service: ComplianceService, chunkSize: Int) async throws
            -> ComplianceService.ImportReport
        {
            let progress = ProgressLine("parties imported")
            let report = try await service.importParties(parties, actor: DatabaseOption.actor, chunkSize: chunkSize) { done in
                progress.update(done: done, total: parties.count)
            }
            progress.finish(done: parties.count, total: parties.count)
            return report
        }
    }
}
