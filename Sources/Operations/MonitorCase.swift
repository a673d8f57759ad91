import Foundation
import Store

/// A verdict's evidence as its alert and audit record hold it: the verdict and the signed records it rests on.
struct MonitorEvidence: Encodable {
    let verdict: VerdictRow
    let records: [MeasurementRow]
}

/// An overdue device's evidence, as its alert and audit record hold it (ms since 1970).
public struct MonitorOverdue: Sendable, Hashable, Codable {
    public let device: String
    /// The last accepted record's arrival (nil: none since registration).
    public let lastCheckIn: Int64?
    public let registeredAt: Int64
    public let checkInIntervalSeconds: Int64
    public let graceMs: Int64
    /// When the sweep found the device overdue.
    public let sweptAt: Int64
}

extension MonitorAlertKind {
    /// The kind of a monitoring alert's source (`monitor.violation`, …); nil for a screening alert.
    public init?(source: String) {
        guard source.hasPrefix("monitor.") else { return nil }
        self.init(rawValue: String(source.dropFirst("monitor.".count)))
    }
}

/// A monitoring alert read back for its case: the device it is about and the finding its stored evidence records.
public struct MonitorCase: Sendable {
    /// What the stored evidence says.
    public enum Finding: Sendable {
        /// A located round: the verdict and the signed records its evidence rests on.
        case location(verdict: VerdictRow, records: [MeasurementRow])
        /// A device silent past its check-in interval plus the grace.
        case overdue(MonitorOverdue)
        /// The stored evidence cannot be read: the problem, to be shown (never an empty case).
        case unreadable(String)
    }

    public var kind: MonitorAlertKind
    /// The device's id, from the alert's entity (`monitor.violation:gpu-1`).
    public var deviceID: String
    /// The device as registered (nil: no longer registered).
    public var device: DeviceRecord?
    public var finding: Finding

    /// Reads `alert`'s evidence; nil when it is not a monitoring alert.
    static func read(_ alert: AlertRecord, device lookup: (String) async throws(StoreError) -> DeviceRecord?) async throws(StoreError) -> MonitorCase? {
        guard let kind = MonitorAlertKind(source: alert.source) else { return nil }
        let prefix = kind.entity("")
        let deviceID = alert.entityID.hasPrefix(prefix) ? String(alert.entityID.dropFirst(prefix.count)) : alert.entityID
        return MonitorCase(kind: kind, deviceID: deviceID, device: try await lookup(deviceID), finding: finding(kind, json: alert.matchJSON))
    }

    /// The finding `json` (an alert's `match_json`) records.
    static func finding(_ kind: MonitorAlertKind, json: String) -> Finding {
        // The verdict's keys are written snake_case by the record itself; the records' and the overdue evidence's by
        // the encoder's strategy, so they are read back with the inverse strategy.
        struct Verdict: Decodable { let verdict: VerdictRow }
        struct Records: Decodable { let records: [MeasurementRow] }
        let data = Data(json.utf8)
        let snake = JSONDecoder()
        snake.keyDecodingStrategy = .convertFromSnakeCase
        do {
            if kind == .overdue { return .overdue(try snake.decode(MonitorOverdue.self, from: data)) }
            let verdict = try JSONDecoder().decode(Verdict.self, from: data).verdict
            return .location(verdict: verdict, records: try snake.decode(Records.self, from: data).records)
        } catch {
            return .unreadable("the stored evidence (alerts.match_json) cannot be read: \(error)")
        }
    }
}
