import DataFormats

/// Writes a `Location` as one JSON line of the `clearance monitor locate --format jsonl` contract:
/// `device`, `claimed`, `verdict`, `likely`, `possible_countries`, `estimate`, `evidence`, `assumptions`.
public struct LocationJSON: Sendable {
    private var writer = JSONWriter()
    /// The last evidence array written, rendered: the claims about one device share it.
    private var evidenceCache: (device: String, evidence: [Evidence], json: String)?

    /// A writer.
    public init() {}

    /// The line for `location` (without the newline).
    public mutating func line(_ location: Location) -> String {
        writer.reset()
        writer.openObject()
        writer.key("device"); writer.string(location.device)
        writer.key("claimed"); claimed(location.claim)
        writer.key("verdict"); writer.string(location.verdict.rawValue)
        writer.key("likely"); writer.string(location.likely.rawValue)
        writer.key("possible_countries"); writer.strings(location.possibleCountries)
        writer.key("estimate")
        if let estimate = location.estimate {
            writer.openObject()
            writer.key("latitude"); writer.number(Self.fixed(estimate.position.latitude, 4))
            writer.key("longitude"); writer.number(Self.fixed(estimate.position.longitude, 4))
            writer.key("radius_km"); writer.number(Self.fixed(estimate.radiusKm, 1))
            writer.closeObject()
        } else {
            writer.null()
        }
        writer.key("evidence")
        if let cache = evidenceCache, cache.device == location.device, cache.evidence == location.evidence {
            writer.number(cache.json)
        } else {
            var array = JSONWriter()
            array.openArray()
            for item in location.evidence {
                array.openObject()
                array.key("landmark"); array.string(item.landmark)
                array.key("rtt_ms"); array.number(Self.fixed(item.rttMs, 3))
                array.key("max_distance_km"); array.number(Self.fixed(item.maxDistanceKm, 1))
                array.closeObject()
            }
            array.closeArray()
            evidenceCache = (location.device, location.evidence, array.text)
            writer.number(array.text)
        }
        writer.key("assumptions")
        writer.openObject()
        writer.key("speed_km_per_ms"); writer.number(Self.fixed(location.speed.kmPerMs, 3))
        writer.key("distrusted_landmarks")
        writer.openArray()
        for landmark in location.distrusted {
            writer.openObject()
            writer.key("landmark"); writer.string(landmark.landmark)
            writer.key("violations")
            writer.openArray()
            for v in landmark.violations {
                writer.openObject()
                writer.key("a"); writer.string(v.a)
                writer.key("b"); writer.string(v.b)
                writer.key("rtt_ms"); writer.number(Self.fixed(v.rttMs, 3))
                writer.key("distance_km"); writer.number(Self.fixed(v.distanceKm, 1))
                writer.key("max_distance_km"); writer.number(Self.fixed(v.maxDistanceKm, 1))
                writer.closeObject()
            }
            writer.closeArray()
            writer.closeObject()
        }
        writer.closeArray()
        writer.closeObject()
        writer.closeObject()
        return writer.text
    }

    /// The line for a claim row that could not be located: `device` (or null) and `error`.
    public mutating func errorLine(device: String?, error: String) -> String {
        writer.reset()
        writer.openObject()
        writer.key("device"); writer.string(device)
        writer.key("error"); writer.string(error)
        writer.closeObject()
        return writer.text
    }

    private mutating func claimed(_ claim: Claim) {
        writer.openObject()
        writer.key("country"); writer.string(claim.country)
        if let site = claim.site {
            writer.key("latitude"); writer.number(Self.fixed(site.centre.latitude, 6))
            writer.key("longitude"); writer.number(Self.fixed(site.centre.longitude, 6))
            writer.key("radius_km"); writer.number(Self.fixed(site.radiusKm, 3))
        }
        writer.closeObject()
    }

    /// `value` rounded to `decimals` places, trailing zeros dropped (`23.1`, `200`, `-0.5`).
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        var units = Int(scaled)
        var digits = decimals
        while digits > 0 && units % 10 == 0 && units != 0 {
            units /= 10
            digits -= 1
        }
        if units == 0 { return "0" }
        var divisor = 1
        for _ in 0..<digits { divisor *= 10 }
        let whole = units / divisor, fraction = units % divisor
        var text = value < 0 ? "-" : ""
        text += String(whole)
        if digits > 0 {
            let f = String(fraction)
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return text
    }
}
