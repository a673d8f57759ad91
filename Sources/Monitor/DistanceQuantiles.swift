import Foundation

/// How far apart two landmarks typically are for a given RTT: an upper quantile of the great-circle distance
/// among calibration pairs of similar RTT, as a non-decreasing piecewise-linear function of the RTT.
///
/// Pooled over all trusted landmark pairs: RTT is mostly path, and one landmark's own pairs are too few to
/// say what its short RTTs mean. Non-decreasing by construction, so a larger RTT never gives a smaller bound.
public struct DistanceQuantiles: Sendable, Hashable {
    /// The knots: RTTs (ms, increasing) and their distance bounds (km, non-decreasing).
    public let rttMs: [Double]
    /// The distance bound at each knot, km.
    public let distanceKm: [Double]
    /// The quantile fitted.
    public let quantile: Double

    /// The fewest pairs a knot is computed from.
    static let pairsPerKnot = 40

    /// The `quantile` (0.5 to 1) of distance over pairs grouped by RTT, or nil with fewer than `pairsPerKnot` pairs.
    public static func fit(_ points: [(d: Double, r: Double)], quantile: Double) -> DistanceQuantiles? {
        guard points.count >= pairsPerKnot else { return nil }
        let sorted = points.sorted { $0.r < $1.r }
        var rtts: [Double] = [], distances: [Double] = []
        var start = 0
        while start < sorted.count {
            var end = min(sorted.count, start + pairsPerKnot)
            if sorted.count - end < pairsPerKnot { end = sorted.count }
            let group = sorted[start..<end].map(\.d).sorted()
            let q = group[min(group.count - 1, Int((Double(group.count - 1) * quantile).rounded(.up)))]
            rtts.append(sorted[end - 1].r)
            distances.append(max(q, distances.last ?? 0))
            start = end
        }
        return DistanceQuantiles(rttMs: rtts, distanceKm: distances, quantile: quantile)
    }

    /// The typical largest distance for `rtt` (ms): interpolated between knots, proportional to the RTT
    /// below the first knot and beyond the last.
    public func bound(rttMs rtt: Double) -> Double {
        guard let firstR = rttMs.first, let firstD = distanceKm.first, let lastR = rttMs.last, let lastD = distanceKm.last else {
            return .infinity
        }
        if rtt <= firstR { return firstD * rtt / max(firstR, 1e-9) }
        if rtt >= lastR { return lastD * rtt / max(lastR, 1e-9) }
        var low = 0, high = rttMs.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if rttMs[mid] <= rtt { low = mid } else { high = mid }
        }
        let span = rttMs[high] - rttMs[low]
        let t = span > 0 ? (rtt - rttMs[low]) / span : 1
        return distanceKm[low] + t * (distanceKm[high] - distanceKm[low])
    }
}
