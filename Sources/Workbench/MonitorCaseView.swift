import Foundation
import Operations
import Store

/// A monitoring alert's case as the page shows it: the device and what it was released under, and the finding — the
/// located round (verdict, region, countries, the statistical estimate, each landmark's smallest RTT and the bound it
/// gives, from the signed records) or the overdue device's silence.
enum MonitorCaseView {
    static func values(_ monitor: MonitorCase) -> [String: Any] {
        var values: [String: Any] = ["kind": title(monitor.kind), "deviceID": monitor.deviceID]
        if let device = monitor.device {
            let page = device.authorizationID.hasPrefix("az_") ? "/authorizations/" : "/licences/"
            values["device"] = [
                "eccn": device.eccn, "serial": device.serial, "authorization": device.authorizationID,
                "authorizationLink": page + LicenceView.pathSegment(device.authorizationID), "endUser": device.endUserPartyID,
                "licensed": licensed(device), "interval": duration(seconds: device.checkInIntervalSeconds), "registered": Workbench.time(device.registeredAt),
            ]
        }
        switch monitor.finding {
        case .location(let verdict, let records):
            values["location"] = location(verdict, records: records)
        case .overdue(let overdue):
            values["overdue"] = [
                "lastCheckIn": overdue.lastCheckIn.map(Workbench.time) ?? "never (registered \(Workbench.time(overdue.registeredAt)))",
                "interval": duration(seconds: overdue.checkInIntervalSeconds), "grace": duration(seconds: overdue.graceMs / 1000),
                "swept": Workbench.time(overdue.sweptAt),
            ]
        case .unreadable(let problem):
            values["problem"] = problem
        }
        return values
    }

    static func title(_ kind: MonitorAlertKind) -> String {
        switch kind {
        case .violation: "Location violation (proven)"
        case .inconsistent: "Inconsistent measurements"
        case .overdue: "Device overdue"
        case .likelyViolation: "Likely location violation (statistical, for review)"
        }
    }

    static func location(_ verdict: VerdictRow, records: [MeasurementRow]) -> [String: Any] {
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return [
            "verdict": verdict.verdict, "likely": verdict.likely, "region": verdict.region,
            "claimed": verdict.claimedSite.map { "site \(coordinates($0.latitude, $0.longitude)) within \(kilometres($0.radiusKm)) in \(verdict.claimedCountry)" }
                ?? verdict.claimedCountry,
            "possible": list(verdict.possibleCountries), "likelyCountries": list(verdict.likelyCountries),
            "estimate": verdict.estimate.map { "\(coordinates($0.latitude, $0.longitude)) ± \(kilometres($0.radiusKm))" } ?? "none (the bounds are inconsistent)",
            "speed": "\(trimmed(verdict.speedKmPerMs)) km/ms", "dataVersion": verdict.dataVersion,
            "round": "\(Workbench.time(verdict.roundStart)) to \(Workbench.time(verdict.lastCheckIn))", "decided": Workbench.time(verdict.decidedAt),
            "excluded": verdict.excludedLandmarks.joined(separator: ", "), "hasExcluded": !verdict.excludedLandmarks.isEmpty,
            "evidence": verdict.evidence.map { evidence in
                let record = byID[evidence.measurement]
                return [
                    "landmark": evidence.landmark, "rtt": String(format: "%.3f", evidence.rttMs), "distance": kilometres(evidence.maxDistanceKm),
                    "record": evidence.measurement, "issued": record.map { Workbench.time($0.issuedAt) } ?? "—", "nonce": record?.nonce ?? "—",
                    "probes": record.map { $0.probesMs.map { String(format: "%.3f", $0) }.joined(separator: ", ") } ?? "—",
                ] as [String: Any]
            },
        ]
    }

    static func licensed(_ device: DeviceRecord) -> String {
        guard let site = device.site else { return "country \(device.country)" }
        return "site \(coordinates(site.latitude, site.longitude)) within \(kilometres(site.radiusKm)) in \(device.country)"
    }

    static func list(_ countries: [String]) -> String { countries.isEmpty ? "none" : countries.joined(separator: ", ") }
    static func coordinates(_ latitude: Double, _ longitude: Double) -> String { String(format: "%.4f, %.4f", latitude, longitude) }
    static func kilometres(_ value: Double) -> String { "\(trimmed(value)) km" }
    static func trimmed(_ value: Double) -> String { value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.1f", value) }

    static func duration(seconds: Int64) -> String {
        if seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        if seconds % 60 == 0 { return "\(seconds / 60) min" }
        return "\(seconds) s"
    }
}
