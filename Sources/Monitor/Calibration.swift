import Foundation

/// A landmark-to-landmark RTT that breaks the speed bound: the two cannot both be where their labels say.
public struct SpeedViolation: Sendable, Hashable {
    /// One landmark.
    public let a: String
    /// The other.
    public let b: String
    /// Their RTT, ms.
    public let rttMs: Double
    /// The great-circle distance between the labelled positions.
    public let distanceKm: Double
    /// The farthest apart the RTT allows them to be: rtt / 2 * v.
    public let maxDistanceKm: Double
}

/// A landmark the engine stopped trusting, and the pairs that convicted it.
public struct DistrustedLandmark: Sendable, Hashable {
    /// The landmark.
    public let landmark: String
    /// The pairs involving it that break the speed bound.
    public let violations: [SpeedViolation]
}

/// A landmark's delay-distance line, rtt >= slope * distance + intercept, fitted below all its calibration
/// points (constraint-based geolocation's "bestline").
public struct DelayLine: Sendable, Hashable {
    /// Milliseconds of RTT per km (at least 2 / v).
    public let slopeMsPerKm: Double
    /// Milliseconds of RTT at distance 0 (access and processing), at least 0.
    public let interceptMs: Double
    /// How many calibration pairs it was fitted to.
    public let pairs: Int

    /// The distance the line allows for `rttMs`, at least 0.
    @inline(__always) public func distanceKm(rttMs: Double) -> Double { max(0, (rttMs - interceptMs) / slopeMsPerKm) }

    /// The bestline of `points` (distance km, rtt ms): the line below every point with slope >= `minimumSlope`
    /// and intercept >= 0 that is closest to them (least total vertical gap), or nil with fewer than 2 points.
    static func bestline(_ points: [(d: Double, r: Double)], minimumSlope: Double) -> DelayLine? {
        guard points.count >= 2 else { return nil }
        let sorted = points.sorted { $0.d == $1.d ? $0.r < $1.r : $0.d < $1.d }
        var hull: [(d: Double, r: Double)] = []
        for p in sorted {
            while hull.count >= 2 {
                let a = hull[hull.count - 2], b = hull[hull.count - 1]
                if (b.d - a.d) * (p.r - a.r) - (b.r - a.r) * (p.d - a.d) <= 0 { hull.removeLast() } else { break }
            }
            hull.append(p)
        }
        var candidates: [(m: Double, b: Double)] = []
        for (p, q) in zip(hull, hull.dropFirst()) where q.d > p.d {
            let m = (q.r - p.r) / (q.d - p.d)
            candidates.append((m, p.r - m * p.d))
        }
        candidates.append((minimumSlope, sorted.map { $0.r - minimumSlope * $0.d }.min() ?? 0))
        let throughOrigin = sorted.filter { $0.d > 0 }.map { $0.r / $0.d }.min()
        if let throughOrigin { candidates.append((throughOrigin, 0)) }
        let total = sorted.reduce(0) { $0 + $1.d }, n = Double(sorted.count)
        var best: (m: Double, b: Double)?
        for candidate in candidates where candidate.m >= minimumSlope - 1e-12 && candidate.b >= -1e-9 {
            let feasible = sorted.allSatisfy { $0.r >= candidate.m * $0.d + candidate.b - 1e-9 }
            guard feasible else { continue }
            if let current = best, current.m * total + current.b * n >= candidate.m * total + candidate.b * n { continue }
            best = candidate
        }
        guard let best else { return nil }
        return DelayLine(slopeMsPerKm: max(minimumSlope, best.m), interceptMs: max(0, best.b), pairs: sorted.count)
    }
}

/// What the landmark-to-landmark RTTs teach: which landmarks cannot be trusted (their mutual RTTs break the
/// speed bound) and each trusted landmark's delay-distance line.
public struct Calibration: Sendable {
    /// The speed the bounds assume.
    public let speed: SignalSpeed
    /// The distrusted landmarks with their evidence, by id.
    public let distrusted: [DistrustedLandmark]
    /// Each trusted landmark's bestline, when it had calibration pairs.
    public let lines: [String: DelayLine]
    /// Every trusted landmark pair as (great-circle distance km, RTT ms): what the pooled bounds are fitted to.
    public let pooled: [(d: Double, r: Double)]

    /// Calibration from `pairs` between `landmarks` (pairs naming unknown landmarks are the caller's error to
    /// refuse; here they are skipped). Distrust: every pair whose RTT allows less than the labelled distance is
    /// a violation; the landmark in the most violations is distrusted, repeatedly; when every remaining
    /// violation is a lone pair, both ends are (the engine cannot tell which is wrong, so it trusts neither).
    public init(landmarks: [Landmark], pairs: [LandmarkPair], speed: SignalSpeed) {
        self.speed = speed
        let byID = Dictionary(landmarks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var best: [String: [String: Double]] = [:]
        for pair in pairs where pair.a != pair.b && byID[pair.a] != nil && byID[pair.b] != nil {
            let current = best[pair.a]?[pair.b] ?? .infinity
            if pair.rttMs < current {
                best[pair.a, default: [:]][pair.b] = pair.rttMs
                best[pair.b, default: [:]][pair.a] = pair.rttMs
            }
        }
        var violations: [SpeedViolation] = []
        for (a, row) in best {
            for (b, rtt) in row where a < b {
                guard let pa = byID[a]?.position, let pb = byID[b]?.position else { continue }
                let distance = Earth.distanceKm(pa, pb), allowed = speed.maxDistanceKm(rttMs: rtt)
                if distance > allowed {
                    violations.append(SpeedViolation(a: a, b: b, rttMs: rtt, distanceKm: distance, maxDistanceKm: allowed))
                }
            }
        }
        var distrustedIDs = Set<String>()
        var open = violations
        while !open.isEmpty {
            var counts: [String: Int] = [:]
            for v in open {
                counts[v.a, default: 0] += 1
                counts[v.b, default: 0] += 1
            }
            let most = counts.values.max() ?? 0
            let convicted = most >= 2 ? Set(counts.filter { $0.value == most }.map(\.key)) : Set(counts.keys)
            distrustedIDs.formUnion(convicted)
            open.removeAll { convicted.contains($0.a) || convicted.contains($0.b) }
        }
        distrusted = distrustedIDs.sorted().map { id in
            DistrustedLandmark(landmark: id, violations: violations.filter { $0.a == id || $0.b == id }.sorted { ($0.a, $0.b) < ($1.a, $1.b) })
        }
        var lines: [String: DelayLine] = [:]
        var pooled: [(d: Double, r: Double)] = []
        let minimumSlope = 2 / speed.kmPerMs
        for (id, row) in best where !distrustedIDs.contains(id) {
            guard let position = byID[id]?.position else { continue }
            let points = row.compactMap { other, rtt -> (d: Double, r: Double)? in
                guard !distrustedIDs.contains(other), let p = byID[other]?.position else { return nil }
                return (Earth.distanceKm(position, p), rtt)
            }
            lines[id] = DelayLine.bestline(points, minimumSlope: minimumSlope)
            pooled += row.compactMap { other, rtt -> (d: Double, r: Double)? in
                guard id < other, !distrustedIDs.contains(other), let p = byID[other]?.position else { return nil }
                return (Earth.distanceKm(position, p), rtt)
            }
        }
        self.lines = lines
        self.pooled = pooled
    }

    /// Whether the calibration distrusts `landmark`.
    public func distrusts(_ landmark: String) -> Bool { distrusted.contains { $0.landmark == landmark } }
}
