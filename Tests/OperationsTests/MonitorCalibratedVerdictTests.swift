import Foundation
import Monitor
import Store
import Testing

@testable import Operations

/// The statistical tier in the service: with landmark-to-landmark RTTs, a device whose calibrated region misses its
/// licensed country gets `likely_violation`: an alert for review, nothing revoked.
@Suite struct MonitorCalibratedVerdictTests {
    static let cities: [(id: String, latitude: Double, longitude: Double, country: String)] = [
        ("paris", 48.8566, 2.3522, "FR"), ("lyon", 45.764, 4.8357, "FR"), ("bordeaux", 44.8378, -0.5792, "FR"),
        ("berlin", 52.52, 13.405, "DE"), ("munich", 48.1351, 11.582, "DE"), ("hamburg", 53.5511, 9.9937, "DE"),
        ("madrid", 40.4168, -3.7038, "ES"), ("barcelona", 41.3874, 2.1686, "ES"), ("rome", 41.9028, 12.4964, "IT"),
        ("milan", 45.4642, 9.19, "IT"), ("vienna", 48.2082, 16.3738, "AT"), ("warsaw", 52.2297, 21.0122, "PL"),
        ("prague", 50.0755, 14.4378, "CZ"), ("amsterdam", 52.3676, 4.9041, "NL"), ("brussels", 50.8503, 4.3517, "BE"),
        ("london", 51.5074, -0.1278, "GB"), ("zurich", 47.3769, 8.5417, "CH"), ("copenhagen", 55.6761, 12.5683, "DK"),
        ("stockholm", 59.3293, 18.0686, "SE"), ("budapest", 47.4979, 19.0402, "HU"),
    ]

    /// A seeded SplitMix64, so every run measures the same.
    struct Random {
        var state: UInt64
        mutating func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }

    static func point(_ city: (id: String, latitude: Double, longitude: Double, country: String)) throws -> GeoPoint {
        try #require(GeoPoint(latitude: city.latitude, longitude: city.longitude))
    }

    /// A path: twice the fibre time plus 1 ms of access, times a seeded jitter of up to 20%.
    static func pathRTT(_ a: GeoPoint, _ b: GeoPoint, _ random: inout Random) -> Double {
        max(0.05, 4 * Earth.distanceKm(a, b) / SignalSpeed.fibre.kmPerMs) * (1 + 0.2 * random.unit()) + 1
    }

    @Test("with calibration, a device in central France claimed in Germany (not provably elsewhere) is likely_violation: an alert for review, its PERMIT kept", arguments: ServiceBackend.allCases)
    func likelyViolation(backend: ServiceBackend) async throws {
        var random = Random(state: 7)
        var pairs: [LandmarkPair] = []
        for (i, a) in Self.cities.enumerated() {
            for b in Self.cities[(i + 1)...] { pairs.append(LandmarkPair(a: a.id, b: b.id, rttMs: Self.pathRTT(try Self.point(a), try Self.point(b), &random))) }
        }
        let base = try MonitorScene.settings.get()
        let settings = MonitorSettings(index: base.index, dataVersion: base.dataVersion, calibration: pairs)
        let scene = try await MonitorScene.make(backend, places: Self.cities, settings: settings)
        try await scene.register("gpu-pl", country: "DE")
        let device = try #require(GeoPoint(latitude: 47.0, longitude: 2.5))
        for city in Self.cities { try await scene.record(city.id, rtt: Self.pathRTT(device, try Self.point(city), &random), device: "gpu-pl") }
        let outcome = try #require(try await scene.verdicts.evaluate(device: "gpu-pl"))
        #expect(outcome.verdict?.verdict == "inconclusive" && outcome.verdict?.likely == "likely_violation", "\(String(describing: outcome.verdict))")
        #expect(outcome.verdict?.evidence.count == Self.cities.count)
        #expect(try await scene.monitorAlerts().map(\.source) == ["monitor.likely_violation"])
        #expect(outcome.revoked == 0)
        #expect(try await !scene.permitRevoked())
    }
}
