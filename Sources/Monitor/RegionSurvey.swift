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
/// and the areas every counted cell lies inside. It depends on no claim, so one survey serves every claim
/// about the same round.
struct RegionSurvey {
    var touchedSets = Set<UInt32>()
    var counted = 0
    /// The areas containing every counted cell (nil before the first).
    var insideAll: [UInt16]?
    var sumX = 0.0, sumY = 0.0, sumZ = 0.0
    var cells: [(centre: UnitVector, rho: Double, touch: UInt32)] = []

    /// Whether some point may satisfy every cap (false is a proof that none does).
    var nonEmpty: Bool { counted > 0 }

    /// The area-weighted centre of the counted cells.
    var centroid: UnitVector? { UnitVector(x: sumX, y: sumY, z: sumZ).normalised }

    /// Whether every counted cell lies inside `area` (false for an empty survey).
    func inside(_ area: UInt16) -> Bool { insideAll?.contains(area) ?? false }

    /// Whether every counted cell lies inside `site` (false for an empty survey).
    func inside(_ site: Cap) -> Bool {
        counted > 0 && cells.allSatisfy { $0.centre.angle(to: site.centre) + $0.rho <= site.radius }
    }

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
    /// finest cells where a boundary runs).
    /// With `misses` above 0 the region is the set of points outside at most that many caps (robust to a few
    /// wrong bounds); it still only grows when a cap grows.
    func survey(_ caps: [Cap], toleranceKm: Double, misses: Int = 0) -> RegionSurvey {
        let survey = RegionSurvey()
        let active = misses > 0 ? Self.smallestFirst(caps) : Self.essential(caps)
        guard let smallest = active.first else { return survey }
        if active.count > 1 && misses == 0 {
            for index in 1..<active.count where active[index].centre.angle(to: smallest.centre) > active[index].radius + smallest.radius {
                return survey
            }
        }
        let scale = misses > 0 ? active[min(active.count - 1, misses)].radiusKm : smallest.radiusKm
        var walk = Walk(index: self, grid: grid, caps: active,
                        tolerance: max(toleranceKm, 0.04 * scale) / Earth.radiusKm, misses: misses, survey: survey)
        let all: UInt64 = active.count == 64 ? .max : (UInt64(1) << UInt64(active.count)) - 1
        // Every point of the region lies in one of the misses + 1 smallest caps.
        let gates = Array(active.prefix(misses + 1))
        for (number, root) in roots.enumerated() {
            let row = number / GridGeometry.rootColumns, column = number % GridGeometry.rootColumns
            let centre = grid.centre(depth: 0, row: row, column: column), rho = grid.rho[0][row]
            guard gates.contains(where: { $0.radius + rho >= .pi || centre.angle(to: $0.centre) <= $0.radius + rho }) else { continue }
            walk.visit(Int(root), depth: 0, row: number / GridGeometry.rootColumns, column: number % GridGeometry.rootColumns, mask: all,
                       missed: 0)
        }
        return walk.survey
    }

    /// The usable caps (smaller than the whole sphere), smallest first, at most `capLimit`.
    static func smallestFirst(_ caps: [Cap]) -> [Cap] {
        Array(caps.filter { $0.radius < .pi }.sorted { $0.radius < $1.radius }.prefix(capLimit))
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
        let tolerance: Double
        let misses: Int
        var survey: RegionSurvey

        enum Fit { case outside, inside, partial(UInt64) }

        /// How the cell lies against the caps in `mask`; `missed` counts caps it lies wholly outside (more than
        /// `misses` of them and it is outside the region).
        @inline(__always) func fit(_ centre: UnitVector, rho: Double, cosRho: Double, sinRho: Double, mask: UInt64, missed: inout Int) -> Fit {
            var remaining: UInt64 = 0
            var bits = mask
            while bits != 0 {
                let bit = bits.trailingZeroBitCount
                bits &= bits - 1
                let cap = caps[bit]
                let cosDistance = centre.dot(cap.centre)
                // Outside when distance > radius + rho, i.e. cos(distance) < cos(radius + rho).
                if cap.radius + rho < .pi && cosDistance < cap.cosRadius * cosRho - cap.sinRadius * sinRho - 1e-12 {
                    missed += 1
                    if missed > misses { return .outside }
                    continue
                }
                // Inside when distance + rho <= radius, i.e. cos(distance) >= cos(radius - rho).
                let inside = rho <= cap.radius && cosDistance > cap.cosRadius * cosRho + cap.sinRadius * sinRho + 1e-12
                if !inside { remaining |= UInt64(1) << UInt64(bit) }
            }
            // Inside the region when even breaking every cap it straddles stays within the misses allowed.
            return remaining.nonzeroBitCount + missed <= misses ? .inside : .partial(remaining)
        }

        /// Visits an index cell, or (node < 0) a finer cell below an index leaf with the leaf's labels.
        mutating func visit(_ node: Int, depth: Int, row: Int, column: Int, mask: UInt64, missed: Int, labels: (UInt32, UInt32)? = nil) {
            var missed = missed
            let centre = grid.centre(depth: depth, row: row, column: column)
            let rho = grid.rho[depth][row]
            let touch = labels?.0 ?? index.touch[node], inside = labels?.1 ?? index.inside[node]
            switch fit(centre, rho: rho, cosRho: grid.cosRho[depth][row], sinRho: grid.sinRho[depth][row], mask: mask, missed: &missed) {
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
                              column: column * 2 + east, mask: remaining, missed: missed)
                    } else {
                        // Below the index's cells the labels do not change; only the region's outline is refined.
                        visit(-1, depth: depth + 1, row: row * 2 + north, column: column * 2 + east, mask: remaining,
                              missed: missed, labels: (touch, inside))
                    }
                }
            }
        }

        mutating func count(_ centre: UnitVector, rho: Double, touch: UInt32, inside: UInt32, full: Bool) {
            survey.counted += 1
            survey.touchedSets.insert(touch)
            if let current = survey.insideAll {
                if !current.isEmpty { survey.insideAll = current.filter { index.setContains(inside, $0) } }
            } else {
                survey.insideAll = index.sets[Int(inside)]
            }
            let weight = rho * rho * (full ? 1 : 0.5)
            survey.sumX += centre.x * weight
            survey.sumY += centre.y * weight
            survey.sumZ += centre.z * weight
            survey.cells.append((centre, rho, touch))
        }
    }

    /// The codes of the areas in `sets`, sorted.
    func codes(of sets: Set<UInt32>) -> [String] {
        var areas = Set<UInt16>()
        for set in sets { areas.formUnion(self.sets[Int(set)]) }
        return areas.map { codes[Int($0)] }.sorted()
    }
}
