import DataFormats
import Foundation
import Screening
import Store

extension BackgroundJobs {
    /// The kind of a batch screening job.
    public static let batchScreening = "screen.batch"
    /// The kind of a party import job.
    public static let partyImport = "parties.import"
    /// Parties imported between two progress reports (each slice is stored, screened and audited as one import).
    static let partySlice = 1_000

    /// Starts screening the CSV `data` (`clearance screen --input`'s columns) with `service` as a job of `owner`:
    /// done with `results.csv` and `results.jsonl` and the batch's `screen` audit record, or failed naming the line.
    public func startBatchScreening(_ data: Data, service: ComplianceService, owner: String) async throws(StoreError) -> BackgroundJobRecord {
        try await start(kind: Self.batchScreening, owner: owner, total: nil) { progress in
            let (result, audit) = try await service.screenBatch(csv: data, actor: owner) { done, total in progress.report(done: done, total: total) }
            let message = "\(result.rows) rows screened, \(result.matches) matches"
                + (result.failures == 0 ? "" : "; \(result.failures) rows could not be screened (first: \(result.firstFailure ?? "—"))")
            return JobOutcome(
                message: message,
                artefacts: [
                    JobArtefact(name: "results.csv", mediaType: "text/csv; charset=utf-8", content: result.csv),
                    JobArtefact(name: "results.jsonl", mediaType: "application/jsonl; charset=utf-8", content: result.jsonLines),
                ],
                audit: audit)
        }
    }

    /// Starts importing the CSV `data` of parties (as `clearance parties import` does: every row checked first, then
    /// stored, screened and audited as `parties.import` in slices) with `service` as a job of `owner`: done with
    /// `report.json`, or failed naming the line (nothing imported) or the store's error (earlier slices kept).
    public func startPartyImport(_ data: Data, service: ComplianceService, owner: String) async throws(StoreError) -> BackgroundJobRecord {
        try await start(kind: Self.partyImport, owner: owner, total: nil) { progress in
            let parties = try PartyCSV.parse(data)
            progress.report(done: 0, total: parties.count)
            let report = try await service.importParties(parties, actor: owner, chunkSize: Self.partySlice) { done in
                progress.report(done: done)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let json = String(decoding: try encoder.encode(report), as: UTF8.self)
            return JobOutcome(
                message: "\(report.received) parties received: \(report.inserted) new, \(report.changed) changed, \(report.unchanged) unchanged; "
                    + "\(report.screened) screened, \(report.alertsOpened) alerts opened",
                artefacts: [JobArtefact(name: "report.json", mediaType: "application/json", content: json + "\n")])
        }
    }
}

extension BackgroundJobs {
    /// The kind of a job re-screening the stored parties after a list import.
    public static let rescreening = "lists.rescreen"

    /// Starts working through the re-screening chunks a list import queued (`chunks` of them), as `clearance worker`
    /// does, in the background for `owner`: each chunk's alerts and its `lists.rescreen` audit record are written as it
    /// is done (by the owner); the job is done with the parties screened and alerts opened, or failed saying why.
    public func startRescreening(service: ComplianceService, chunks: Int, owner: String) async throws(StoreError) -> BackgroundJobRecord {
        try await start(kind: Self.rescreening, owner: owner, total: nil) { progress in
            progress.report(done: 0, total: chunks)
            let report = try await service.runRescreening(worker: ComplianceService.workerName(), actor: owner)
            progress.report(done: report.chunks)
            return JobOutcome(message: "\(report.chunks) chunks: \(report.parties) parties screened again, \(report.alerts) alerts opened")
        }
    }
}

extension BackgroundJobs {
    /// The kind of a purchase ledger job.
    public static let ledger = "ledger"
    /// The name of a ledger job's result: `{"name", "ledger": {"summary": …} (as `clearance duty --summary` writes
    /// it), "errors": [{"line", "field", "error"}]}`.
    public static let ledgerResult = "ledger.json"

    /// Starts assessing the ledger `data` called `name` (as `ComplianceService.runLedger` does, lines without a date
    /// at `defaultDate`, each also at `compareDate`) with `service` as a job of `owner`, reporting the lines done:
    /// done with `ledger.json`, `summary.csv` (`LedgerSummary.csv`) and the run's `duty.ledger` audit record (by the owner), or failed naming the problem.
    public func startLedger(
        _ data: Data, name: String, defaultDate: CivilDate?, compareDate: CivilDate?, service: ComplianceService, owner: String
    ) async throws(StoreError) -> BackgroundJobRecord {
        try await start(kind: Self.ledger, owner: owner, total: nil) { progress in
            let assessed: LedgerAssessment
            do {
                assessed = try service.assessLedger(csv: data, name: name, defaultDate: defaultDate, compareDate: compareDate, actor: owner) {
                    progress.report(done: $0, total: $1)
                }
            } catch let error as InvalidInput {
                // The job page shows only the message: it names the place too.
                throw InvalidInput(error.field, "\(error.field): \(error.message)")
            }
            var writer = JSONWriter()
            writer.openObject()
            writer.key("name"); writer.string(name)
            writer.key("ledger"); writer.number(assessed.summary.json)
            writer.key("errors")
            writer.openArray()
            for error in assessed.errors {
                writer.openObject()
                writer.key("line"); writer.number(error.line)
                writer.key("field"); writer.string(error.field)
                writer.key("error"); writer.string(error.message)
                writer.closeObject()
            }
            writer.closeArray()
            writer.closeObject()
            return JobOutcome(
                message: assessed.audit.result,
                artefacts: [
                    JobArtefact(name: Self.ledgerResult, mediaType: "application/json", content: writer.text + "\n"),
                    JobArtefact(name: "summary.csv", mediaType: "text/csv; charset=utf-8", content: assessed.summary.csv),
                ],
                audit: assessed.audit)
        }
    }
}
