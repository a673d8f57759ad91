import Audit

/// Per-round verdicts of monitored devices and the actions they cause (both stores implement it, beside
/// `MonitorStore`). It persists and decides nothing: the verdict, the alert's kind and the sweep come from
/// Operations (`MonitorVerdicts`); the store writes them with their audit record in one transaction.
public protocol MonitorVerdictStore: Sendable {
    /// Stores a verdict in the device's history, makes it the device's latest unless a verdict of a later round is
    /// stored already, opens `action`'s alert unless one of its kind is open for the device, revokes `action`'s
    /// sweep and appends `audit`: all in one transaction, or nothing. `notFound` without the device.
    func recordVerdict(_ verdict: VerdictRow, action: MonitorAction?, audit: AuditDraft) async throws(StoreError) -> MonitorActionOutcome
    /// Records an overdue device's action (its alert, its sweep) with `audit`, in one transaction.
    func recordOverdue(_ action: MonitorAction, audit: AuditDraft) async throws(StoreError) -> MonitorActionOutcome
    /// A device's latest verdict.
    func latestVerdict(device: String) async throws(StoreError) -> VerdictRow?
    /// A device's verdicts, newest first, before row `before` (nil: from the newest), at most `limit`.
    func verdicts(device: String, before: Int64?, limit: Int) async throws(StoreError) -> [VerdictRow]
    /// The first verdict `verdict` of each device (of `device` only, when given), in device order: first detections.
    func firstVerdicts(_ verdict: String, device: String?) async throws(StoreError) -> [VerdictRow]
    /// The accepted records with these row ids, in id order.
    func measurements(ids: [Int64]) async throws(StoreError) -> [MeasurementRow]
    /// Devices with accepted records newer than their latest verdict covers, at most `limit`, in id order.
    func devicesAwaitingVerdict(limit: Int) async throws(StoreError) -> [String]
    /// Devices whose last check-in (else registration) plus their interval plus `graceMs` is before `time`, with no
    /// open alert whose entity is `entityPrefix` + the device id; at most `limit`, in id order.
    func overdueDevices(at time: Int64, graceMs: Int64, entityPrefix: String, limit: Int) async throws(StoreError) -> [DeviceRecord]
    /// The fleet in device id order after `after`, at most `limit`; with `likely`, only devices whose latest verdict's
    /// `likely` is it (`unlocated`: devices without a verdict).
    func fleet(likely: String?, after: String, limit: Int) async throws(StoreError) -> [FleetEntry]
    /// Devices counted by latest verdict and by country.
    func fleetCounts() async throws(StoreError) -> FleetCounts
}
