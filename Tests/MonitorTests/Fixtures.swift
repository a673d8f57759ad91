import BundledData
import Foundation
@testable import Monitor

/// The bundled boundary index, read once for the whole test run.
enum Bundled {
    static let index: BoundaryIndex = {
        do {
            return try BoundaryIndex(encoded: Data(contentsOf: BundledData.boundaryIndexFile), file: "boundaries.index")
        } catch {
            fatalError("the bundled boundary index does not load: \(error)")
        }
    }()
}

/// A point, for tests (coordinates written in the test are valid).
func point(_ latitude: Double, _ longitude: Double) -> GeoPoint {
    guard let p = GeoPoint(latitude: latitude, longitude: longitude) else { fatalError("bad test coordinates") }
    return p
}

/// A landmark at a place.
func landmark(_ id: String, _ latitude: Double, _ longitude: Double, _ country: String) -> Landmark {
    Landmark(id: id, position: point(latitude, longitude), country: country)
}

/// The RTT (ms) light in fibre needs for the great-circle distance between two points, times `factor`.
func fibreRTT(_ a: GeoPoint, _ b: GeoPoint, factor: Double = 1) -> Double {
    max(0.05, 2 * Earth.distanceKm(a, b) / SignalSpeed.fibre.kmPerMs * factor)
}

/// A tiny seeded generator (SplitMix64), so property tests are repeatable.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func uniform(_ range: ClosedRange<Double>) -> Double { range.lowerBound + unit() * (range.upperBound - range.lowerBound) }
}
