import Foundation
import Testing
@testable import Monitor

@Suite("Proven verdicts: sound regions on the sphere")
struct ProvenVerdictTests {
    static let paris = landmark("paris", 48.8566, 2.3522, "FR")
    static let brussels = landmark("brussels", 50.8503, 4.3517, "BE")
    static let madrid = landmark("madrid", 40.4168, -3.7038, "ES")
    static let tokyo = landmark("tokyo", 35.6762, 139.6503, "JP")
    static let newYork = landmark("newyork", 40.7128, -74.0060, "US")
    static let simferopol = landmark("simferopol", 44.9521, 34.1024, "UA")

    func locator(_ landmarks: [Landmark], pairs: [LandmarkPair] = [], speed: SignalSpeed = .fibre) -> Locator {
        Locator(index: Bundled.index, landmarks: landmarks, pairs: pairs, speed: speed)
    }

    @Test("a device in Paris is verified in France when the bounds lie inside France, and only then")
    func parisVerified() throws {
        let engine = locator([Self.paris, Self.brussels, Self.madrid])
        let close = try engine.locate(device: "d", measurements: [
            MeasuredRTT(landmark: "paris", rttMs: 1.0), MeasuredRTT(landmark: "brussels", rttMs: 6), MeasuredRTT(landmark: "madrid", rttMs: 20),
        ], claim: Claim(country: "FR"))
        #expect(close.verdict == .verified)
        #expect(close.likely == .verified)
        #expect(close.possibleCountries == ["FR"])
        #expect(close.evidence.map(\.landmark) == ["paris", "brussels", "madrid"])
        #expect(close.evidence[0].maxDistanceKm == 100)
        let wider = try engine.locate(device: "d", measurements: [MeasuredRTT(landmark: "paris", rttMs: 4)], claim: Claim(country: "FR"))
        #expect(wider.verdict == .inconclusive, "400 km around Paris reaches Belgium and the sea")
        #expect(wider.possibleCountries.contains("BE") && wider.possibleCountries.contains("FR"))
    }

    @Test("a claim far from every possible place is a proven violation, naming where the device can be")
    func farIsViolation() throws {
        let engine = locator([Self.paris, Self.tokyo])
        let result = try engine.locate(device: "d", measurements: [MeasuredRTT(landmark: "tokyo", rttMs: 2)], claim: Claim(country: "FR"))
        #expect(result.verdict == .violation)
        #expect(result.likely == .violation)
        #expect(result.possibleCountries == ["JP"])
        let vacuum = locator([Self.paris, Self.tokyo], speed: .vacuum)
        let stated = try vacuum.locate(device: "d", measurements: [MeasuredRTT(landmark: "tokyo", rttMs: 2)], claim: Claim(country: "JP"))
        #expect(stated.speed == .vacuum)
        #expect(abs(stated.evidence[0].maxDistanceKm - 299.792458) < 1e-9)
    }

    @Test("bounds no point can satisfy are inconsistent, never verified")
    func impossibleBounds() throws {
        let engine = locator([Self.paris, Self.newYork])
        let result = try engine.locate(device: "d", measurements: [
            MeasuredRTT(landmark: "paris", rttMs: 1), MeasuredRTT(landmark: "newyork", rttMs: 1),
        ], claim: Claim(country: "FR"))
        #expect(result.verdict == .inconsistent)
        #expect(result.likely == .inconsistent)
        #expect(result.estimate == nil)
    }

    @Test("a device in Crimea is reported as possibly in UA-43 beside Russia, where Natural Earth draws it")
    func crimea() throws {
        let engine = locator([Self.simferopol])
        let measurements = [MeasuredRTT(landmark: "simferopol", rttMs: 0.2)]
        let asUkraine = try engine.locate(device: "d", measurements: measurements, claim: Claim(country: "UA"))
        #expect(asUkraine.possibleCountries.contains("UA-43"))
        #expect(asUkraine.possibleCountries.contains("RU"))
        #expect(asUkraine.verdict == .violation)
        let asCrimea = try engine.locate(device: "d", measurements: measurements, claim: Claim(country: "UA-43"))
        #expect(asCrimea.verdict == .verified)
    }

    @Test("a site claim is verified inside the site's radius and a violation far from it")
    func site() throws {
        let engine = locator([Self.paris, Self.tokyo])
        let paris = try #require(Site(centre: point(48.85, 2.35), radiusKm: 150))
        let near = try engine.locate(device: "d", measurements: [MeasuredRTT(landmark: "paris", rttMs: 0.5)], claim: Claim(country: "FR", site: paris))
        #expect(near.verdict == .verified)
        let far = try engine.locate(device: "d", measurements: [MeasuredRTT(landmark: "tokyo", rttMs: 1)], claim: Claim(country: "FR", site: paris))
        #expect(far.verdict == .violation)
    }

    @Test("unknown landmarks, unknown countries and absurd RTTs are refused with the reason")
    func refusals() {
        let engine = locator([Self.paris])
        #expect(throws: LocateError.unknownLandmark("nowhere")) {
            try engine.locate(device: "d", measurements: [MeasuredRTT(landmark: "nowhere", rttMs: 3)], claim: Claim(country: "FR"))
        }
        #expect(throws: LocateError.unknownCountry("ZZ")) {
            try engine.locate(device: "d", measurements: [MeasuredRTT(landmark: "paris", rttMs: 3)], claim: Claim(country: "ZZ"))
        }
        #expect(throws: LocateError.self) {
            try engine.locate(device: "d", measurements: [MeasuredRTT(landmark: "paris", rttMs: -1)], claim: Claim(country: "FR"))
        }
        #expect(throws: LocateError.self) {
            try engine.locate(device: "d", measurements: [MeasuredRTT(landmark: "paris", rttMs: 60_000)], claim: Claim(country: "FR"))
        }
    }
}

@Suite("Distrusting landmarks that break the speed of light")
struct DistrustTests {
    @Test("a landmark whose RTTs to several others are faster than light allows is distrusted, with the pairs")
    func distrust() throws {
        let landmarks = [
            landmark("paris", 48.8566, 2.3522, "FR"), landmark("berlin", 52.52, 13.405, "DE"),
            landmark("madrid", 40.4168, -3.7038, "ES"), landmark("liar", 35.6762, 139.6503, "JP"),
        ]
        // "liar" says Tokyo but answers like a European server.
        let pairs = [
            LandmarkPair(a: "paris", b: "berlin", rttMs: 15), LandmarkPair(a: "paris", b: "madrid", rttMs: 17),
            LandmarkPair(a: "berlin", b: "madrid", rttMs: 30), LandmarkPair(a: "liar", b: "paris", rttMs: 3),
            LandmarkPair(a: "liar", b: "berlin", rttMs: 12), LandmarkPair(a: "liar", b: "madrid", rttMs: 20),
        ]
        let engine = Locator(index: Bundled.index, landmarks: landmarks, pairs: pairs)
        #expect(engine.calibration.distrusted.map(\.landmark) == ["liar"])
        let evidence = try #require(engine.calibration.distrusted.first?.violations)
        #expect(evidence.count == 3)
        #expect(evidence.allSatisfy { $0.distanceKm > $0.maxDistanceKm })
        let result = try engine.locate(device: "d", measurements: [
            MeasuredRTT(landmark: "paris", rttMs: 1), MeasuredRTT(landmark: "liar", rttMs: 1),
        ], claim: Claim(country: "FR"))
        #expect(result.verdict == .verified, "the liar's bound (Tokyo within 100 km) is left out, not allowed to make the round inconsistent")
        #expect(!result.evidence.contains { $0.landmark == "liar" })
        #expect(result.distrusted.map(\.landmark) == ["liar"])
    }

    @Test("a lone pair breaking the bound distrusts both ends: the engine cannot tell which label is wrong")
    func lonePair() {
        let landmarks = [landmark("a", 48.8566, 2.3522, "FR"), landmark("b", 52.52, 13.405, "DE"), landmark("c", 40.4168, -3.7038, "ES")]
        let calibration = Calibration(landmarks: landmarks, pairs: [
            LandmarkPair(a: "a", b: "b", rttMs: 2), LandmarkPair(a: "a", b: "c", rttMs: 20), LandmarkPair(a: "b", b: "c", rttMs: 30),
        ], speed: .fibre)
        #expect(calibration.distrusted.map(\.landmark) == ["a", "b"])
    }
}
