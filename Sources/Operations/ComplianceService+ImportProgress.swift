import Foundation
import Store

extension ComplianceService.ImportReport {
    /// Adds the counts of `other` (a later chunk of the same import).
    public mutating func add(_ other: Self) {
        received += other.received
        inserted += other.inserted
        changed += other.changed
        unchanged += other.unchanged
        screened += other.screened
        alertsOpened += other.alertsOpened
        suppressed += other.suppressed
    }
}

extension ComplianceService {
    /// `importParties` chunk by chunk, telling `progress` how many parties are done after each chunk: the same
    /// chunks, screenings and `parties.import` audit records as one call with `chunkSize`. Every record is checked
    /// first, so one bad party refuses the whole import before anything is stored.
    /// Throws as `importParties` does.
    public func importParties(
        _ records: [PartyRecord], actor: String, chunkSize: Int, progress: (Int) -> Void
    ) async throws -> ImportReport {
        try PartyCSV.validate(records, place: { "parties[\($0)]" })
        var report = ImportReport()
        var start = 0
        while start < records.count {
            let chunk = Array(records[start..<min(start + max(1, chunkSize), records.count)])
            report.add(try await importParties(chunk, actor: actor, chunkSize: chunk.count))
            start += chunk.count
            progress(start)
        }
        return report
    }
}
