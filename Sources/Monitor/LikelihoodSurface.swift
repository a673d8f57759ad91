import Foundation

/// How far apart two landmarks are for a given RTT, as a distribution: the 10%, 50% and 90% quantiles of
/// the great-circle distance among calibration pairs of similar RTT. It scores a candidate position by how
/// typical its distances to the landmarks are for the RTTs measured (multilateration with error models
/// learnt from landmark pairs), which gives a likelihood surface over the cells of the calibrated region:
/// the estimate is its mean, and the statistical tier weighs how much of it lies in a claimed country.
///
/// Only the nearest landmarks score (small RTTs carry the information: beyond a few hundred km an RTT is
/// mostly path, and its distance spread is wide enough to say little).
struct DistanceModel: Sendable {
    let low: DistanceQuantiles
    let median: DistanceQuantiles
    let high: DistanceQuantiles

    /// How many of the smallest RTTs score a position.
    static let landmarksScored = 6

    /// The model of `points` (distance km, RTT ms), or nil with too few pairs for the quantiles.
    init?(_ points: [(d: Double, r: Double)]) {
        guard let low = DistanceQuantiles.fit(points, quantile: 0.1),
              let median = DistanceQuantiles.fit(points, quantile: 0.5),
              let high = DistanceQuantiles.fit(points, quantile: 0.9) else { return nil }
        self.low = low
        self.median = median
        self.high = high
    }

    /// One landmark's term: its position and the typical distance with its spread below and above it
    /// (radians on the unit sphere).
    struct Term {
        let centre: UnitVector
        let typical: Double
        let below: Double
        let above: Double
    }

    /// The terms of `used` (sorted by RTT, smallest first).
    func terms(_ used: [(landmark: Landmark, rtt: Double)]) -> [Term] {
        used.prefix(Self.landmarksScored).map { item in
            let m = median.bound(rttMs: item.rtt)
            let floor = 10 + 0.05 * m
            let below = max(floor, (m - min(m, low.bound(rttMs: item.rtt))) / 1.2816)
            let above = max(floor, (max(m, high.bound(rttMs: item.rtt)) - m) / 1.2816)
            return Term(centre: item.landmark.position.vector, typical: m / Earth.radiusKm, below: below / Earth.radiusKm,
                        above: above / Earth.radiusKm)
        }
    }

    /// The log-likelihood (up to a constant) of a device at `point`: minus half the sum of each term's
    /// squared standard score, the spread taken on the side of the typical distance the point lies.
    static func score(_ point: UnitVector, terms: [Term]) -> Double {
        var total = 0.0
        for term in terms {
            // acos of the dot product: ample precision at the spreads used (10 km and more), and cheap.
            let d = acos(min(1, max(-1, point.dot(term.centre)))) - term.typical
            let z = d > 0 ? d / term.above : d / term.below
            total -= 0.5 * z * z
        }
        return total
    }

    /// The likelihood surface over `cells`: each cell's share (likelihood at its centre times its area),
    /// summing to 1, or empty when there are no cells.
    static func surface(_ cells: [(centre: UnitVector, rho: Double, touch: UInt32)], terms: [Term]) -> [Double] {
        let scores = cells.map { score($0.centre, terms: terms) }
        guard let top = scores.max() else { return [] }
        var weights = zip(cells, scores).map { cell, s in exp(s - top) * cell.rho * cell.rho }
        let total = weights.reduce(0, +)
        guard total > 0 else { return [] }
        for i in weights.indices { weights[i] /= total }
        return weights
    }

    /// The surface's mean position (the estimate), or nil for an empty surface.
    static func mean(_ cells: [(centre: UnitVector, rho: Double, touch: UInt32)], weights: [Double]) -> UnitVector? {
        var x = 0.0, y = 0.0, z = 0.0
        for (cell, w) in zip(cells, weights) {
            x += w * cell.centre.x
            y += w * cell.centre.y
            z += w * cell.centre.z
        }
        return UnitVector(x: x, y: y, z: z).normalised
    }
}
