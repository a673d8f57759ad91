import Audit

/// An accepted measurement record waiting for its group commit (`GroupCommit`), with its audit record.
struct PendingMeasurement: Sendable {
    var row: MeasurementRow
    var audit: AuditDraft
}

/// Concurrent measurement intakes, written together: one transaction stores a batch of records, each with
/// its nonce and audit record; a used nonce refuses only its own record (`MonitorStatements.replayed`).
typealias MeasurementGroupCommit = GroupCommit<PendingMeasurement, MeasurementRow>

extension GroupCommit where Item == PendingMeasurement, Answer == MeasurementRow {
    /// Stores `row` with `audit` in the next batch; a used nonce is thrown as `conflict`.
    func record(_ row: MeasurementRow, audit: AuditDraft) async throws(StoreError) -> MeasurementRow {
        try await submit(PendingMeasurement(row: row, audit: audit)).get()
    }
}

/// The landmark and device ids a posted record names: what `MeasurementPartyLookups` reads.
struct MeasurementPartyKey: Hashable, Sendable {
    var landmark: String
    var device: String
}

/// Concurrent intakes' registry reads, answered together (`LookupBatch`).
typealias MeasurementPartyLookups = LookupBatch<MeasurementPartyKey, MeasurementParties>
