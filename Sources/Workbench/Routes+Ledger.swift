import DataFormats
import Foundation
import Operations
import Store

/// A purchase ledger uploaded on the Duty and transfers page runs as a background job (`BackgroundJobs.ledger`).
extension Workbench {
    /// Starts the uploaded ledger `file` as a job of `owner` (named `name`, else by its file name); a file over
    /// `ComplianceService.ledgerUploadLimit` or empty is a 400 naming the file, before any job starts.
    static func startLedgerJob(
        _ file: UploadedFile, name: String?, defaultDate: CivilDate?, compareDate: CivilDate?, jobs: BackgroundJobs, service: ComplianceService,
        owner: String
    ) async throws -> BackgroundJobRecord {
        guard !file.data.isEmpty else { throw WorkbenchError.badRequest(field: "ledger_file", "ledger_file: the file \(file.filename) is empty") }
        guard file.data.count <= ComplianceService.ledgerUploadLimit else {
            throw WorkbenchError.badRequest(
                field: "ledger_file",
                "ledger_file: \(file.filename) is \(file.data.count) bytes; a ledger may be up to \(ComplianceService.ledgerUploadLimit) bytes "
                    + "(run larger ones with clearance duty --input)")
        }
        return try await jobs.startLedger(
            file.data, name: name ?? file.filename, defaultDate: defaultDate, compareDate: compareDate, service: service, owner: owner)
    }

    /// The Duty page's values while the ledger job `job` runs (the page refreshes itself until it is done).
    static func ledgerProgress(_ job: BackgroundJobRecord) -> [String: Any] {
        ["jobID": job.id, "progress": progressText(job), "final": job.state.isFinal, "message": job.message ?? "", "failed": job.state != .done]
    }
}
