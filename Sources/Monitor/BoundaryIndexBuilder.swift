import Foundation

/// Builds a `BoundaryIndex` from area shapes: a quadtree of latitude/longitude cells (10 degree roots split
/// `maxDepth` times), each cell labelled with the areas that may touch it and the areas that surely contain it.
///
/// Soundness: a cell is said to lie wholly inside an area only when no boundary segment of that area comes
/// within `marginKm` of the cell and the cell's centre is inside; any area with a segment that near is only
/// "touching". Segments are read as straight lines in longitude/latitude; on the Natural Earth 1:10m data
/// the largest gap between such a line and the great-circle arc between the same vertices is 49 m, far
/// inside the 1 km margin, so either reading of the boundary gives the same labels.
public struct BoundaryIndexBuilder: Sendable {
    /// The root cell size in degrees.
    public static let rootDegrees = 10.0
    /// How many times a root cell with a boundary in it is split in four.
    public let maxDepth: Int
    /// How far (km) a boundary must stay from a cell for the cell to count as inside an area.
    public let marginKm: Double

    /// A builder; the bundled index uses depth 7 (cells of 0.078 degrees, about 8.7 km) and a 1 km margin.
    public init(maxDepth: Int = 7, marginKm: Double = 1) {
        self.maxDepth = maxDepth
        self.marginKm = marginKm
    }

    struct Segment {
        var lon0, lat0, lon1, lat1: Double
        var area: UInt16
    }

    /// The index of `shapes` (at most 65,535 areas).
    public func build(_ shapes: [AreaShape]) -> BoundaryIndex {
        var segments: [Segment] = []
        for (area, shape) in shapes.enumerated() {
            for ring in shape.rings { Self.addRing(ring, area: UInt16(area), to: &segments) }
        }
        let locator = PointLocator(segments: segments, areaCount: shapes.count)
        var state = BuildState(shapes: shapes)
        let rows = Int(180 / Self.rootDegrees), cols = Int(360 / Self.rootDegrees)
        var rootBuckets = [[Int32]](repeating: [], count: rows * cols)
        let pad = marginKm / 111.0 + 1e-9
        for (index, segment) in segments.enumerated() {
            let minLat = min(segment.lat0, segment.lat1) - pad, maxLat = max(segment.lat0, segment.lat1) + pad
            let minLon = min(segment.lon0, segment.lon1), maxLon = max(segment.lon0, segment.lon1)
            let r0 = max(0, Int(floor((minLat + 90) / Self.rootDegrees))), r1 = min(rows - 1, Int(floor((maxLat + 90) / Self.rootDegrees)))
            guard r0 <= r1 else { continue }
            for row in r0...r1 {
                // Longitude margins grow towards the poles; near them take the whole row.
                let lat = max(abs(-90 + Double(row) * Self.rootDegrees), abs(-90 + Double(row + 1) * Self.rootDegrees))
                let lonPad = Self.lonPad(marginKm: marginKm, maxAbsLat: lat)
                let c0 = max(0, Int(floor((minLon - lonPad + 180) / Self.rootDegrees)))
                let c1 = min(cols - 1, Int(floor((maxLon + lonPad + 180) / Self.rootDegrees)))
                guard c0 <= c1 else { continue }
                for col in c0...c1 { rootBuckets[row * cols + col].append(Int32(index)) }
            }
        }
        for row in 0..<rows {
            for col in 0..<cols {
                let cell = Cell(lat0: -90 + Double(row) * Self.rootDegrees, lon0: -180 + Double(col) * Self.rootDegrees, size: Self.rootDegrees)
                node(cell, depth: 0, candidates: rootBuckets[row * cols + col], segments: segments, locator: locator, state: &state)
            }
        }
        return BoundaryIndex(
            codes: shapes.map(\.code), provable: shapes.map(\.provable), sets: state.sets,
            touch: state.touch, inside: state.inside, hasChildren: state.hasChildren, maxDepth: maxDepth)
    }

    struct Cell {
        var lat0: Double
        var lon0: Double
        var size: Double
    }

    struct BuildState {
        var sets: [[UInt16]] = [[]]
        var setIDs: [[UInt16]: UInt32] = [[]: 0]
        var touch: [UInt32] = []
        var inside: [UInt32] = []
        var hasChildren: [Bool] = []
        let provable: [Bool]

        init(shapes: [AreaShape]) { provable = shapes.map(\.provable) }

        mutating func intern(_ areas: [UInt16]) -> UInt32 {
            let key = areas.sorted()
            if let id = setIDs[key] { return id }
            let id = UInt32(sets.count)
            sets.append(key)
            setIDs[key] = id
            return id
        }
    }

    private func node(_ cell: Cell, depth: Int, candidates: [Int32], segments: [Segment], locator: PointLocator, state: inout BuildState) {
        let lat1 = cell.lat0 + cell.size, lon1 = cell.lon0 + cell.size
        let latPad = marginKm / 111.0 + 1e-9
        let lonPad = Self.lonPad(marginKm: marginKm, maxAbsLat: max(abs(cell.lat0), abs(lat1)) + latPad)
        let box = (cell.lon0 - lonPad, cell.lat0 - latPad, lon1 + lonPad, lat1 + latPad)
        let near = candidates.filter { Self.intersects(segments[Int($0)], box) }
        let centre = locator.areas(lon: cell.lon0 + cell.size / 2, lat: cell.lat0 + cell.size / 2)
        var boundary = Set<UInt16>()
        for index in near { boundary.insert(segments[Int(index)].area) }
        let touch = Array(Set(centre).union(boundary))
        let inside = centre.filter { !boundary.contains($0) && state.provable[Int($0)] }
        state.touch.append(state.intern(touch))
        state.inside.append(state.intern(inside))
        let split = !near.isEmpty && depth < maxDepth
        state.hasChildren.append(split)
        guard split else { return }
        let half = cell.size / 2
        for (dLat, dLon) in [(0.0, 0.0), (0.0, half), (half, 0.0), (half, half)] {
            node(Cell(lat0: cell.lat0 + dLat, lon0: cell.lon0 + dLon, size: half), depth: depth + 1, candidates: near,
                segments: segments, locator: locator, state: &state)
        }
    }

    static func lonPad(marginKm: Double, maxAbsLat: Double) -> Double {
        let c = cos(min(89.9, maxAbsLat) * .pi / 180)
        return min(360, marginKm / (111.0 * c)) + 1e-9
    }

    /// Whether the segment meets the box (minLon, minLat, maxLon, maxLat): Liang-Barsky clipping.
    static func intersects(_ s: Segment, _ box: (Double, Double, Double, Double)) -> Bool {
        if max(s.lon0, s.lon1) < box.0 || min(s.lon0, s.lon1) > box.2 || max(s.lat0, s.lat1) < box.1 || min(s.lat0, s.lat1) > box.3 {
            return false
        }
        let dx = s.lon1 - s.lon0, dy = s.lat1 - s.lat0
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, s.lon0 - box.0), (dx, box.2 - s.lon0), (-dy, s.lat0 - box.1), (dy, box.3 - s.lat0)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let r = q / p
                if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
                if t0 > t1 { return false }
            }
        }
        return true
    }

    /// Adds a ring's edges: longitudes unwrapped across the antimeridian, a ring around a pole closed along
    /// it, and edges reaching past +-180 degrees copied shifted by 360 so every cell sees them.
    static func addRing(_ ring: [LonLat], area: UInt16, to segments: inout [Segment]) {
        guard var previous = ring.first else { return }
        var points = [previous]
        for point in ring.dropFirst() + [ring[0]] {
            var lon = point.lon
            while lon - previous.lon > 180 { lon -= 360 }
            while lon - previous.lon < -180 { lon += 360 }
            previous = LonLat(lon: lon, lat: point.lat)
            points.append(previous)
        }
        if let first = points.first, let last = points.last, abs(last.lon - first.lon) > 180 {
            // The ring winds around a pole: close it along the pole's parallel.
            let pole = points.map(\.lat).reduce(0, +) < 0 ? -90.0 : 90.0
            points.append(LonLat(lon: last.lon, lat: pole))
            points.append(LonLat(lon: first.lon, lat: pole))
            points.append(first)
        }
        for (p, q) in zip(points, points.dropFirst()) where p != q {
            let segment = Segment(lon0: p.lon, lat0: p.lat, lon1: q.lon, lat1: q.lat, area: area)
            segments.append(segment)
            for shift in [-360.0, 360.0] {
                let lo = min(p.lon, q.lon) + shift, hi = max(p.lon, q.lon) + shift
                if hi >= -180 && lo <= 180 {
                    segments.append(Segment(lon0: p.lon + shift, lat0: p.lat, lon1: q.lon + shift, lat1: q.lat, area: area))
                }
            }
        }
    }
}

/// Even-odd point-in-area tests by a ray due north, over edges bucketed by longitude.
struct PointLocator {
    static let binDegrees = 0.25
    let segments: [BoundaryIndexBuilder.Segment]
    let bins: [[Int32]]
    let areaCount: Int

    init(segments: [BoundaryIndexBuilder.Segment], areaCount: Int) {
        self.segments = segments
        self.areaCount = areaCount
        let count = Int(360 / Self.binDegrees)
        var bins = [[Int32]](repeating: [], count: count)
        for (index, s) in segments.enumerated() {
            let lo = min(s.lon0, s.lon1), hi = max(s.lon0, s.lon1)
            guard hi >= -180, lo <= 180 else { continue }
            let b0 = min(count - 1, max(0, Int(floor((lo + 180) / Self.binDegrees)))), b1 = min(count - 1, Int(floor((hi + 180) / Self.binDegrees)))
            for bin in b0...b1 { bins[bin].append(Int32(index)) }
        }
        self.bins = bins
    }

    /// The areas whose rings hold the point (planar even-odd rule in longitude/latitude).
    func areas(lon: Double, lat: Double) -> [UInt16] {
        let bin = min(bins.count - 1, max(0, Int(floor((lon + 180) / Self.binDegrees))))
        var parity: [UInt16: Bool] = [:]
        for index in bins[bin] {
            let s = segments[Int(index)]
            guard (s.lon0 <= lon) != (s.lon1 <= lon) else { continue }
            let crossing = s.lat0 + (lon - s.lon0) * (s.lat1 - s.lat0) / (s.lon1 - s.lon0)
            if crossing > lat { parity[s.area, default: false].toggle() }
        }
        return parity.filter(\.value).map(\.key).sorted()
    }
}
