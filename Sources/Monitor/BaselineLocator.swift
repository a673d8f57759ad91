import Foundation

/// The comparison baseline the evaluation runs beside the engine (not used by `monitor locate`): a simple
/// sound-disc verifier, which tests each landmark's disc rtt / 2 * v on its own (verified when one disc
/// lies inside the claim, violation when one disc misses it) instead of their intersection, and the
/// classic constraint-based geolocation (CBG) estimate: bestline bounds without slack, the centroid of
/// their intersection, and its statistical verdict.
public struct BaselineLocator: Sendable {
    let cbg: Locator

    /// Discs wider than this (km) are not tested on their own: they can neither fit in a country nor miss one near.
    static let discLimitKm = 3_000.0

    /// A baseline over the same inputs as `Locator`.
    public init(index: BoundaryIndex, landmarks: [Landmark], pairs: [LandmarkPair], speed: SignalSpeed = .fibre) {
        cbg = Locator(index: index, landmarks: landmarks, pairs: pairs, speed: speed, model: .cbg)
    }

    /// The baseline's location of a device against `claim`.
    public func locate(device: String, measurements: [MeasuredRTT], claim: Claim) throws(LocateError) -> Location {
        let result = try cbg.locate(device: device, measurements: measurements, claim: claim)
        guard let target = cbg.index.area(claim.country) else { throw LocateError.unknownCountry(claim.country) }
        let site = claim.site.map { Cap(centre: $0.centre, radiusKm: $0.radiusKm) }
        var proven = false, refuted = false
        for item in result.evidence where item.maxDistanceKm <= Self.discLimitKm {
            guard let landmark = cbg.landmarks[item.landmark] else { continue }
            let disc = Cap(centre: landmark.position, radiusKm: item.maxDistanceKm * (1 + Earth.sphereErrorFraction))
            let survey = cbg.index.survey([disc], toleranceKm: Locator.toleranceKm)
            let possible = cbg.index.codes(of: survey.touchedSets)
            switch cbg.judge(survey, caps: [disc], target: target, site: site, possible: possible) {
            case .verified: proven = true
            case .violation: refuted = true
            case .inconclusive, .inconsistent: break
            }
        }
        let verdict: Verdict = proven && refuted ? .inconsistent : proven ? .verified : refuted ? .violation : .inconclusive
        let likely: LikelyVerdict
        switch verdict {
        case .verified: likely = .verified
        case .violation: likely = .violation
        case .inconsistent: likely = .inconsistent
        case .inconclusive: likely = result.statistical == .inconsistent ? .inconclusive : result.statistical
        }
        return Location(device: device, claim: claim, verdict: verdict, likely: likely, statistical: result.statistical,
                        possibleCountries: result.possibleCountries, likelyCountries: result.likelyCountries, estimate: result.estimate, evidence: result.evidence,
                        speed: result.speed, distrusted: result.distrusted)
    }
}
