import Audit
import Logging
import PostgresNIO

/// The monitoring registry and measurement records on PostgreSQL.
extension PostgresStore: MonitorStore {
    public func registerDevice(_ device: DeviceRecord, audit: AuditDraft) async throws(StoreError) {
        try await transaction { connection, logger in
            try await connection.require(
                MonitorStatements.lockParty(device.endUserPartyID, .postgres), logger: logger, else: MonitorStatements.noParty(device.endUserPartyID))
            try await connection.require(MonitorStatements.insert(device), logger: logger, else: MonitorStatements.deviceTaken(device.id))
            _ = try await self.append(audit, connection: connection, logger: logger)
        }
    }

    public func device(id: String) async throws(StoreError) -> DeviceRecord? {
        try await run { connection, logger in try await Self.devices(connection.run(MonitorStatements.device(id), logger: logger)).first }
    }

    public func devices(after id: String, limit: Int) async throws(StoreError) -> [DeviceRecord] {
        try await run { connection, logger in
            try await Self.devices(connection.run(MonitorStatements.devices(after: id, limit: limit), logger: logger))
        }
    }

    public func registerLandmark(_ landmark: LandmarkRecord, audit: AuditDraft) async throws(StoreError) {
        try await transaction { connection, logger in
            try await connection.require(MonitorStatements.insert(landmark), logger: logger, else: MonitorStatements.landmarkTaken(landmark.id))
            _ = try await self.append(audit, connection: connection, logger: logger)
        }
    }

    public func landmark(id: String) async throws(StoreError) -> LandmarkRecord? {
        try await run { connection, logger in try await Self.landmarks(connection.run(MonitorStatements.landmark(id), logger: logger)).first }
    }

    public func landmarks(after id: String, limit: Int) async throws(StoreError) -> [LandmarkRecord] {
        try await run { connection, logger in
            try await Self.landmarks(connection.run(MonitorStatements.landmarks(after: id, limit: limit), logger: logger))
        }
    }

    public func setLandmarkTrust(id: String, trusted: Bool, at time: Int64, audit: AuditDraft) async throws(StoreError) -> LandmarkRecord {
        try await transaction { connection, logger in
            guard try await !connection.strings(MonitorStatements.setTrust(id, trusted: trusted, at: time), logger: logger).isEmpty else {
                throw try await Self.landmarks(connection.run(MonitorStatements.landmark(id), logger: logger)).isEmpty
                    ? MonitorStatements.noLandmark(id) : MonitorStatements.alreadyTrust(id, trusted)
            }
            _ = try await self.append(audit, connection: connection, logger: logger)
            guard let landmark = try await Self.landmarks(connection.run(MonitorStatements.landmark(id), logger: logger)).first else {
                throw MonitorStatements.noLandmark(id)
            }
            return landmark
        }
    }

    /// Waits for the next group commit (`MeasurementGroupCommit`): concurrent intakes share one transaction.
    public func recordMeasurement(_ measurement: MeasurementRow, audit: AuditDraft) async throws(StoreError) -> MeasurementRow {
        try await measurementCommits.record(measurement, audit: audit)
    }

    /// Writes one group commit's measurements in one transaction: each record whose nonce is unused is stored,
    /// then the audit records of those stored are appended together (the audit lock is taken last, so it is
    /// held only for the append and the commit); a used nonce refuses only its record.
    static func recordMeasurements(_ pending: [PendingMeasurement], leases: PostgresLeases, logger: Logger, now: @escaping @Sendable () -> Int64)
        async throws(StoreError) -> [Result<MeasurementRow, StoreError>]
    {
        do {
            return try await leases.withTransaction(logger: logger) { connection in
                var outcomes: [Result<MeasurementRow, StoreError>] = []
                var audits: [AuditDraft] = []
                for item in pending {
                    let measurement = item.row
                    guard try await !connection.strings(MonitorStatements.useNonce(measurement.nonce, at: measurement.receivedAt), logger: logger).isEmpty
                    else {
                        outcomes.append(.failure(MonitorStatements.replayed(measurement.nonce)))
                        continue
                    }
                    guard let id = try await connection.integers(MonitorStatements.insert(measurement), logger: logger).first else {
                        throw StoreError(.database, "the measurement of \(measurement.device) by \(measurement.landmark) was not stored")
                    }
                    var stored = measurement
                    stored.id = id
                    outcomes.append(.success(stored))
                    audits.append(item.audit)
                }
                if !audits.isEmpty { _ = try await append(audits, connection: connection, logger: logger, stamp: now) }
                return outcomes
            }
        } catch {
            throw wrap(error)
        }
    }

    public func measurements(device: String, before: Int64?, limit: Int) async throws(StoreError) -> [MeasurementRow] {
        try await run { connection, logger in
            var rows: [MeasurementRow] = []
            for try await (id, device, landmark, nonce, issued, received, probes, minimum, deviceSignature, landmarkSignature) in try await connection
                .run(MonitorStatements.measurements(device: device, before: before, limit: limit), logger: logger)
                .decode((Int64, String, String, String, Int64, Int64, String, Double, String, String).self)
            {
                rows.append(
                    MeasurementRow(
                        id: id, device: device, landmark: landmark, nonce: nonce, issuedAt: issued, receivedAt: received,
                        probesMs: try MonitorStatements.probes(probes, row: id), minimumMs: minimum, deviceSignature: deviceSignature,
                        landmarkSignature: landmarkSignature))
            }
            return rows
        }
    }

    static func devices(_ rows: PostgresRowSequence) async throws -> [DeviceRecord] {
        var devices: [DeviceRecord] = []
        for try await (id, key, eccn, serial, authorization, party, country, latitude, longitude, radius, interval, registered) in rows.decode(
            (String, String, String, String, String, String, String, Double?, Double?, Double?, Int64, Int64).self)
        {
            devices.append(
                DeviceRecord(
                    id: id, publicKey: key, eccn: eccn, serial: serial, authorizationID: authorization, endUserPartyID: party, country: country,
                    site: try MonitorStatements.site(latitude: latitude, longitude: longitude, radiusKm: radius, device: id),
                    checkInIntervalSeconds: interval, registeredAt: registered))
        }
        return devices
    }

    static func landmarks(_ rows: PostgresRowSequence) async throws -> [LandmarkRecord] {
        var landmarks: [LandmarkRecord] = []
        for try await (id, latitude, longitude, country, key, trusted, registered, changed) in rows.decode(
            (String, Double, Double, String, String, Int32, Int64, Int64?).self)
        {
            landmarks.append(
                LandmarkRecord(
                    id: id, latitude: latitude, longitude: longitude, country: country, publicKey: key,
                    trusted: try MonitorStatements.trusted(Int64(trusted), landmark: id), registeredAt: registered, trustChangedAt: changed))
        }
        return landmarks
    }
}
