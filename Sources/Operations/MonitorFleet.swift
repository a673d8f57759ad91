import Foundation
import Monitor
import Store

/// The fleet view and what the service holds about one device, over the registry's store: read-only, for the
/// `GET /v1/monitor/...` routes and `clearance monitor status`.
extension MonitorService {
    /// The store's verdicts; `unavailable` when it keeps none.
    public var verdictStore: any MonitorVerdictStore {
        get throws(StoreError) {
            guard let verdicts = store as? any MonitorVerdictStore else { throw StoreError(.unavailable, "this store keeps no monitoring verdicts") }
            return verdicts
        }
    }

    /// The `status` filters of the fleet view: a latest verdict's `likely` (the proven verdict where there is one),
    /// or `unlocated` (no verdict yet).
    public static let fleetStatuses = LikelyVerdict.allCases.map(\.rawValue) + ["unlocated"]

    /// One page of the fleet in device id order after `after` (at most `limit`), with the cursor of the next page
    /// (nil: the last). `InvalidInput` naming `status` for a filter that is not one of `fleetStatuses`.
    public func fleet(status: String?, after: String, limit: Int) async throws -> (entries: [FleetEntry], next: String?) {
        if let status, !Self.fleetStatuses.contains(status) {
            throw InvalidInput("status", "status must be one of \(Self.fleetStatuses.joined(separator: ", ")) (got \"\(status)\")")
        }
        let entries = try await verdictStore.fleet(likely: status, after: after, limit: limit)
        return (entries, entries.count == limit ? entries.last?.device.id : nil)
    }

    /// Devices counted by latest verdict (with `unlocated`) and by country their proven region can touch.
    public func fleetCounts() async throws -> FleetCounts {
        var counts = try await verdictStore.fleetCounts()
        let located = counts.byVerdict.values.reduce(0, +)
        if counts.devices > located { counts.byVerdict["unlocated"] = counts.devices - located }
        return counts
    }

    /// Everything the service holds about a device: its registration, latest verdict, recent verdicts and accepted
    /// records (newest first, at most `limit` each) and its monitoring alerts. `StoreError.notFound` without it.
    ///
    /// The verdicts are read before the alerts: a verdict's alert is stored in its transaction, so every verdict the
    /// file shows comes with its alert (a verdict stored meanwhile may add an alert whose verdict is not shown yet).
    public func deviceFile(id: String, limit: Int = 100) async throws -> DeviceFile {
        let device = try await device(id: id)
        let verdictStore = try verdictStore
        let latest = try await verdictStore.latestVerdict(device: id)
        let verdicts = try await verdictStore.verdicts(device: id, before: nil, limit: limit)
        let measurements = try await registry.measurements(device: id, before: nil, limit: limit)
        let alerts = try await store.alerts(partyID: device.endUserPartyID).filter { alert in
            MonitorAlertKind.allCases.contains { $0.entity(id) == alert.entityID }
        }
        return DeviceFile(device: device, latest: latest, verdicts: verdicts, measurements: measurements, alerts: alerts)
    }
}

/// What the service holds about one device.
public struct DeviceFile: Sendable, Encodable {
    public let device: DeviceRecord
    public let latest: VerdictRow?
    public let verdicts: [VerdictRow]
    public let measurements: [MeasurementRow]
    public let alerts: [AlertRecord]
}
