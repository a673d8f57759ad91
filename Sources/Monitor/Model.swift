import Foundation

/// A measurement server at a known place.
public struct Landmark: Sendable, Hashable {
    /// Its identifier, as measurements name it.
    public let id: String
    /// Where it is.
    public let position: GeoPoint
    /// The country it is labelled with (ISO 3166 alpha-2).
    public let country: String

    /// A landmark.
    public init(id: String, position: GeoPoint, country: String) {
        self.id = id
        self.position = position
        self.country = country
    }
}

/// A round-trip time measured between two landmarks (calibration data).
public struct LandmarkPair: Sendable, Hashable {
    /// One landmark.
    public let a: String
    /// The other landmark.
    public let b: String
    /// The measured round-trip time, ms.
    public let rttMs: Double

    /// A calibration pair.
    public init(a: String, b: String, rttMs: Double) {
        self.a = a
        self.b = b
        self.rttMs = rttMs
    }
}

/// The smallest round-trip time a landmark measured to a device in a round.
public struct MeasuredRTT: Sendable, Hashable {
    /// The landmark that measured it.
    public let landmark: String
    /// The round-trip time, ms.
    public let rttMs: Double

    /// A measurement.
    public init(landmark: String, rttMs: Double) {
        self.landmark = landmark
        self.rttMs = rttMs
    }

    /// The largest round-trip time taken as a measurement (5 s); anything longer is not a distance bound
    /// worth proving with and is refused as absurd.
    public static let maximumRTTMs = 5_000.0

    /// Why an RTT cannot be used, or nil when it can (a finite number above 0 and at most `maximumRTTMs`).
    public static func problem(rttMs: Double) -> String? {
        guard rttMs.isFinite else { return "is not a number" }
        guard rttMs > 0 else { return "must be above 0 ms" }
        guard rttMs <= maximumRTTMs else { return "is above \(Int(maximumRTTMs)) ms: absurd for a round trip" }
        return nil
    }
}

/// A licensed place with coordinates and a radius.
public struct Site: Sendable, Hashable {
    /// The site's centre.
    public let centre: GeoPoint
    /// The site's radius, km.
    public let radiusKm: Double

    /// A site, or nil unless the radius is a finite number above 0 and below half the Earth's circumference.
    public init?(centre: GeoPoint, radiusKm: Double) {
        guard radiusKm.isFinite, radiusKm > 0, radiusKm < .pi * Earth.radiusKm else { return nil }
        self.centre = centre
        self.radiusKm = radiusKm
    }
}

/// Where a device is claimed (licensed) to be: a country (or sanctioned region code), optionally a site.
public struct Claim: Sendable, Hashable {
    /// The claimed country (ISO 3166 alpha-2, or UA-43 / UA-14 / UA-09).
    public let country: String
    /// The licensed site, when the licence names one.
    public let site: Site?

    /// A claim.
    public init(country: String, site: Site? = nil) {
        self.country = country
        self.site = site
    }
}

/// The proven verdict: what the distance bounds prove under the stated signal speed.
public enum Verdict: String, Sendable, Hashable, CaseIterable {
    /// The region lies wholly inside the claimed country or site.
    case verified
    /// The region does not touch the claimed country or site.
    case violation
    /// Neither could be proven.
    case inconclusive
    /// No point satisfies every bound: a landmark is wrong or a record is forged. Never verified.
    case inconsistent
}

/// The second tier: the proven verdict when there is one, else a statistical judgement from the calibrated
/// model (`likely_verified` / `likely_violation`), never a proof.
public enum LikelyVerdict: String, Sendable, Hashable, CaseIterable {
    /// The calibrated region lies on the claim (statistical).
    case likelyVerified = "likely_verified"
    /// The calibrated region misses the claim (statistical).
    case likelyViolation = "likely_violation"
    /// Proven: see `Verdict.verified`.
    case verified
    /// Proven: see `Verdict.violation`.
    case violation
    /// Neither proven nor likely either way.
    case inconclusive
    /// See `Verdict.inconsistent`.
    case inconsistent
}

/// One landmark's part in a verdict.
public struct Evidence: Sendable, Hashable {
    /// The landmark.
    public let landmark: String
    /// Its smallest RTT to the device in the round, ms.
    public let rttMs: Double
    /// The farthest the device can be from the landmark: rtt / 2 * v.
    public let maxDistanceKm: Double
}

/// The calibrated position estimate, statistical.
public struct Estimate: Sendable, Hashable {
    /// The likely position.
    public let position: GeoPoint
    /// The radius (km) around `position` holding the whole calibrated region.
    public let radiusKm: Double
}

/// Everything the engine concluded about one claim, with its explanation.
public struct Location: Sendable {
    /// The device.
    public let device: String
    /// The claim judged.
    public let claim: Claim
    /// The proven verdict.
    public let verdict: Verdict
    /// The proven verdict when there is one, else the statistical judgement.
    public let likely: LikelyVerdict
    /// The statistical tier's own judgement (`likely_verified`, `likely_violation`, `inconclusive`, or
    /// `inconsistent` with the proven region), whatever the proof says.
    public let statistical: LikelyVerdict
    /// Countries and sanctioned regions the proven region can touch, sorted.
    public let possibleCountries: [String]
    /// Countries and sanctioned regions the calibrated (statistical) region can touch, sorted.
    public let likelyCountries: [String]
    /// The calibrated estimate, or nil when the bounds are inconsistent.
    public let estimate: Estimate?
    /// The trusted landmarks' measurements, smallest RTT first.
    public let evidence: [Evidence]
    /// The signal speed every bound assumed.
    public let speed: SignalSpeed
    /// The landmarks left out because their mutual RTTs break the speed bound, with the evidence.
    public let distrusted: [DistrustedLandmark]
}

/// Why a claim could not be located.
public enum LocateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A measurement names a landmark the engine does not know.
    case unknownLandmark(String)
    /// The claimed country is not an area of the boundary index.
    case unknownCountry(String)
    /// An RTT is not a usable number.
    case badRTT(landmark: String, problem: String)
    /// Every measurement came from a distrusted landmark (or there were none).
    case noMeasurements

    /// What is wrong, in a sentence.

    public var description: String {
        switch self {
        case .unknownLandmark(let id): "landmark '\(id)' is not in the landmarks"
        case .unknownCountry(let code): "country '\(code)' is not an ISO 3166 alpha-2 code (or UA-43, UA-14, UA-09) the boundaries know"
        case .badRTT(let landmark, let problem): "the RTT from landmark '\(landmark)' \(problem)"
        case .noMeasurements: "the device has no measurements from trusted landmarks"
        }
    }
}
