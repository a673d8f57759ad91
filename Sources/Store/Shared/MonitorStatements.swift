/// The statements of the monitoring registry and its measurement records, each written once for both backends.
enum MonitorStatements {
    static let deviceColumns = """
        SELECT id, public_key, eccn, serial, authorization_id, end_user_party_id, country, site_latitude, site_longitude, site_radius_km,
        check_in_interval_seconds, registered_at FROM monitor_devices
        """
    static let landmarkColumns = "SELECT id, latitude, longitude, country, public_key, trusted, registered_at, trust_changed_at FROM monitor_landmarks"
    static let measurementColumns = """
        SELECT id, device_id, landmark_id, nonce, issued_at, received_at, probes_ms, min_rtt_ms, device_signature, landmark_signature
        FROM monitor_measurements
        """

    /// Inserts a device; returns its id only when the id was free.
    static func insert(_ device: DeviceRecord) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO monitor_devices (id, public_key, eccn, serial, authorization_id, end_user_party_id, country, site_latitude, site_longitude,
            site_radius_km, check_in_interval_seconds, registered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id
            """,
            arguments: [
                device.id, device.publicKey, device.eccn, device.serial, device.authorizationID, device.endUserPartyID, device.country,
                device.site?.latitude, device.site?.longitude, device.site?.radiusKm, device.checkInIntervalSeconds, device.registeredAt,
            ])
    }

    /// The end user's row, locked until the transaction ends, so the device never names a party that is gone.
    static func lockParty(_ id: String, _ dialect: SQLDialect) -> SQLStatement {
        SQLStatement("SELECT id FROM parties WHERE id = ?\(dialect.rowLock)", id)
    }

    static func device(_ id: String) -> SQLStatement { SQLStatement("\(deviceColumns) WHERE id = ?", id) }

    static func devices(after id: String, limit: Int) -> SQLStatement {
        SQLStatement("\(deviceColumns) WHERE id > ? ORDER BY id LIMIT ?", id, limit)
    }

    /// Inserts a landmark; returns its id only when the id was free.
    static func insert(_ landmark: LandmarkRecord) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO monitor_landmarks (id, latitude, longitude, country, public_key, trusted, registered_at, trust_changed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id
            """,
            arguments: [
                landmark.id, landmark.latitude, landmark.longitude, landmark.country, landmark.publicKey, landmark.trusted ? 1 : 0,
                landmark.registeredAt, landmark.trustChangedAt,
            ])
    }

    static func landmark(_ id: String) -> SQLStatement { SQLStatement("\(landmarkColumns) WHERE id = ?", id) }

    static func landmarks(after id: String, limit: Int) -> SQLStatement {
        SQLStatement("\(landmarkColumns) WHERE id > ? ORDER BY id LIMIT ?", id, limit)
    }

    /// Sets a landmark's trust; returns its id only when the trust changed.
    static func setTrust(_ id: String, trusted: Bool, at time: Int64) -> SQLStatement {
        SQLStatement(
            "UPDATE monitor_landmarks SET trusted = ?, trust_changed_at = ? WHERE id = ? AND trusted <> ? RETURNING id",
            trusted ? 1 : 0, time, id, trusted ? 1 : 0)
    }

    /// Marks a nonce used; returns it only when it was not used before.
    static func useNonce(_ nonce: String, at time: Int64) -> SQLStatement {
        SQLStatement("INSERT INTO monitor_nonces (nonce, used_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING RETURNING nonce", nonce, time)
    }

    /// Inserts an accepted record; returns its row id.
    static func insert(_ row: MeasurementRow) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO monitor_measurements (device_id, landmark_id, nonce, issued_at, received_at, probes_ms, min_rtt_ms, device_signature,
            landmark_signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """,
            arguments: [
                row.device, row.landmark, row.nonce, row.issuedAt, row.receivedAt, probesText(row.probesMs), row.minimumMs, row.deviceSignature,
                row.landmarkSignature,
            ])
    }

    static func measurementSummaries(device: String, before: Int64?, limit: Int) -> SQLStatement {
        SQLStatement(
            "SELECT id, landmark_id, issued_at, received_at, min_rtt_ms FROM monitor_measurements WHERE device_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
            device, before ?? .max, limit)
    }

    static func measurements(device: String, before: Int64?, limit: Int) -> SQLStatement {
        SQLStatement("\(measurementColumns) WHERE device_id = ? AND id < ? ORDER BY id DESC LIMIT ?", device, before ?? .max, limit)
    }

    /// Probes as stored: each round-trip time's shortest exact decimal form, comma-separated.
    static func probesText(_ probes: [Double]) -> String { probes.map(\.description).joined(separator: ",") }

    /// The probes of a stored record; text that is not a list of numbers is an error naming the row.
    static func probes(_ text: String, row id: Int64) throws(StoreError) -> [Double] {
        var probes: [Double] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Double(part) else {
                throw StoreError(.database, "measurement \(id): monitor_measurements.probes_ms holds \"\(part)\", not a round-trip time")
            }
            probes.append(value)
        }
        return probes
    }

    /// The site of a device row: all three columns or none.
    static func site(latitude: Double?, longitude: Double?, radiusKm: Double?, device id: String) throws(StoreError) -> LicensedSite? {
        switch (latitude, longitude, radiusKm) {
        case (nil, nil, nil): return nil
        case (let lat?, let lon?, let radius?): return LicensedSite(latitude: lat, longitude: lon, radiusKm: radius)
        default: throw StoreError(.database, "device \(id): monitor_devices.site_* hold part of a site (all three or none)")
        }
    }

    static func trusted(_ value: Int64, landmark id: String) throws(StoreError) -> Bool {
        guard value == 0 || value == 1 else { throw StoreError(.database, "landmark \(id): monitor_landmarks.trusted holds \(value), not 0 or 1") }
        return value == 1
    }

    static func deviceTaken(_ id: String) -> StoreError { StoreError(.conflict, "a device \(id) is registered") }
    static func landmarkTaken(_ id: String) -> StoreError { StoreError(.conflict, "a landmark \(id) is registered") }
    static func noParty(_ id: String) -> StoreError { StoreError(.notFound, "no party \(id) (the device's end user must be a stored party)") }
    static func noLandmark(_ id: String) -> StoreError { StoreError(.notFound, "no landmark \(id)") }
    static func alreadyTrust(_ id: String, _ trusted: Bool) -> StoreError {
        StoreError(.conflict, "landmark \(id) is already \(trusted ? "trusted" : "distrusted")")
    }
    static func replayed(_ nonce: String) -> StoreError {
        StoreError(.conflict, "nonce \(nonce) was already used by an accepted record: a replayed challenge")
    }
}
