import Foundation

/// The location engine: from one round of measurements, the proven region and verdict against a claim,
/// and beside it the calibrated estimate and its statistical verdict. Pure and `Sendable`: build once,
/// call from any thread.
///
/// Proven tier: every trusted landmark's RTT bounds the device within rtt / 2 * v (widened by the sphere's
/// 0.56% worst error against WGS84); the region is the intersection of those caps on the sphere, covered by
/// boundary-index cells; `verified` needs every covering cell inside the claim, `violation` needs no covering
/// cell to touch it, `inconsistent` needs the caps to have no common point.
///
/// Statistical tier (`StatisticalModel`): the landmark-to-landmark RTTs give each RTT a typical distance
/// bound (the landmark's bestline, and a pooled upper quantile of distance for that RTT); the calibrated
/// region is the proven region cut by those bounds. `likely_verified` needs a non-empty calibrated region
/// whose land touches no country but the claim (inside the site, for a site). Every bound only grows with
/// its RTT, so a device that adds delay (padding, a relay) can only grow the region: it cannot buy
/// `likely_verified`; only small RTTs, which nobody can fake, shrink the region onto a claim.
/// `likely_violation` needs a wider calibrated region that does not touch the claim. The estimate is a
/// weighted multilateration on the sphere over the nearest landmarks' typical distances.
public struct Locator: Sendable {
    /// The boundaries the regions are tested against.
    public let index: BoundaryIndex
    /// What the landmark-to-landmark RTTs taught.
    public let calibration: Calibration
    /// The statistical tier's bounds.
    public let model: StatisticalModel
    let landmarks: [String: Landmark]
    let verifyQuantiles: DistanceQuantiles?
    let flagQuantiles: DistanceQuantiles?
    let medianDistances: DistanceQuantiles?

    /// The signal speed every bound assumes.
    public var speed: SignalSpeed { calibration.speed }

    /// An engine over `landmarks`, calibrated with `pairs` (RTTs between landmarks) at `speed`.
    public init(index: BoundaryIndex, landmarks: [Landmark], pairs: [LandmarkPair], speed: SignalSpeed = .fibre,
                model: StatisticalModel = .standard) {
        self.index = index
        self.landmarks = Dictionary(landmarks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let calibration = Calibration(landmarks: landmarks, pairs: pairs, speed: speed)
        self.calibration = calibration
        self.model = model
        verifyQuantiles = model.verify.quantile.flatMap { DistanceQuantiles.fit(calibration.pooled, quantile: $0) }
        flagQuantiles = model.flag.quantile.flatMap { DistanceQuantiles.fit(calibration.pooled, quantile: $0) }
        medianDistances = DistanceQuantiles.fit(calibration.pooled, quantile: 0.5)
    }

    /// The cell size (km) regions are refined to where boundaries do not decide.
    static let toleranceKm = 2.0

    /// Locates a device from its measurements (the minimum per landmark is used) against `claim`.
    public func locate(device: String, measurements: [MeasuredRTT], claim: Claim) throws(LocateError) -> Location {
        guard let target = index.area(claim.country) else { throw LocateError.unknownCountry(claim.country) }
        var smallest: [String: Double] = [:]
        for m in measurements {
            guard landmarks[m.landmark] != nil else { throw LocateError.unknownLandmark(m.landmark) }
            if let problem = MeasuredRTT.problem(rttMs: m.rttMs) { throw LocateError.badRTT(landmark: m.landmark, problem: problem) }
            smallest[m.landmark] = min(smallest[m.landmark] ?? .infinity, m.rttMs)
        }
        let used: [(landmark: Landmark, rtt: Double)] = smallest.filter { !calibration.distrusts($0.key) }
            .sorted { $0.value == $1.value ? $0.key < $1.key : $0.value < $1.value }
            .compactMap { id, rtt in landmarks[id].map { ($0, rtt) } }
        guard !used.isEmpty else { throw LocateError.noMeasurements }
        let evidence = used.map { Evidence(landmark: $0.landmark.id, rttMs: $0.rtt, maxDistanceKm: speed.maxDistanceKm(rttMs: $0.rtt)) }
        let proven = used.map { Cap(centre: $0.landmark.position, radiusKm: speed.maxDistanceKm(rttMs: $0.rtt) * (1 + Earth.sphereErrorFraction)) }
        let site = claim.site.map { Cap(centre: $0.centre, radiusKm: $0.radiusKm) }
        let region = index.survey(proven, target: target, site: site, toleranceKm: Self.toleranceKm)
        guard region.nonEmpty else {
            return Location(device: device, claim: claim, verdict: .inconsistent, likely: .inconsistent, statistical: .inconsistent,
                            possibleCountries: [], estimate: nil, evidence: evidence, speed: speed, distrusted: calibration.distrusted)
        }
        let possible = index.codes(of: region.touchedSets)
        let verdict = judge(region, caps: proven, target: target, site: site, possible: possible)

        let tightCaps = caps(model.verify, quantiles: verifyQuantiles, used: used, proven: proven)
        let tight = index.survey(tightCaps, target: target, site: site, toleranceKm: Self.toleranceKm)
        var wideCaps = caps(model.flag, quantiles: flagQuantiles, used: used, proven: proven)
        var wide = index.survey(wideCaps, target: target, site: site, toleranceKm: Self.toleranceKm)
        var widening = 1.0
        while !wide.nonEmpty && widening < 16 {
            // The typical bounds contradict each other: widen them until some point fits.
            widening *= 2
            wideCaps = zip(wideCaps, proven).map { Cap(centre: $0.centre, radius: min($1.radius, $0.radius * (1 + widening * 0.25))) }
            wide = index.survey(wideCaps, target: target, site: site, toleranceKm: Self.toleranceKm)
        }
        if !wide.nonEmpty {
            wideCaps = proven
            wide = region
        }
        let confirmed: Bool
        if site != nil {
            confirmed = tight.nonEmpty && tight.allInSite
        } else if index.provable[Int(target)] && claim.country.count == 2 {
            confirmed = tight.nonEmpty && index.codes(of: tight.touchedSets) == [claim.country]
        } else {
            confirmed = tight.nonEmpty && tight.allInside
        }
        let refuted: Bool
        if let site {
            refuted = !index.survey(wideCaps + [site], target: nil, site: nil, toleranceKm: Self.toleranceKm).nonEmpty
        } else {
            refuted = !index.codes(of: wide.touchedSets).contains(claim.country)
        }
        let judgement: LikelyVerdict = confirmed && !refuted ? .likelyVerified : refuted && !confirmed ? .likelyViolation : .inconclusive
        let likely: LikelyVerdict
        switch verdict {
        case .verified: likely = .verified
        case .violation: likely = .violation
        case .inconsistent: likely = .inconsistent
        case .inconclusive: likely = judgement
        }
        let estimate = self.estimate(tight.nonEmpty ? tight : wide, used: used)
        return Location(device: device, claim: claim, verdict: verdict, likely: likely, statistical: judgement,
                        possibleCountries: possible, estimate: estimate, evidence: evidence, speed: speed,
                        distrusted: calibration.distrusted)
    }

    func caps(_ bounds: StatisticalModel.Bounds, quantiles: DistanceQuantiles?, used: [(landmark: Landmark, rtt: Double)],
              proven: [Cap]) -> [Cap] {
        zip(used, proven).map { item, sound in
            var typical = quantiles?.bound(rttMs: item.rtt) ?? .infinity
            if bounds.bestline, let line = calibration.lines[item.landmark.id] { typical = min(typical, line.distanceKm(rttMs: item.rtt)) }
            guard typical.isFinite else { return sound }
            let radius = (typical * (1 + bounds.slack) + bounds.slackKm) / Earth.radiusKm
            return Cap(centre: sound.centre, radius: min(sound.radius, radius))
        }
    }

    func judge(_ region: RegionSurvey, caps: [Cap], target: UInt16, site: Cap?, possible: [String]) -> Verdict {
        if let site {
            if region.allInSite { return .verified }
            let meets = index.survey(caps + [site], target: nil, site: nil, toleranceKm: Self.toleranceKm)
            return meets.nonEmpty ? .inconclusive : .violation
        }
        if region.allInside { return .verified }
        return possible.contains(index.codes[Int(target)]) ? .inconclusive : .violation
    }
}
