import Foundation
import Operations
import Store

/// The fleet view: `/v1/monitor/devices`, `/v1/monitor/devices/{id}`, `/v1/monitor/summary` (analysts read).
extension APIHandler {
    func listMonitorDevices(_ input: Operations.ListMonitorDevices.Input) async throws -> Operations.ListMonitorDevices.Output {
        _ = try RequestState.require(.analyst)
        let limit = try Self.limit(input.query.limit, default: 100, maximum: 1000)
        let page = try await MonitorService(store: service.store).fleet(
            status: input.query.status?.rawValue, after: try Self.after(input.query.after), limit: limit)
        return .ok(
            .init(
                body: .json(
                    .init(devices: page.entries.map { Components.Schemas.FleetDevice(device: Self.device($0.device), latest: $0.latest) }, next: page.next))))
    }

    func getMonitorDevice(_ input: Operations.GetMonitorDevice.Input) async throws -> Operations.GetMonitorDevice.Output {
        _ = try RequestState.require(.analyst)
        let file = try await MonitorService(store: service.store).deviceFile(id: input.path.id)
        return .ok(
            .init(
                body: .json(
                    Components.Schemas.MonitorDeviceFile(
                        device: Self.device(file.device), latest: file.latest, verdicts: file.verdicts, measurements: file.measurements.map(Self.measurement),
                        alerts: file.alerts))))
    }

    func getMonitorSummary(_ input: Operations.GetMonitorSummary.Input) async throws -> Operations.GetMonitorSummary.Output {
        _ = try RequestState.require(.analyst)
        let counts = try await MonitorService(store: service.store).fleetCounts()
        return .ok(
            .init(
                body: .json(
                    .init(
                        devices: counts.devices,
                        byVerdict: try counts.byVerdict.sorted { $0.key < $1.key }.map { verdict, devices throws(StoreError) in
                            guard let status = Components.Schemas.FleetStatus(rawValue: verdict) else {
                                throw StoreError(.database, "monitor_device_status.likely holds \"\(verdict)\", not a verdict")
                            }
                            return .init(verdict: status, devices: devices)
                        },
                        byCountry: counts.byCountry.sorted { $0.key < $1.key }.map { .init(country: $0.key, devices: $0.value) }))))
    }

    static func measurement(_ row: MeasurementRow) -> Components.Schemas.Measurement {
        Components.Schemas.Measurement(
            id: row.id, device: row.device, landmark: row.landmark, nonce: row.nonce, issuedAt: row.issuedAt, receivedAt: row.receivedAt,
            rttMs: row.probesMs, minRttMs: row.minimumMs, deviceSignature: row.deviceSignature, landmarkSignature: row.landmarkSignature)
    }
}
