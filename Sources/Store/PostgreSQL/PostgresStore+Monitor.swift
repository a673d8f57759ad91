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

    /// Concurrent calls share one read (`MeasurementPartyLookups`); each still reads what was committed when it arrived.
    public func measurementParties(landmark: String, device: String) async throws(StoreError) -> MeasurementParties {
        try await partyLookups.value(for: MeasurementPartyKey(landmark: landmark, device: device))
            ?? MeasurementParties(landmark: nil, device: nil)
    }

    /// The parties of every pair in `keys`, in two queries on one connection.
    static func measurementParties(_ keys: [MeasurementPartyKey], leases: PostgresLeases, logger: Logger)
        async throws(StoreError) -> [MeasurementPartyKey: MeasurementParties]
    {
        do {
            return try await leases.withConnection { connection in
                let landmarkIDs = Array(Set(keys.map(\.landmark))), deviceIDs = Array(Set(keys.map(\.device)))
                let landmarks = try await Self.landmarks(
                    connection.query("\(unescaped: MonitorStatements.landmarkColumns) WHERE id = ANY(\(landmarkIDs)::text[])", logger: logger))
                let devices = try await Self.devices(
                    connection.query("\(unescaped: MonitorStatements.deviceColumns) WHERE id = ANY(\(deviceIDs)::text[])", logger: logger))
                let landmarkByID = Dictionary(landmarks.map { ($0.id, $0) }) { first, _ in first }
                let deviceByID = Dictionary(devices.map { ($0.id, $0) }) { first, _ in first }
                return Dictionary(
                    keys.map { ($0, MeasurementParties(landmark: landmarkByID[$0.landmark], device: deviceByID[$0.device])) }) { first, _ in first }
            }
        } catch {
            throw wrap(error)
        }
    }

    /// Waits for the next group commit (`MeasurementGroupCommit`): concurrent intakes share one transaction.
    public func recordMeasurement(_ measurement: MeasurementRow, audit: AuditDraft) async throws(StoreError) -> MeasurementRow {
        try await measurementCommits.record(measurement, audit: audit)
    }

    /// Writes one group commit's measurements in one transaction of four statements whatever its size: the nonces
    /// claimed at once (the first record of the batch holding an unused nonce claims it; a used nonce refuses only
    /// its record), the claiming records inserted at once, then their audit records appended together (the audit
    /// lock is taken last, so it is held only for the append and the commit).
    static func recordMeasurements(_ pending: [PendingMeasurement], leases: PostgresLeases, logger: Logger, now: @escaping @Sendable () -> Int64)
        async throws(StoreError) -> [Result<MeasurementRow, StoreError>]
    {
        do {
            return try await leases.withTransaction(logger: logger) { connection in
                let rows = pending.map(\.row)
                var unclaimed = Set<String>()
                for try await nonce in try await connection.query(
                    """
                    INSERT INTO monitor_nonces (nonce, used_at) SELECT * FROM unnest(\(rows.map(\.nonce))::text[], \(rows.map(\.receivedAt))::bigint[])
                    ON CONFLICT (nonce) DO NOTHING RETURNING nonce
                    """, logger: logger
                ).decode(String.self) {
                    unclaimed.insert(nonce)
                }
                let claiming = pending.indices.filter { unclaimed.remove(rows[$0].nonce) != nil }
                let ids = try await insert(claiming.map { rows[$0] }, connection: connection, logger: logger)
                var outcomes = rows.map { Result<MeasurementRow, StoreError>.failure(MonitorStatements.replayed($0.nonce)) }
                for index in claiming {
                    guard let id = ids[rows[index].nonce] else {
                        throw StoreError(.database, "the measurement of \(rows[index].device) by \(rows[index].landmark) was not stored")
                    }
                    var stored = rows[index]
                    stored.id = id
                    outcomes[index] = .success(stored)
                }
                if !claiming.isEmpty { _ = try await append(claiming.map { pending[$0].audit }, connection: connection, logger: logger, stamp: now) }
                return outcomes
            }
        } catch {
            throw wrap(error)
        }
    }

    /// Inserts `rows` (their nonces claimed, each once) in one statement; their ids by nonce.
    private static func insert(_ rows: [MeasurementRow], connection: PostgresConnection, logger: Logger) async throws -> [String: Int64] {
        guard !rows.isEmpty else { return [:] }
        var ids: [String: Int64] = [:]
        for try await (id, nonce) in try await connection.query(
            """
            INSERT INTO monitor_measurements (device_id, landmark_id, nonce, issued_at, received_at, probes_ms, min_rtt_ms, device_signature,
            landmark_signature)
            SELECT * FROM unnest(\(rows.map(\.device))::text[], \(rows.map(\.landmark))::text[], \(rows.map(\.nonce))::text[],
            \(rows.map(\.issuedAt))::bigint[], \(rows.map(\.receivedAt))::bigint[], \(rows.map { MonitorStatements.probesText($0.probesMs) })::text[],
            \(rows.map(\.minimumMs))::float8[], \(rows.map(\.deviceSignature))::text[], \(rows.map(\.landmarkSignature))::text[])
            RETURNING id, nonce
            """, logger: logger
        ).decode((Int64, String).self) {
            ids[nonce] = id
        }
        return ids
    }

    public func measurementSummaries(device: String, before: Int64?, limit: Int) async throws(StoreError) -> [MeasurementSummary] {
        try await run { connection, logger in
            var rows: [MeasurementSummary] = []
            for try await (id, landmark, issued, received, minimum) in try await connection
                .run(MonitorStatements.measurementSummaries(device: device, before: before, limit: limit), logger: logger)
                .decode((Int64, String, Int64, Int64, Double).self)
            {
                rows.append(MeasurementSummary(id: id, landmark: landmark, issuedAt: issued, receivedAt: received, minimumMs: minimum))
            }
            return rows
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
