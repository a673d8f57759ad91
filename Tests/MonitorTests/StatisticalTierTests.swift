import Foundation
import Testing
@testable import Monitor

@Suite("The statistical tier: calibrated, labelled, and not for sale by padding")
struct StatisticalTierTests {
    /// European cities as landmarks.
    static let cities: [(String, Double, Double, String)] = [
        ("paris", 48.8566, 2.3522, "FR"), ("lyon", 45.764, 4.8357, "FR"), ("bordeaux", 44.8378, -0.5792, "FR"),
        ("berlin", 52.52, 13.405, "DE"), ("munich", 48.1351, 11.582, "DE"), ("hamburg", 53.5511, 9.9937, "DE"),
        ("madrid", 40.4168, -3.7038, "ES"), ("barcelona", 41.3874, 2.1686, "ES"), ("rome", 41.9028, 12.4964, "IT"),
        ("milan", 45.4642, 9.19, "IT"), ("vienna", 48.2082, 16.3738, "AT"), ("warsaw", 52.2297, 21.0122, "PL"),
        ("prague", 50.0755, 14.4378, "CZ"), ("amsterdam", 52.3676, 4.9041, "NL"), ("brussels", 50.8503, 4.3517, "BE"),
        ("london", 51.5074, -0.1278, "GB"), ("zurich", 47.3769, 8.5417, "CH"), ("copenhagen", 55.6761, 12.5683, "DK"),
        ("stockholm", 59.3293, 18.0686, "SE"), ("budapest", 47.4979, 19.0402, "HU"),
    ]
    static let landmarks = cities.map { landmark($0.0, $0.1, $0.2, $0.3) }

    /// A path model: twice the fibre time plus 1 ms of access, times a seeded jitter of up to 20%.
    static func pathRTT(_ a: GeoPoint, _ b: GeoPoint, random: inout SeededRandom) -> Double {
        fibreRTT(a, b, factor: 2) * random.uniform(1...1.2) + 1
    }

    /// The landmarks' calibration pairs under the path model (seeded).
    static func pairs() -> [LandmarkPair] {
        var random = SeededRandom(seed: 7)
        var pairs: [LandmarkPair] = []
        for (i, a) in landmarks.enumerated() {
            for b in landmarks[(i + 1)...] {
                pairs.append(LandmarkPair(a: a.id, b: b.id, rttMs: pathRTT(a.position, b.position, random: &random)))
            }
        }
        return pairs
    }

    static func engine() -> Locator { Locator(index: Bundled.index, landmarks: landmarks, pairs: pairs()) }

    @Test("an honest device in central France is likely verified in France, and flagged as likely elsewhere, never proven so")
    func honestDevice() throws {
        let engine = Self.engine()
        var random = SeededRandom(seed: 11)
        let device = point(47.0, 2.5)
        let measurements = Self.landmarks.map { MeasuredRTT(landmark: $0.id, rttMs: Self.pathRTT(device, $0.position, random: &random)) }
        let france = try engine.locate(device: "d", measurements: measurements, claim: Claim(country: "FR"))
        #expect(france.verdict == .inconclusive)
        #expect(france.likely == .likelyVerified, "calibrated region touches \(france.likelyCountries), estimate \(String(describing: france.estimate))")
        let estimate = try #require(france.estimate)
        #expect(Earth.distanceKm(estimate.position, device) < 150)
        let poland = try engine.locate(device: "d", measurements: measurements, claim: Claim(country: "PL"))
        #expect(poland.likely == .likelyViolation || poland.likely == .violation)
    }

    @Test("padding every RTT up to what a device at the claimed place would show never buys verified or likely_verified")
    func paddingCannotBuyVerification() throws {
        let engine = Self.engine()
        var random = SeededRandom(seed: 2026)
        var trials = 0
        for _ in 0..<40 {
            let truth = point(random.uniform(38...58), random.uniform(-5...22))
            let claimed = Self.landmarks[Int(random.next() % UInt64(Self.landmarks.count))]
            let trueCountries = Bundled.index.areas(at: truth).touching
            guard !trueCountries.isEmpty, !trueCountries.contains(claimed.country) else { continue }
            trials += 1
            let padded = Self.landmarks.map { l in
                let honest = Self.pathRTT(truth, l.position, random: &random)
                let mimic = Self.pathRTT(claimed.position, l.position, random: &random)
                return MeasuredRTT(landmark: l.id, rttMs: max(honest, mimic))
            }
            let result = try engine.locate(device: "adversary", measurements: padded, claim: Claim(country: claimed.country))
            #expect(result.verdict != .verified, "padding from \(truth) claiming \(claimed.country)")
            #expect(result.likely != .likelyVerified && result.likely != .verified, "padding from \(truth) claiming \(claimed.country)")
        }
        #expect(trials >= 20)
    }

    @Test("a relay in the claimed country adds its own delay and is never verified")
    func relayIsNotVerified() throws {
        let engine = Self.engine()
        var random = SeededRandom(seed: 99)
        let relay = point(48.85, 2.35)
        for _ in 0..<20 {
            let truth = point(random.uniform(50...58), random.uniform(12...22))
            let onward = Self.pathRTT(relay, truth, random: &random)
            let relayed = Self.landmarks.map { MeasuredRTT(landmark: $0.id, rttMs: Self.pathRTT($0.position, relay, random: &random) + onward) }
            let result = try engine.locate(device: "relayed", measurements: relayed, claim: Claim(country: "FR"))
            #expect(result.verdict != .verified)
            #expect(result.likely != .likelyVerified)
        }
    }

    @Test("growing any RTT never shrinks the calibrated region: monotone bounds")
    func boundsAreMonotone() {
        let engine = Self.engine()
        var random = SeededRandom(seed: 5)
        for _ in 0..<200 {
            let rtt = random.uniform(0.1...300)
            let more = rtt + random.uniform(0...50)
            for landmark in Self.landmarks.prefix(3) {
                let used = [(landmark: landmark, rtt: rtt)], usedMore = [(landmark: landmark, rtt: more)]
                let sound = [Cap(centre: landmark.position, radiusKm: SignalSpeed.fibre.maxDistanceKm(rttMs: rtt))]
                let soundMore = [Cap(centre: landmark.position, radiusKm: SignalSpeed.fibre.maxDistanceKm(rttMs: more))]
                let a = engine.caps(engine.model.verify, quantiles: engine.verifyQuantiles, used: used, proven: sound)
                let b = engine.caps(engine.model.verify, quantiles: engine.verifyQuantiles, used: usedMore, proven: soundMore)
                #expect(b[0].radius >= a[0].radius)
            }
        }
    }
}
