import Foundation

extension Locator {
    /// The statistical position estimate: starting from the centre of `region`, the point on the sphere that
    /// best fits the nearest landmarks' typical (median) distances for their RTTs, weighted towards the
    /// nearest; the radius is the farthest point of `region` from it. Without a median model (or with
    /// `multilaterationLandmarks` 0) it is the region's centroid (classic CBG).
    func estimate(_ region: RegionSurvey, used: [(landmark: Landmark, rtt: Double)]) -> Estimate? {
        guard var x = region.centroid else { return nil }
        let count = min(model.multilaterationLandmarks, used.count)
        if count >= 3, let median = medianDistances {
            let targets = used.prefix(count).map { (centre: $0.landmark.position.vector, distance: median.bound(rttMs: $0.rtt) / Earth.radiusKm) }
            let weights = targets.map { 1 / pow($0.distance * Earth.radiusKm + 100, 2) }
            func cost(_ p: UnitVector) -> Double {
                zip(targets, weights).reduce(0) { $0 + $1.1 * pow(p.angle(to: $1.0.centre) - $1.0.distance, 2) }
            }
            var current = cost(x)
            var step = 300 / Earth.radiusKm
            for _ in 0..<60 where step > 0.5 / Earth.radiusKm {
                // The gradient in the tangent plane at x.
                var gx = 0.0, gy = 0.0, gz = 0.0
                for (target, weight) in zip(targets, weights) {
                    let angle = x.angle(to: target.centre)
                    guard angle > 1e-9 else { continue }
                    let c = x.dot(target.centre)
                    // The unit tangent at x pointing away from the landmark.
                    guard let away = UnitVector(x: x.x * c - target.centre.x, y: x.y * c - target.centre.y, z: x.z * c - target.centre.z).normalised
                    else { continue }
                    let g = 2 * weight * (angle - target.distance)
                    gx += g * away.x
                    gy += g * away.y
                    gz += g * away.z
                }
                guard let direction = UnitVector(x: -gx, y: -gy, z: -gz).normalised else { break }
                guard let next = UnitVector(x: x.x + direction.x * step, y: x.y + direction.y * step, z: x.z + direction.z * step).normalised
                else { break }
                let value = cost(next)
                if value < current {
                    x = next
                    current = value
                    step *= 1.2
                } else {
                    step /= 2
                }
            }
        }
        return Estimate(position: x.point, radiusKm: region.coveringRadius(from: x) * Earth.radiusKm)
    }
}
