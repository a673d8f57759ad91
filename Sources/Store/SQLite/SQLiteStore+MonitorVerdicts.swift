import Audit
import GRDB

/// Per-round verdicts, their actions and the fleet view on SQLite.
extension SQLiteStore: MonitorVerdictStore {
    public func recordVerdict(_ verdict: VerdictRow, action: MonitorAction?, audit: AuditDraft) async throws(StoreError) -> MonitorActionOutcome {
        let json = try MonitorVerdictStatements.encode(verdict)
        return try await write { db in
            guard try !db.rows(MonitorVerdictStatements.lockDevice(verdict.device, .sqlite)).isEmpty else { throw MonitorVerdictStatements.noDevice(verdict.device) }
            var stored = verdict
            guard let id = try db.integers(MonitorVerdictStatements.insert(verdict, json: json)).first else {
                throw StoreError(.database, "the verdict of \(verdict.device) was not stored")
            }
            stored.id = id
            let isLatest = try !db.rows(MonitorVerdictStatements.status(stored)).isEmpty
            if isLatest {
                try db.execute(MonitorVerdictStatements.clearCountries(verdict.device))
                for country in verdict.possibleCountries { try db.execute(MonitorVerdictStatements.country(verdict.device, country)) }
            }
            let time = self.now()
            var outcome = try Self.act(action, db: db, at: time)
            _ = try Self.append(audit, db: db, at: time)
            outcome.verdict = stored
            outcome.isLatest = isLatest
            return outcome
        }
    }

    public func recordOverdue(_ action: MonitorAction, audit: AuditDraft) async throws(StoreError) -> MonitorActionOutcome {
        try await write { db in
            let time = self.now()
            let outcome = try Self.act(action, db: db, at: time)
            _ = try Self.append(audit, db: db, at: time)
            return outcome
        }
    }

    /// Opens the action's alert (unless one of its kind is open) and revokes its sweep, in the caller's transaction.
    private static func act(_ action: MonitorAction?, db: Database, at time: Int64) throws -> MonitorActionOutcome {
        guard let action else { return MonitorActionOutcome(verdict: nil, openedAlert: nil, revoked: 0, isLatest: false) }
        let opened = try db.integers(MonitorVerdictStatements.openAlert(action.alert)).first
        let revoked = try action.sweep.map { try revoke($0, db: db, at: time) } ?? 0
        return MonitorActionOutcome(verdict: nil, openedAlert: opened, revoked: revoked, isLatest: false)
    }

    public func latestVerdict(device: String) async throws(StoreError) -> VerdictRow? {
        try await read { db in try Self.verdicts(db.rows(MonitorVerdictStatements.latest(device))).first }
    }

    public func verdicts(device: String, before: Int64?, limit: Int) async throws(StoreError) -> [VerdictRow] {
        try await read { db in try Self.verdicts(db.rows(MonitorVerdictStatements.history(device, before: before, limit: limit))) }
    }

    public func firstVerdicts(_ verdict: String, device: String?) async throws(StoreError) -> [VerdictRow] {
        try await read { db in try Self.verdicts(db.rows(MonitorVerdictStatements.first(verdict, device: device))) }
    }

    public func measurements(ids: [Int64]) async throws(StoreError) -> [MeasurementRow] {
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            try db.rows(MonitorVerdictStatements.measurements(ids: ids)).map { row throws(StoreError) in
                let id: Int64 = row[0]
                return MeasurementRow(
                    id: id, device: row[1], landmark: row[2], nonce: row[3], issuedAt: row[4], receivedAt: row[5],
                    probesMs: try MonitorStatements.probes(row[6], row: id), minimumMs: row[7], deviceSignature: row[8], landmarkSignature: row[9])
            }
        }
    }

    public func devicesAwaitingVerdict(limit: Int) async throws(StoreError) -> [String] {
        try await read { db in try db.strings(MonitorVerdictStatements.awaiting(limit: limit)) }
    }

    public func overdueDevices(at time: Int64, graceMs: Int64, entityPrefix: String, limit: Int) async throws(StoreError) -> [DeviceRecord] {
        try await read { db in
            try db.rows(MonitorVerdictStatements.overdue(at: time, graceMs: graceMs, entityPrefix: entityPrefix, limit: limit)).map(Self.fleetDevice(row:))
        }
    }

    public func fleet(likely: String?, after: String, limit: Int) async throws(StoreError) -> [FleetEntry] {
        try await read { db in
            try db.rows(MonitorVerdictStatements.fleet(likely: likely, after: after, limit: limit)).map { row throws(StoreError) in
                let device = try Self.fleetDevice(row: row)
                let json: String? = row[12]
                let verdictID: Int64? = row[13]
                return FleetEntry(
                    device: device, latest: try json.map { json throws(StoreError) in try MonitorVerdictStatements.decode(json, id: verdictID ?? 0) })
            }
        }
    }

    public func fleetCounts() async throws(StoreError) -> FleetCounts {
        try await read { db in
            let devices = try db.integers(MonitorVerdictStatements.deviceCount).first ?? 0
            let byVerdict = Dictionary(try db.rows(MonitorVerdictStatements.countsByVerdict).map { ($0[0] as String, $0[1] as Int) }, uniquingKeysWith: +)
            let byCountry = Dictionary(try db.rows(MonitorVerdictStatements.countsByCountry).map { ($0[0] as String, $0[1] as Int) }, uniquingKeysWith: +)
            return FleetCounts(devices: Int(devices), byVerdict: byVerdict, byCountry: byCountry)
        }
    }

    private static func verdicts(_ rows: [Row]) throws(StoreError) -> [VerdictRow] {
        try rows.map { row throws(StoreError) in try MonitorVerdictStatements.decode(row[1], id: row[0]) }
    }

    private static func fleetDevice(row: Row) throws(StoreError) -> DeviceRecord {
        let id: String = row[0]
        return DeviceRecord(
            id: id, publicKey: row[1], eccn: row[2], serial: row[3], authorizationID: row[4], endUserPartyID: row[5], country: row[6],
            site: try MonitorStatements.site(latitude: row[7], longitude: row[8], radiusKm: row[9], device: id), checkInIntervalSeconds: row[10],
            registeredAt: row[11])
    }
}
