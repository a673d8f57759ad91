import Foundation

/// A spherical cap: every point within `radius` (a central angle in radians) of `centre`.
public struct Cap: Sendable {
    /// The cap's centre.
    public let centre: UnitVector
    /// The central angle of its radius, in radians.
    public let radius: Double
    let cosRadius: Double
    let sinRadius: Double

    /// The cap of points within `radiusKm` of `centre` on the engine's sphere.
    public init(centre: GeoPoint, radiusKm: Double) {
        self.init(centre: centre.vector, radius: max(0, radiusKm) / Earth.radiusKm)
    }

    init(centre: UnitVector, radius: Double) {
        self.centre = centre
        self.radius = radius
        cosRadius = cos(radius)
        sinRadius = sin(radius)
    }

    /// The radius in km.
    public var radiusKm: Double { radius * Earth.radiusKm }
}

/// What a walk of the boundary index over the intersection of some caps found: an over-approximation of
/// the region by cells (every point of the region lies in a counted cell), the areas those cells may touch,
/// and whether every counted cell lies inside a target area or site.
struct RegionSurvey {
    var touchedSets = Set<UInt32>()
    var counted = 0
    var allInside = true
    var allInSite = true
    var sumX = 0.0, sumY = 0.0, sumZ = 0.0
    var cells: [(centre: UnitVector, rho: Double)] = []

    /// Whether some point may satisfy every cap (false is a proof that none does).
    var nonEmpty: Bool { counted > 0 }

    /// The area-weighted centre of the counted cells.
    var centroid: UnitVector? { UnitVector(x: sumX, y: sumY, z: sumZ).normalised }

    /// The largest distance (radians) from `point` to any point of the counted cells.
    func coveringRadius(from point: UnitVector) -> Double {
        cells.reduce(0) { max($0, point.angle(to: $1.centre) + $1.rho) }
    }
}

extension BoundaryIndex {
    /// The most caps one walk tests (after dropping caps that contain a smaller one); beyond it the widest
    /// are dropped, which only enlarges the region (sound).
    static let capLimit = 64

    /// Walks the cells meeting the intersection of `caps`, down to cells of `toleranceKm` (or the index's
    /// finest cells where a boundary runs), checking each against `target` (an area) and `site`.
    func survey(_ caps: [Cap], target: UInt16?, site: Cap?, toleranceKm: Double) -> RegionSurvey {
        var survey = RegionSurvey()
        let active = Self.essential(caps)
        guard let smallest = active.first else { return survey }
        if active.count > 1 {
            for index in 1..<active.count where active[index].centre.angle(to: smallest.centre) > active[index].radius + smallest.radius {
                return survey
            }
        }
        var walk = Walk(index: self, grid: grid, caps: active, target: target, site: site,
                        tolerance: max(toleranceKm, 0.02 * smallest.radiusKm) / Earth.radiusKm, survey: survey)
        let all: UInt64 = active.count == 64 ? .max : (UInt64(1) << UInt64(active.count)) - 1
        for (number, root) in roots.enumerated() {
            walk.visit(Int(root), depth: 0, row: number / GridGeometry.rootColumns, column: number % GridGeometry.rootColumns, mask: all)
        }
        return walk.survey
    }

    /// The caps that matter: those smaller than a half-sphere-plus that do not contain the smallest cap,
    /// smallest first, at most `capLimit`.
    static func essential(_ caps: [Cap]) -> [Cap] {
        let usable = caps.filter { $0.radius < .pi }.sorted { $0.radius < $1.radius }
        guard let smallest = usable.first else { return [] }
        var kept = [smallest]
        for cap in usable.dropFirst() where cap.radius < cap.centre.angle(to: smallest.centre) + smallest.radius {
            kept.append(cap)
            if kept.count == capLimit { break }
        }
        return kept
    }

    private struct Walk {
        let index: BoundaryIndex
        let grid: GridGeometry
        let caps: [Cap]
        let target: UInt16?
        let site: Cap?
        let tolerance: Double
        var survey: RegionSurvey

        enum Fit { case outside, inside, partial(UInt64) }

        @inline(__always) func fit(_ centre: UnitVector, rho: Double, cosRho: Double, sinRho: Double, mask: UInt64) -> Fit {
            var remaining: UInt64 = 0
            var bits = mask
            while bits != 0 {
                let bit = bits.trailingZeroBitCount
                bits &= bits - 1
                let cap = caps[bit]
                let cosDistance = centre.dot(cap.centre)
                // Outside when distance > radius + rho, i.e. cos(distance) < cos(radius + rho).
                if cap.radius + rho < .pi && cosDistance < cap.cosRadius * cosRho - cap.sinRadius * sinRho - 1e-12 {
                    return .outside
                }
                // Inside when distance + rho <= radius, i.e. cos(distance) >= cos(radius - rho).
                let inside = rho <= cap.radius && cosDistance > cap.cosRadius * cosRho + cap.sinRadius * sinRho + 1e-12
                if !inside { remaining |= UInt64(1) << UInt64(bit) }
            }
            return remaining == 0 ? .inside : .partial(remaining)
        }

        /// Visits an index cell, or (node < 0) a finer cell below an index leaf with the leaf's labels.
        mutating func visit(_ node: Int, depth: Int, row: Int, column: Int, mask: UInt64, labels: (UInt32, UInt32)? = nil) {
            let centre = grid.centre(depth: depth, row: row, column: column)
            let rho = grid.rho[depth][row]
            let touch = labels?.0 ?? index.touch[node], inside = labels?.1 ?? index.inside[node]
            switch fit(centre, rho: rho, cosRho: grid.cosRho[depth][row], sinRho: grid.sinRho[depth][row], mask: mask) {
            case .outside: return
            case .inside: count(centre, rho: rho, touch: touch, inside: inside, full: true)
            case .partial(let remaining):
                if rho <= tolerance || depth == GridGeometry.finestDepth {
                    count(centre, rho: rho, touch: touch, inside: inside, full: false)
                    return
                }
                let slot = labels == nil ? Int(index.childSlot[node]) : -1
                for quadrant in 0..<4 {
                    let north = quadrant >> 1, east = quadrant & 1
                    if slot >= 0 {
                        visit(Int(index.children[slot * 4 + quadrant]), depth: depth + 1, row: row * 2 + north,
                              column: column * 2 + east, mask: remaining)
                    } else {
                        // Below the index's cells the labels do not change; only the region's outline is refined.
                        visit(-1, depth: depth + 1, row: row * 2 + north, column: column * 2 + east, mask: remaining,
                              labels: (touch, inside))
                    }
                }
            }
        }

        mutating func count(_ centre: UnitVector, rho: Double, touch: UInt32, inside: UInt32, full: Bool) {
            survey.counted += 1
            survey.touchedSets.insert(touch)
            if let target, survey.allInside, !index.setContains(inside, target) { survey.allInside = false }
            if let site, survey.allInSite, centre.angle(to: site.centre) + rho > site.radius { survey.allInSite = false }
            let weight = rho * rho * (full ? 1 : 0.5)
            survey.sumX += centre.x * weight
            survey.sumY += centre.y * weight
            survey.sumZ += centre.z * weight
            survey.cells.append((centre, rho))
        }
    }

    /// The codes of the areas in `sets`, sorted.
    func codes(of sets: Set<UInt32>) -> [String] {
        var areas = Set<UInt16>()
        for set in sets { areas.formUnion(self.sets[Int(set)]) }
        return areas.map { codes[Int($0)] }.sorted()
    }
}
