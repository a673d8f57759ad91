import Audit
import Logging
import PostgresNIO

/// Per-round verdicts, their actions and the fleet view on PostgreSQL.
extension PostgresStore: MonitorVerdictStore {
    public func recordVerdict(_ verdict: VerdictRow, action: MonitorAction?, audit: AuditDraft) async throws(StoreError) -> MonitorActionOutcome {
        let json = try MonitorVerdictStatements.encode(verdict)
        return try await transaction { connection, logger in
            try await connection.require(
                MonitorVerdictStatements.lockDevice(verdict.device, .postgres), logger: logger, else: MonitorVerdictStatements.noDevice(verdict.device))
            var stored = verdict
            guard let id = try await connection.integers(MonitorVerdictStatements.insert(verdict, json: json), logger: logger).first else {
                throw StoreError(.database, "the verdict of \(verdict.device) was not stored")
            }
            stored.id = id
            let isLatest = try await !connection.strings(MonitorVerdictStatements.status(stored), logger: logger).isEmpty
            if isLatest {
                try await connection.run(MonitorVerdictStatements.clearCountries(verdict.device), logger: logger)
                for country in verdict.possibleCountries {
                    try await connection.run(MonitorVerdictStatements.country(verdict.device, country), logger: logger)
                }
            }
            var outcome = try await self.act(action, connection: connection, logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger)
            outcome.verdict = stored
            outcome.isLatest = isLatest
            return outcome
        }
    }

    public func recordOverdue(_ action: MonitorAction, audit: AuditDraft) async throws(StoreError) -> MonitorActionOutcome {
        try await transaction { connection, logger in
            let outcome = try await self.act(action, connection: connection, logger: logger)
            _ = try await self.append(audit, connection: connection, logger: logger)
            return outcome
        }
    }

    /// Opens the action's alert (unless one of its kind is open) and revokes its sweep, in the caller's transaction.
    private func act(_ action: MonitorAction?, connection: PostgresConnection, logger: Logger) async throws -> MonitorActionOutcome {
        guard let action else { return MonitorActionOutcome(verdict: nil, openedAlert: nil, revoked: 0, isLatest: false) }
        let opened = try await connection.integers(MonitorVerdictStatements.openAlert(action.alert), logger: logger).first
        var revoked = 0
        if let sweep = action.sweep { revoked = try await Self.revoke(sweep, connection: connection, logger: logger, at: now()) }
        return MonitorActionOutcome(verdict: nil, openedAlert: opened, revoked: revoked, isLatest: false)
    }

    public func latestVerdict(device: String) async throws(StoreError) -> VerdictRow? {
        try await run { connection, logger in try await Self.verdicts(connection.run(MonitorVerdictStatements.latest(device), logger: logger)).first }
    }

    public func verdicts(device: String, before: Int64?, limit: Int) async throws(StoreError) -> [VerdictRow] {
        try await run { connection, logger in
            try await Self.verdicts(connection.run(MonitorVerdictStatements.history(device, before: before, limit: limit), logger: logger))
        }
    }

    public func firstVerdicts(_ verdict: String, device: String?) async throws(StoreError) -> [VerdictRow] {
        try await run { connection, logger in
            try await Self.verdicts(connection.run(MonitorVerdictStatements.first(verdict, device: device), logger: logger))
        }
    }

    public func measurements(ids: [Int64]) async throws(StoreError) -> [MeasurementRow] {
        guard !ids.isEmpty else { return [] }
        return try await run { connection, logger in
            var rows: [MeasurementRow] = []
            for try await (id, device, landmark, nonce, issued, received, probes, minimum, deviceSignature, landmarkSignature) in try await connection
                .run(MonitorVerdictStatements.measurements(ids: ids), logger: logger)
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

    public func devicesAwaitingVerdict(limit: Int) async throws(StoreError) -> [String] {
        try await run { connection, logger in try await connection.strings(MonitorVerdictStatements.awaiting(limit: limit), logger: logger) }
    }

    public func overdueDevices(at time: Int64, graceMs: Int64, entityPrefix: String, limit: Int) async throws(StoreError) -> [DeviceRecord] {
        try await run { connection, logger in
            try await Self.devices(
                connection.run(MonitorVerdictStatements.overdue(at: time, graceMs: graceMs, entityPrefix: entityPrefix, limit: limit), logger: logger))
        }
    }

    public func fleet(likely: String?, after: String, limit: Int) async throws(StoreError) -> [FleetEntry] {
        try await run { connection, logger in
            var entries: [FleetEntry] = []
            for try await (id, key, eccn, serial, authorization, party, country, latitude, longitude, radius, interval, registered, json, verdictID) in try await connection
                .run(MonitorVerdictStatements.fleet(likely: likely, after: after, limit: limit), logger: logger)
                .decode((String, String, String, String, String, String, String, Double?, Double?, Double?, Int64, Int64, String?, Int64?).self)
            {
                let device = DeviceRecord(
                    id: id, publicKey: key, eccn: eccn, serial: serial, authorizationID: authorization, endUserPartyID: party, country: country,
                    site: try MonitorStatements.site(latitude: latitude, longitude: longitude, radiusKm: radius, device: id),
                    checkInIntervalSeconds: interval, registeredAt: registered)
                entries.append(FleetEntry(device: device, latest: try json.map { json throws(StoreError) in try MonitorVerdictStatements.decode(json, id: verdictID ?? 0) }))
            }
            return entries
        }
    }

    public func fleetCounts() async throws(StoreError) -> FleetCounts {
        try await run { connection, logger in
            let devices = try await connection.integers(MonitorVerdictStatements.deviceCount, logger: logger).first ?? 0
            var byVerdict: [String: Int] = [:]
            for try await (likely, count) in try await connection.run(MonitorVerdictStatements.countsByVerdict, logger: logger).decode((String, Int64).self) {
                byVerdict[likely] = Int(count)
            }
            var byCountry: [String: Int] = [:]
            for try await (country, count) in try await connection.run(MonitorVerdictStatements.countsByCountry, logger: logger).decode((String, Int64).self) {
                byCountry[country] = Int(count)
            }
            return FleetCounts(devices: Int(devices), byVerdict: byVerdict, byCountry: byCountry)
        }
    }

    static func verdicts(_ rows: PostgresRowSequence) async throws -> [VerdictRow] {
        var verdicts: [VerdictRow] = []
        for try await (id, json) in rows.decode((Int64, String).self) { verdicts.append(try MonitorVerdictStatements.decode(json, id: id)) }
        return verdicts
    }
}
