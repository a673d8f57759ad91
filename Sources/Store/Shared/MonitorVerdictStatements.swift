import Foundation

/// The statements of the monitoring verdicts, the fleet view and the actions they open, written once for both backends.
enum MonitorVerdictStatements {
    static let verdictColumns = "SELECT id, verdict_json FROM monitor_verdicts"

    /// The device's row, locked until the transaction ends: one device's verdicts are recorded one at a time.
    static func lockDevice(_ id: String, _ dialect: SQLDialect) -> SQLStatement {
        SQLStatement("SELECT id FROM monitor_devices WHERE id = ?\(dialect.rowLock)", id)
    }

    /// Inserts a verdict into the history; returns its row id.
    static func insert(_ verdict: VerdictRow, json: String) -> SQLStatement {
        SQLStatement(
            "INSERT INTO monitor_verdicts (device_id, verdict, likely, through_measurement, decided_at, verdict_json) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            verdict.device, verdict.verdict, verdict.likely, verdict.throughMeasurement, verdict.decidedAt, json)
    }

    /// Makes a verdict the device's latest unless a later round's is stored; returns the device id only when it did.
    static func status(_ verdict: VerdictRow) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO monitor_device_status (device_id, verdict_id, likely, through_measurement, last_check_in) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (device_id) DO UPDATE SET verdict_id = excluded.verdict_id, likely = excluded.likely,
            through_measurement = excluded.through_measurement, last_check_in = excluded.last_check_in
            WHERE excluded.through_measurement >= monitor_device_status.through_measurement
            RETURNING device_id
            """, verdict.device, verdict.id, verdict.likely, verdict.throughMeasurement, verdict.lastCheckIn)
    }

    static func clearCountries(_ device: String) -> SQLStatement {
        SQLStatement("DELETE FROM monitor_status_countries WHERE device_id = ?", device)
    }

    static func country(_ device: String, _ country: String) -> SQLStatement {
        SQLStatement("INSERT INTO monitor_status_countries (device_id, country) VALUES (?, ?) ON CONFLICT DO NOTHING", device, country)
    }

    /// Opens a monitoring alert unless one with its party and entity is open (the alerts' one-open-per-pair index);
    /// returns its id only when it opened. The party's digest stands as the alert's party digest, as a screening's does.
    static func openAlert(_ alert: MonitorAlertDraft) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO alerts (party_id, entity_id, source, list_version, score, status, match_json, party_digest, entity_digest, opened_at)
            SELECT id, ?, ?, ?, ?, 'open', ?, digest, ?, ? FROM parties WHERE id = ?
            ON CONFLICT (party_id, entity_id) WHERE status = 'open' DO NOTHING
            RETURNING id
            """, alert.entityID, alert.source, alert.listVersion, alert.score, alert.matchJSON, alert.listVersion, alert.openedAt, alert.partyID)
    }

    static func latest(_ device: String) -> SQLStatement {
        SQLStatement("\(verdictColumns) WHERE id = (SELECT verdict_id FROM monitor_device_status WHERE device_id = ?)", device)
    }

    static func history(_ device: String, before: Int64?, limit: Int) -> SQLStatement {
        SQLStatement("\(verdictColumns) WHERE device_id = ? AND id < ? ORDER BY id DESC LIMIT ?", device, before ?? .max, limit)
    }

    static func first(_ verdict: String, device: String?) -> SQLStatement {
        let scope = device == nil ? "" : " AND device_id = ?"
        return SQLStatement(
            """
            \(verdictColumns) WHERE id IN (SELECT MIN(id) FROM monitor_verdicts WHERE verdict = ?\(scope) GROUP BY device_id) ORDER BY device_id
            """, arguments: [verdict] + (device.map { [$0] } ?? []))
    }

    static func measurements(ids: [Int64]) -> SQLStatement {
        SQLStatement(
            "\(MonitorStatements.measurementColumns) WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ", "))) ORDER BY id", arguments: ids)
    }

    static func awaiting(limit: Int) -> SQLStatement {
        SQLStatement(
            """
            SELECT m.device_id FROM monitor_measurements m LEFT JOIN monitor_device_status s ON s.device_id = m.device_id
            GROUP BY m.device_id HAVING MAX(m.id) > COALESCE(MAX(s.through_measurement), 0) ORDER BY m.device_id LIMIT ?
            """, limit)
    }

    static func overdue(at time: Int64, graceMs: Int64, entityPrefix: String, limit: Int) -> SQLStatement {
        SQLStatement(
            """
            \(MonitorStatements.deviceColumns) d WHERE COALESCE((SELECT last_check_in FROM monitor_device_status s WHERE s.device_id = d.id), d.registered_at)
            + d.check_in_interval_seconds * 1000 + ? < ?
            AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.party_id = d.end_user_party_id AND a.entity_id = ? || d.id AND a.status = 'open')
            ORDER BY d.id LIMIT ?
            """, graceMs, time, entityPrefix, limit)
    }

    /// Devices with their latest verdict's JSON (NULL: never located).
    static let fleetColumns = """
        SELECT d.id, d.public_key, d.eccn, d.serial, d.authorization_id, d.end_user_party_id, d.country, d.site_latitude, d.site_longitude,
        d.site_radius_km, d.check_in_interval_seconds, d.registered_at, v.verdict_json, v.id
        """

    static func fleet(likely: String?, after: String, limit: Int) -> SQLStatement {
        switch likely {
        case nil:
            return SQLStatement(
                """
                \(fleetColumns) FROM monitor_devices d LEFT JOIN monitor_device_status s ON s.device_id = d.id
                LEFT JOIN monitor_verdicts v ON v.id = s.verdict_id WHERE d.id > ? ORDER BY d.id LIMIT ?
                """, after, limit)
        case "unlocated":
            return SQLStatement(
                """
                \(fleetColumns) FROM monitor_devices d LEFT JOIN monitor_device_status s ON s.device_id = d.id
                LEFT JOIN monitor_verdicts v ON v.id = s.verdict_id WHERE d.id > ? AND s.device_id IS NULL ORDER BY d.id LIMIT ?
                """, after, limit)
        case let likely?:
            return SQLStatement(
                """
                \(fleetColumns) FROM monitor_device_status s JOIN monitor_devices d ON d.id = s.device_id
                JOIN monitor_verdicts v ON v.id = s.verdict_id WHERE s.likely = ? AND s.device_id > ? ORDER BY s.device_id LIMIT ?
                """, likely, after, limit)
        }
    }

    static let deviceCount = SQLStatement("SELECT COUNT(*) FROM monitor_devices")
    static let countsByVerdict = SQLStatement("SELECT likely, COUNT(*) FROM monitor_device_status GROUP BY likely")
    static let countsByCountry = SQLStatement("SELECT country, COUNT(*) FROM monitor_status_countries GROUP BY country")

    static func encode(_ verdict: VerdictRow) throws(StoreError) -> String {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(verdict), as: UTF8.self)
        } catch {
            throw StoreError(.database, "the verdict of \(verdict.device) cannot be encoded: \(error)")
        }
    }

    /// A stored verdict; JSON that is not one is an error naming the row.
    static func decode(_ json: String, id: Int64) throws(StoreError) -> VerdictRow {
        do {
            var verdict = try JSONDecoder().decode(VerdictRow.self, from: Data(json.utf8))
            verdict.id = id
            return verdict
        } catch {
            throw StoreError(.database, "verdict \(id): monitor_verdicts.verdict_json is not a stored verdict: \(error)")
        }
    }

    static func noDevice(_ id: String) -> StoreError { StoreError(.notFound, "no device \(id)") }
}
