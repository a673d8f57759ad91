import Audit
import GRDB

/// The monitoring registry and measurement records on SQLite.
extension SQLiteStore: MonitorStore {
    public func registerDevice(_ device: DeviceRecord, audit: AuditDraft) async throws(StoreError) {
        try await write { db in
            try db.require(MonitorStatements.lockParty(device.endUserPartyID, .sqlite), else: MonitorStatements.noParty(device.endUserPartyID))
            try db.require(MonitorStatements.insert(device), else: MonitorStatements.deviceTaken(device.id))
            _ = try Self.append(audit, db: db, at: self.now())
        }
    }

    public func device(id: String) async throws(StoreError) -> DeviceRecord? {
        try await read { db in try db.rows(MonitorStatements.device(id)).map(Self.device(row:)).first }
    }

    public func devices(after id: String, limit: Int) async throws(StoreError) -> [DeviceRecord] {
        try await read { db in try db.rows(MonitorStatements.devices(after: id, limit: limit)).map(Self.device(row:)) }
    }

    public func registerLandmark(_ landmark: LandmarkRecord, audit: AuditDraft) async throws(StoreError) {
        try await write { db in
            try db.require(MonitorStatements.insert(landmark), else: MonitorStatements.landmarkTaken(landmark.id))
            _ = try Self.append(audit, db: db, at: self.now())
        }
    }

    public func landmark(id: String) async throws(StoreError) -> LandmarkRecord? {
        try await read { db in try db.rows(MonitorStatements.landmark(id)).map(Self.landmark(row:)).first }
    }

    public func landmarks(after id: String, limit: Int) async throws(StoreError) -> [LandmarkRecord] {
        try await read { db in try db.rows(MonitorStatements.landmarks(after: id, limit: limit)).map(Self.landmark(row:)) }
    }

    public func setLandmarkTrust(id: String, trusted: Bool, at time: Int64, audit: AuditDraft) async throws(StoreError) -> LandmarkRecord {
        try await write { db in
            guard try !db.rows(MonitorStatements.setTrust(id, trusted: trusted, at: time)).isEmpty else {
                throw try db.rows(MonitorStatements.landmark(id)).isEmpty ? MonitorStatements.noLandmark(id) : MonitorStatements.alreadyTrust(id, trusted)
            }
            _ = try Self.append(audit, db: db, at: self.now())
            guard let row = try db.rows(MonitorStatements.landmark(id)).first else { throw MonitorStatements.noLandmark(id) }
            return try Self.landmark(row: row)
        }
    }

    /// Concurrent calls share one read (`MeasurementPartyLookups`); each still reads what was committed when it arrived.
    public func measurementParties(landmark: String, device: String) async throws(StoreError) -> MeasurementParties {
        try await partyLookups.value(for: MeasurementPartyKey(landmark: landmark, device: device))
            ?? MeasurementParties(landmark: nil, device: nil)
    }

    /// The parties of every pair in `keys`, in one read.
    static func measurementParties(_ keys: [MeasurementPartyKey], pool: DatabasePool) async throws(StoreError) -> [MeasurementPartyKey: MeasurementParties] {
        try await run {
            try await pool.read { db in
                var parties: [MeasurementPartyKey: MeasurementParties] = [:]
                for key in keys {
                    parties[key] = MeasurementParties(
                        landmark: try db.rows(MonitorStatements.landmark(key.landmark)).map(Self.landmark(row:)).first,
                        device: try db.rows(MonitorStatements.device(key.device)).map(Self.device(row:)).first)
                }
                return parties
            }
        }
    }

    /// Waits for the next group commit (`MeasurementGroupCommit`): concurrent intakes share one transaction.
    public func recordMeasurement(_ measurement: MeasurementRow, audit: AuditDraft) async throws(StoreError) -> MeasurementRow {
        try await measurementCommits.record(measurement, audit: audit)
    }

    /// Writes one group commit's measurements in one transaction: each record whose nonce is unused is stored
    /// with its audit record (all stamped with one time read inside the transaction); a used nonce refuses
    /// only its record.
    static func recordMeasurements(_ pending: [PendingMeasurement], pool: DatabasePool, now: @escaping @Sendable () -> Int64)
        async throws(StoreError) -> [Result<MeasurementRow, StoreError>]
    {
        try await run {
            try await pool.write { db in
                let time = now()
                return try pending.map { item -> Result<MeasurementRow, StoreError> in
                    let measurement = item.row
                    guard try !db.rows(MonitorStatements.useNonce(measurement.nonce, at: measurement.receivedAt)).isEmpty else {
                        return .failure(MonitorStatements.replayed(measurement.nonce))
                    }
                    guard let id = try db.integers(MonitorStatements.insert(measurement)).first else {
                        throw StoreError(.database, "the measurement of \(measurement.device) by \(measurement.landmark) was not stored")
                    }
                    _ = try append(item.audit, db: db, at: time)
                    var stored = measurement
                    stored.id = id
                    return .success(stored)
                }
            }
        }
    }

    public func measurementSummaries(device: String, before: Int64?, limit: Int) async throws(StoreError) -> [MeasurementSummary] {
        try await read { db in
            try db.rows(MonitorStatements.measurementSummaries(device: device, before: before, limit: limit)).map { row in
                MeasurementSummary(id: row[0], landmark: row[1], issuedAt: row[2], receivedAt: row[3], minimumMs: row[4])
            }
        }
    }

    public func measurements(device: String, before: Int64?, limit: Int) async throws(StoreError) -> [MeasurementRow] {
        try await read { db in
            try db.rows(MonitorStatements.measurements(device: device, before: before, limit: limit)).map { row throws(StoreError) in
                let id: Int64 = row[0]
                return MeasurementRow(
                    id: id, device: row[1], landmark: row[2], nonce: row[3], issuedAt: row[4], receivedAt: row[5],
                    probesMs: try MonitorStatements.probes(row[6], row: id), minimumMs: row[7], deviceSignature: row[8], landmarkSignature: row[9])
            }
        }
    }

    private static func device(row: Row) throws(StoreError) -> DeviceRecord {
        let id: String = row[0]
        return DeviceRecord(
            id: id, publicKey: row[1], eccn: row[2], serial: row[3], authorizationID: row[4], endUserPartyID: row[5], country: row[6],
            site: try MonitorStatements.site(latitude: row[7], longitude: row[8], radiusKm: row[9], device: id), checkInIntervalSeconds: row[10],
            registeredAt: row[11])
    }

    private static func landmark(row: Row) throws(StoreError) -> LandmarkRecord {
        let id: String = row[0]
        return LandmarkRecord(
            id: id, latitude: row[1], longitude: row[2], country: row[3], publicKey: row[4], trusted: try MonitorStatements.trusted(row[5], landmark: id),
            registeredAt: row[6], trustChangedAt: row[7])
    }
}
