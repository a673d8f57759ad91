import Foundation
import Monitor

/// The evaluation's counts per continent, for the engine and the baseline, and the adversaries' results.
struct EvalTally {
    struct Counts {
        var devices = Set<String>()
        var falseClaims = 0, trueClaims = 0
        var falseRefuted = 0, trueProven = 0, wrongProven = 0, inconsistent = 0
        var flagged = 0, confirmed = 0, falseConfirmed = 0, trueFlagged = 0
        var errorsKm: [Double] = []

        mutating func add(_ location: Location, truth: Bool, position: GeoPoint) {
            devices.insert(location.device)
            let yes: Set<LikelyVerdict> = [.verified, .likelyVerified], no: Set<LikelyVerdict> = [.violation, .likelyViolation]
            if location.verdict == .inconsistent { inconsistent += 1 }
            if truth {
                trueClaims += 1
                if location.verdict == .verified { trueProven += 1 }
                if location.verdict == .violation { wrongProven += 1 }
                if yes.contains(location.likely) { confirmed += 1 }
                if no.contains(location.likely) { trueFlagged += 1 }
                if let estimate = location.estimate { errorsKm.append(Earth.distanceKm(estimate.position, position)) }
            } else {
                falseClaims += 1
                if location.verdict == .violation { falseRefuted += 1 }
                if location.verdict == .verified { wrongProven += 1 }
                if no.contains(location.likely) { flagged += 1 }
                if yes.contains(location.likely) { falseConfirmed += 1 }
            }
        }
    }

    struct Adversary {
        var claims = 0, provenVerified = 0, fooled = 0, baselineProvenVerified = 0, baselineFooled = 0
    }

    var engine: [String: Counts] = [:]
    var baseline: [String: Counts] = [:]
    var adversaries: [String: Adversary] = [:]

    mutating func add(_ continent: String, engine mine: Location, baseline theirs: Location, truth: Bool, position: GeoPoint) {
        for key in [continent, "All"] {
            engine[key, default: Counts()].add(mine, truth: truth, position: position)
            baseline[key, default: Counts()].add(theirs, truth: truth, position: position)
        }
    }

    mutating func adversary(_ kind: String, _ mine: Location, baseline theirs: Location) {
        var a = adversaries[kind, default: Adversary()]
        a.claims += 1
        if mine.verdict == .verified { a.provenVerified += 1 }
        if mine.likely == .verified || mine.likely == .likelyVerified { a.fooled += 1 }
        if theirs.verdict == .verified { a.baselineProvenVerified += 1 }
        if theirs.likely == .verified || theirs.likely == .likelyVerified { a.baselineFooled += 1 }
        adversaries[kind] = a
    }

    static func percent(_ n: Int, _ d: Int) -> String { d == 0 ? "-" : String(format: "%.1f%%", 100 * Double(n) / Double(d)) }

    static func median(_ values: [Double]) -> String {
        guard !values.isEmpty else { return "-" }
        let sorted = values.sorted()
        return String(format: "%.0f", sorted[sorted.count / 2])
    }

    func report(excluded: [DistrustedLandmark], servers: [Landmark], folds: Int, seed: UInt64, model: StatisticalModel) -> String {
        let order = ["Europe", "North America", "South America", "Asia", "Oceania", "Africa", "All"].filter { engine[$0] != nil }
        var out = "## Proven tier (engine / baseline)\n\n"
        out += "| Continent | devices | false claims | false proven wrong | true claims | true proven right | wrong verdicts | inconsistent |\n"
        out += "|---|---:|---:|---:|---:|---:|---:|---:|\n"
        for key in order {
            guard let e = engine[key], let b = baseline[key] else { continue }
            out += "| \(key) | \(e.devices.count) | \(e.falseClaims) | \(Self.percent(e.falseRefuted, e.falseClaims)) / \(Self.percent(b.falseRefuted, b.falseClaims)) "
            out += "| \(e.trueClaims) | \(Self.percent(e.trueProven, e.trueClaims)) / \(Self.percent(b.trueProven, b.trueClaims)) "
            out += "| \(e.wrongProven) / \(b.wrongProven) | \(e.inconsistent) / \(b.inconsistent) |\n"
        }
        out += "\n## Statistical tier (engine / baseline)\n\n"
        out += "| Continent | false flagged | true confirmed | false confirmed (wrong) | true flagged (wrong) | median error km |\n"
        out += "|---|---:|---:|---:|---:|---:|\n"
        for key in order {
            guard let e = engine[key], let b = baseline[key] else { continue }
            out += "| \(key) | \(Self.percent(e.flagged, e.falseClaims)) / \(Self.percent(b.flagged, b.falseClaims)) "
            out += "| \(Self.percent(e.confirmed, e.trueClaims)) / \(Self.percent(b.confirmed, b.trueClaims)) "
            out += "| \(Self.percent(e.falseConfirmed, e.falseClaims)) / \(Self.percent(b.falseConfirmed, b.falseClaims)) "
            out += "| \(Self.percent(e.trueFlagged, e.trueClaims)) / \(Self.percent(b.trueFlagged, b.trueClaims)) "
            out += "| \(Self.median(e.errorsKm)) / \(Self.median(b.errorsKm)) |\n"
        }
        out += "\n## Adversaries on false claims (engine / baseline)\n\n"
        out += "| Adversary | claims | proven verified | statistical tier fooled (verified or likely_verified) |\n|---|---:|---:|---:|\n"
        for kind in ["relay", "padding"] {
            guard let a = adversaries[kind] else { continue }
            out += "| \(kind) | \(a.claims) | \(a.provenVerified) / \(a.baselineProvenVerified) "
            out += "| \(Self.percent(a.fooled, a.claims)) / \(Self.percent(a.baselineFooled, a.claims)) |\n"
        }
        let byID = Dictionary(servers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        out += "\n## Excluded devices (labels break the speed bound against the other servers)\n\n"
        for item in excluded {
            let s = byID[item.landmark]
            out += "- server \(item.landmark) (\(s?.country ?? "?")): "
            out += item.violations.prefix(3).map {
                String(format: "%@-%@ %.1f ms allows %.0f km, labels %.0f km apart", $0.a, $0.b, $0.rttMs, $0.maxDistanceKm, $0.distanceKm)
            }.joined(separator: "; ")
            out += item.violations.count > 3 ? "; and \(item.violations.count - 3) more\n" : "\n"
        }
        out += "\nFolds: \(folds), seed \(seed), speed 200 km/ms, statistical model \(model).\n"
        return out
    }
}
