import Foundation

/// The geometry of every latitude/longitude cell the index and its refinement use, in tables: a cell at
/// depth d, row i, column j spans latitudes -90 + i * s ... + s and longitudes -180 + j * s ... + s with
/// s = 10 / 2^d degrees. Its centre's unit vector and its radius (the largest central angle from the
/// centre to a corner, the farthest point of such a cell) depend only on the row and column, so they are
/// computed once here and looked up during walks.
struct GridGeometry: Sendable {
    static let rootRows = 18
    static let rootColumns = 36
    static var rootCount: Int { rootRows * rootColumns }
    /// The deepest level walks refine to (cells of 0.0098 degrees, about 1 km).
    static let finestDepth = 10

    /// Per depth, per row: cos and sin of the centre latitude, and the cell radius with its cos and sin.
    let rowCos: [[Double]]
    let rowSin: [[Double]]
    let rho: [[Double]]
    let cosRho: [[Double]]
    let sinRho: [[Double]]
    /// Per depth, per column: cos and sin of the centre longitude.
    let columnCos: [[Double]]
    let columnSin: [[Double]]

    init(depths: Int) {
        var rowCos: [[Double]] = [], rowSin: [[Double]] = [], rho: [[Double]] = [], cosRho: [[Double]] = [], sinRho: [[Double]] = []
        var columnCos: [[Double]] = [], columnSin: [[Double]] = []
        for depth in 0...depths {
            let size = BoundaryIndexBuilder.rootDegrees / Double(1 << depth)
            let rows = Self.rootRows << depth, columns = Self.rootColumns << depth
            var rc = [Double](repeating: 0, count: rows), rs = rc, r = rc, cr = rc, sr = rc
            for row in 0..<rows {
                let lat0 = -90 + Double(row) * size
                let centre = UnitVector(latitude: lat0 + size / 2, longitude: size / 2)
                var widest = 0.0
                for (lat, lon) in [(lat0, 0.0), (lat0, size), (lat0 + size, 0.0), (lat0 + size, size)] {
                    widest = max(widest, centre.angle(to: UnitVector(latitude: lat, longitude: lon)))
                }
                let phi = (lat0 + size / 2) * .pi / 180
                rc[row] = cos(phi)
                rs[row] = sin(phi)
                // Widened a little so rounding never makes a cell look smaller than it is.
                r[row] = widest * (1 + 1e-9) + 1e-12
                cr[row] = cos(r[row])
                sr[row] = sin(r[row])
            }
            var cc = [Double](repeating: 0, count: columns), cs = cc
            for column in 0..<columns {
                let lambda = (-180 + (Double(column) + 0.5) * size) * .pi / 180
                cc[column] = cos(lambda)
                cs[column] = sin(lambda)
            }
            rowCos.append(rc)
            rowSin.append(rs)
            rho.append(r)
            cosRho.append(cr)
            sinRho.append(sr)
            columnCos.append(cc)
            columnSin.append(cs)
        }
        self.rowCos = rowCos
        self.rowSin = rowSin
        self.rho = rho
        self.cosRho = cosRho
        self.sinRho = sinRho
        self.columnCos = columnCos
        self.columnSin = columnSin
    }

    /// The cell's centre as a unit vector.
    @inline(__always) func centre(depth: Int, row: Int, column: Int) -> UnitVector {
        let c = rowCos[depth][row]
        return UnitVector(x: c * columnCos[depth][column], y: c * columnSin[depth][column], z: rowSin[depth][row])
    }
}
