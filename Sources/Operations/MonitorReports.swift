import DataFormats
import Foundation
import Store

/// A notification report of one device found in violation: what an exporter sends the authority. The first
/// detection is the device's first `violation` verdict; its evidence is the signed records that verdict rests on.
public struct ViolationReport: Sendable, Encodable {
    public let device: String
    public let eccn: String
    public let serial: String
    /// The licence or authorisation the device was released under.
    public let authorization: String
    public let endUser: String
    public let licensedLocation: LicensedLocation
    /// When the violation was first detected, ms since 1970, and as UTC text.
    public let firstDetection: Int64
    public let firstDetectionUTC: String
    /// The proven region in a sentence, and the countries (and sanctioned sub-national areas) it can touch.
    public let region: String
    public let possibleCountries: [String]
    public let likelyCountries: [String]
    public let estimate: VerdictCircle?
    public let speedKmPerMs: Double
    public let dataVersion: String
    /// The first detection's verdict id and evidence (landmark, smallest RTT, bound, record).
    public let verdictID: Int64
    public let evidence: [VerdictEvidence]
    /// The signed records themselves (nonce, probes, both signatures), so anyone can check the proof again.
    public let signedRecords: [MeasurementRow]
    /// The device's latest verdict now (it may have changed since).
    public let latestVerdict: String?

    /// The licensed place.
    public struct LicensedLocation: Sendable, Encodable {
        public let country: String
        public let site: VerdictCircle?
    }

    /// The report as readable text.
    public var text: String {
        var lines = [
            "Violation report: device \(device) (\(eccn), serial \(serial))",
            "  released under \(authorization) to end user \(endUser)",
            "  licensed location: \(licensedLocation.country)"
                + (licensedLocation.site.map { ", site \($0.latitude),\($0.longitude) radius \($0.radiusKm) km" } ?? ""),
            "  first detected: \(firstDetectionUTC) (verdict \(verdictID))",
            "  region: \(region)",
            "  possible countries: \(possibleCountries.joined(separator: ", "))",
            "  assumptions: signal speed \(speedKmPerMs) km/ms; boundaries \(dataVersion)",
        ]
        if let estimate { lines.append("  estimate (statistical): \(estimate.latitude),\(estimate.longitude) within \(estimate.radiusKm.rounded()) km") }
        lines.append("  evidence:")
        let records = Dictionary(signedRecords.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for item in evidence {
            let record = records[item.measurement]
            lines.append(
                "    landmark \(item.landmark): \(item.rttMs) ms, at most \(item.maxDistanceKm.rounded()) km; record \(item.measurement)"
                    + (record.map { " (nonce \($0.nonce), device signature \($0.deviceSignature), landmark signature \($0.landmarkSignature))" } ?? ""))
        }
        if let latestVerdict { lines.append("  latest verdict: \(latestVerdict)") }
        return lines.joined(separator: "\n")
    }
}

extension MonitorService {
    /// One report per device with a `violation` verdict (of `device` only, when given), in device order.
    /// `StoreError.notFound` when `device` is given and not registered.
    public func violationReports(device only: String? = nil) async throws -> [ViolationReport] {
        if let only { _ = try await device(id: only) }
        let verdicts = try verdictStore
        var reports: [ViolationReport] = []
        for first in try await verdicts.firstVerdicts("violation", device: only) {
            let device = try await device(id: first.device)
            let records = try await verdicts.measurements(ids: first.evidence.map(\.measurement))
            reports.append(
                ViolationReport(
                    device: device.id, eccn: device.eccn, serial: device.serial, authorization: device.authorizationID, endUser: device.endUserPartyID,
                    licensedLocation: .init(country: first.claimedCountry, site: first.claimedSite), firstDetection: first.decidedAt,
                    firstDetectionUTC: CivilDate.timestamp(Date(timeIntervalSince1970: Double(first.decidedAt) / 1000)), region: first.region,
                    possibleCountries: first.possibleCountries, likelyCountries: first.likelyCountries, estimate: first.estimate,
                    speedKmPerMs: first.speedKmPerMs, dataVersion: first.dataVersion, verdictID: first.id, evidence: first.evidence,
                    signedRecords: records, latestVerdict: try await verdicts.latestVerdict(device: device.id)?.likely))
        }
        return reports
    }
}
