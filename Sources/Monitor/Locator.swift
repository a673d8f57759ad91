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
/// `likely_violation` needs a calibrated region, robust to two odd paths, that does not touch the claim, or
/// (for a country) a likelihood surface over that region (`DistanceModel`: distance distributions per RTT
/// learnt from the landmark pairs, the nearest landmarks scoring) with less of its mass on the claimed
/// country than any calibration landmark has on its own (`calibratedFlagMass`). Flagging never confirms, so
/// the surface cannot sell `likely_verified`. The estimate is the surface's mean (without a surface, the
/// centre of the region of typical distances); its radius covers the whole calibrated region.
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
    let estimateQuantiles: DistanceQuantiles?
    let distanceModel: DistanceModel?
    /// Below this share of the likelihood surface in a claimed country the claim is flagged (0: never on
    /// the surface alone); chosen on the calibration landmarks (`calibratedFlagMass`).
    private(set) var flagMass = 0.0

    /// The signal speed every bound assumes.
    public var speed: SignalSpeed { calibration.speed }

    /// An engine over `landmarks`, calibrated with `pairs` (RTTs between landmarks) at `speed`.
    public init(index: BoundaryIndex, landmarks: [Landmark], pairs: [LandmarkPair], speed: SignalSpeed = .fibre,
                model: StatisticalModel = .standard) {
        self.init(uncalibrated: index, landmarks: landmarks, pairs: pairs, speed: speed, model: model)
        if distanceModel != nil { flagMass = calibratedFlagMass(landmarks: landmarks, pairs: pairs) }
    }

    init(uncalibrated index: BoundaryIndex, landmarks: [Landmark], pairs: [LandmarkPair], speed: SignalSpeed,
         model: StatisticalModel) {
        self.index = index
        self.landmarks = Dictionary(landmarks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let calibration = Calibration(landmarks: landmarks, pairs: pairs, speed: speed)
        self.calibration = calibration
        self.model = model
        verifyQuantiles = model.verify.quantile.flatMap { DistanceQuantiles.fit(calibration.pooled, quantile: $0) }
        flagQuantiles = model.flag.quantile.flatMap { DistanceQuantiles.fit(calibration.pooled, quantile: $0) }
        estimateQuantiles = model.estimate.quantile.flatMap { DistanceQuantiles.fit(calibration.pooled, quantile: $0) }
        distanceModel = model.likelihood ? DistanceModel(calibration.pooled) : nil
    }

    /// The cell size (km) regions are refined to where boundaries do not decide (at least 4% of the region's
    /// scale: coarser cells only make the region larger, never a proof wrong).
    static let toleranceKm = 2.0

    /// Locates a device from its measurements (the minimum per landmark is used) against `claim`.
    public func locate(device: String, measurements: [MeasuredRTT], claim: Claim) throws(LocateError) -> Location {
        guard index.area(claim.country) != nil else { throw LocateError.unknownCountry(claim.country) }
        return judge(try round(device: device, measurements: measurements), claim: claim)
    }

    /// Locates a device once and judges every claim about it (the regions do not depend on the claim).
    public func locate(device: String, measurements: [MeasuredRTT], claims: [Claim]) -> [Result<Location, LocateError>] {
        let round: Round
        do {
            round = try self.round(device: device, measurements: measurements)
        } catch {
            return claims.map { _ in .failure(error) }
        }
        return claims.map { claim in
            index.area(claim.country) == nil ? .failure(.unknownCountry(claim.country)) : .success(judge(round, claim: claim))
        }
    }

    /// What one round of measurements shows, before any claim: the proven region and the calibrated ones.
    public struct Round: Sendable {
        let device: String
        let evidence: [Evidence]
        let proven: [Cap]
        let region: RegionSurvey
        let tight: RegionSurvey
        let wideCaps: [Cap]
        let wide: RegionSurvey
        /// The likelihood surface over `wide`'s cells (empty without a distance model).
        let surface: [Double]
        let estimate: Estimate?
    }

    /// The regions of a round of measurements.
    public func round(device: String, measurements: [MeasuredRTT]) throws(LocateError) -> Round {
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
        let region = index.survey(proven, toleranceKm: Self.toleranceKm)
        guard region.nonEmpty else {
            return Round(device: device, evidence: evidence, proven: proven, region: region, tight: region, wideCaps: proven,
                         wide: region, surface: [], estimate: nil)
        }
        let tight = index.survey(caps(model.verify, quantiles: verifyQuantiles, used: used, proven: proven),
                                 toleranceKm: Self.toleranceKm, misses: model.verify.misses)
        var wideCaps = caps(model.flag, quantiles: flagQuantiles, used: used, proven: proven)
        var wide = index.survey(wideCaps, toleranceKm: Self.toleranceKm, misses: model.flag.misses)
        var widening = 1.0
        while !wide.nonEmpty && widening < 16 {
            // The typical bounds contradict each other: widen them until some point fits.
            widening *= 2
            wideCaps = zip(wideCaps, proven).map { Cap(centre: $0.centre, radius: min($1.radius, $0.radius * (1 + widening * 0.25))) }
            wide = index.survey(wideCaps, toleranceKm: Self.toleranceKm, misses: model.flag.misses)
        }
        if !wide.nonEmpty {
            wideCaps = proven
            wide = region
        }
        let typical = model.estimate == model.verify ? tight : index.survey(
            caps(model.estimate, quantiles: estimateQuantiles, used: used, proven: proven),
            toleranceKm: Self.toleranceKm, misses: model.estimate.misses)
        let covering = tight.nonEmpty ? tight : wide
        let surface = distanceModel.map { DistanceModel.surface(wide.cells, terms: $0.terms(used)) } ?? []
        let likeliest = DistanceModel.mean(wide.cells, weights: surface)
        let estimate = (likeliest ?? (typical.nonEmpty ? typical : covering).centroid).map { centre in
            Estimate(position: centre.point, radiusKm: covering.coveringRadius(from: centre) * Earth.radiusKm)
        }
        return Round(device: device, evidence: evidence, proven: proven, region: region, tight: tight, wideCaps: wideCaps,
                     wide: wide, surface: surface, estimate: estimate)
    }

    /// The verdicts of a round against a claim (whose country the index must know).
    func judge(_ round: Round, claim: Claim) -> Location {
        guard round.region.nonEmpty, let target = index.area(claim.country) else {
            return Location(device: round.device, claim: claim, verdict: .inconsistent, likely: .inconsistent, statistical: .inconsistent,
                            possibleCountries: [], likelyCountries: [], estimate: nil, evidence: round.evidence, speed: speed,
                            distrusted: calibration.distrusted)
        }
        let site = claim.site.map { Cap(centre: $0.centre, radiusKm: $0.radiusKm) }
        let possible = index.codes(of: round.region.touchedSets)
        let verdict = judge(round.region, caps: round.proven, target: target, site: site, possible: possible)
        let tight = round.tight, wide = round.wide
        let confirmed: Bool
        if let site {
            confirmed = tight.inside(site)
        } else if index.provable[Int(target)] && claim.country.count == 2 {
            // The device is on land: the calibrated region's land must all be the claimed country.
            confirmed = tight.nonEmpty && index.codes(of: tight.touchedSets) == [claim.country]
        } else {
            confirmed = tight.inside(target)
        }
        let refuted: Bool
        if let site {
            // With misses the site itself may be among the missed caps: that can only keep a claim from being flagged.
            refuted = !index.survey(round.wideCaps + [site], toleranceKm: Self.toleranceKm, misses: model.flag.misses).nonEmpty
        } else {
            refuted = !index.codes(of: wide.touchedSets).contains(claim.country)
                || share(of: target, in: round) < flagMass
        }
        let judgement: LikelyVerdict = confirmed && !refuted ? .likelyVerified : refuted && !confirmed ? .likelyViolation : .inconclusive
        let likely: LikelyVerdict
        switch verdict {
        case .verified: likely = .verified
        case .violation: likely = .violation
        case .inconsistent: likely = .inconsistent
        case .inconclusive: likely = judgement
        }
        return Location(device: round.device, claim: claim, verdict: verdict, likely: likely, statistical: judgement,
                        possibleCountries: possible, likelyCountries: index.codes(of: (tight.nonEmpty ? tight : wide).touchedSets),
                        estimate: round.estimate, evidence: round.evidence, speed: speed, distrusted: calibration.distrusted)
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
            if region.inside(site) { return .verified }
            let meets = index.survey(caps + [site], toleranceKm: Self.toleranceKm)
            return meets.nonEmpty ? .inconclusive : .violation
        }
        if region.inside(target) { return .verified }
        return possible.contains(index.codes[Int(target)]) ? .inconclusive : .violation
    }
}
