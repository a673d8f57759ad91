import Foundation

/// Which areas (countries and sanctioned regions) each part of the globe can belong to: a quadtree of
/// latitude/longitude cells built by `BoundaryIndexBuilder`, with per cell the areas that may touch it and
/// the areas that surely contain it. Immutable, `Sendable`, shared by every query.
public struct BoundaryIndex: Sendable {
    /// The area codes, by area number.
    public let codes: [String]
    /// Whether each area can be proven to contain a region.
    public let provable: [Bool]
    let sets: [[UInt16]]
    let touch: [UInt32]
    let inside: [UInt32]
    let hasChildren: [Bool]
    /// Each node's slot in `children` (its four children are `children[4 * slot ..< 4 * slot + 4]`), or -1 for a leaf.
    let childSlot: [Int32]
    /// Child node numbers, four per split node: south-west, south-east, north-west, north-east.
    let children: [Int32]
    let maxDepth: Int
    let grid: GridGeometry
    let roots: [Int32]
    let areaNumbers: [String: UInt16]

    init(codes: [String], provable: [Bool], sets: [[UInt16]], touch: [UInt32], inside: [UInt32], hasChildren: [Bool], maxDepth: Int) {
        self.codes = codes
        self.provable = provable
        self.sets = sets
        self.touch = touch
        self.inside = inside
        self.hasChildren = hasChildren
        self.maxDepth = maxDepth
        var childSlot = [Int32](repeating: -1, count: touch.count)
        var children: [Int32] = []
        var roots: [Int32] = []
        var next = 0
        func walk() -> Int {
            let index = next
            next += 1
            guard index < hasChildren.count, hasChildren[index] else { return index }
            var four: [Int32] = []
            for _ in 0..<4 { four.append(Int32(walk())) }
            childSlot[index] = Int32(children.count / 4)
            children.append(contentsOf: four)
            return index
        }
        for _ in 0..<GridGeometry.rootCount where next < touch.count { roots.append(Int32(walk())) }
        self.childSlot = childSlot
        self.children = children
        self.roots = roots
        self.grid = GridGeometry(depths: GridGeometry.finestDepth)
        self.areaNumbers = Dictionary(codes.enumerated().map { ($1, UInt16($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The area number of a code, or nil when the index does not know it.
    public func area(_ code: String) -> UInt16? { areaNumbers[code] }

    /// How many cells the index holds.
    public var cellCount: Int { touch.count }

    /// The codes of the areas that may hold `point` and that surely hold it (the finest cell containing it).
    public func areas(at point: GeoPoint) -> (touching: [String], inside: [String]) {
        let step = BoundaryIndexBuilder.rootDegrees
        var row = min(GridGeometry.rootRows - 1, Int((point.latitude + 90) / step))
        var col = min(GridGeometry.rootColumns - 1, Int((point.longitude + 180) / step))
        var node = Int(roots[row * GridGeometry.rootColumns + col])
        var size = step
        while childSlot[node] >= 0 {
            size /= 2
            let north = point.latitude >= -90 + Double(row * 2 + 1) * size ? 1 : 0
            let east = point.longitude >= -180 + Double(col * 2 + 1) * size ? 1 : 0
            row = row * 2 + north
            col = col * 2 + east
            node = Int(children[Int(childSlot[node]) * 4 + north * 2 + east])
        }
        return (sets[Int(touch[node])].map { codes[Int($0)] }, sets[Int(inside[node])].map { codes[Int($0)] })
    }

    func setContains(_ set: UInt32, _ area: UInt16) -> Bool {
        let members = sets[Int(set)]
        var low = 0, high = members.count
        while low < high {
            let mid = (low + high) / 2
            if members[mid] < area { low = mid + 1 } else { high = mid }
        }
        return low < members.count && members[low] == area
    }
}
