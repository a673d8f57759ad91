import Audit

/// The monitoring registry (devices, landmarks) and the accepted measurement records with their used nonces,
/// beside the `Store` (both stores implement it, on their own tables). It persists and decides nothing:
/// whether a key is Ed25519, a record verifies or a landmark is trusted is decided by Operations
/// (`MonitorService`), which hands the results down. Every write appends its audit record in its transaction.
public protocol MonitorStore: Sendable {
    /// Registers a device and audits it; `conflict` if the id is taken, `notFound` if its end user is not a stored party.
    func registerDevice(_ device: DeviceRecord, audit: AuditDraft) async throws(StoreError)
    /// The device with `id`.
    func device(id: String) async throws(StoreError) -> DeviceRecord?
    /// Devices in id order after `id` (keyset), at most `limit`.
    func devices(after id: String, limit: Int) async throws(StoreError) -> [DeviceRecord]

    /// Registers a landmark and audits it; `conflict` if the id is taken.
    func registerLandmark(_ landmark: LandmarkRecord, audit: AuditDraft) async throws(StoreError)
    /// The landmark with `id`.
    func landmark(id: String) async throws(StoreError) -> LandmarkRecord?
    /// Landmarks in id order after `id` (keyset), at most `limit`.
    func landmarks(after id: String, limit: Int) async throws(StoreError) -> [LandmarkRecord]
    /// Sets whether a landmark is trusted at `time` and audits it; returns it as changed. `notFound` without it,
    /// `conflict` (nothing written) when it already is so.
    func setLandmarkTrust(id: String, trusted: Bool, at time: Int64, audit: AuditDraft) async throws(StoreError) -> LandmarkRecord

    /// The landmark and the device a posted record names, read together as committed when the call arrived
    /// (concurrent intakes share one read).
    func measurementParties(landmark: String, device: String) async throws(StoreError) -> MeasurementParties

    /// Stores an accepted record, marks its nonce used and audits it, in one transaction; returns it with its
    /// row id. `conflict` (nothing written) when the nonce was used already: of concurrent records with one
    /// nonce, exactly one is stored.
    func recordMeasurement(_ measurement: MeasurementRow, audit: AuditDraft) async throws(StoreError) -> MeasurementRow
    /// A device's accepted records, newest first, before row `before` (nil: from the newest), at most `limit`.
    func measurements(device: String, before: Int64?, limit: Int) async throws(StoreError) -> [MeasurementRow]
    /// The same records as `measurements`, each as its id, landmark, time and smallest RTT only.
    func measurementSummaries(device: String, before: Int64?, limit: Int) async throws(StoreError) -> [MeasurementSummary]
}
