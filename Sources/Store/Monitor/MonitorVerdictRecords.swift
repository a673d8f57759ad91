/// One round's verdict on a device, as stored: what the location engine concluded from the device's accepted
/// records within the round window, under which assumptions and boundary data. Operations computes it; the store
/// keeps every one (the history) and each device's latest.
public struct VerdictRow: Sendable, Hashable, Codable {
    /// The row id (0 before it is stored).
    public var id: Int64
    public var device: String
    /// The proven verdict: verified, violation, inconclusive or inconsistent.
    public var verdict: String
    /// The proven verdict when there is one, else the statistical tier's (likely_verified, likely_violation).
    public var likely: String
    /// The claim judged: the licensed country, and the site when the licence names one.
    public var claimedCountry: String
    public var claimedSite: VerdictCircle?
    /// The proven region in a sentence (which countries it can touch, or that the bounds contradict each other).
    public var region: String
    /// Countries and sanctioned sub-national areas (UA-43, UA-14, UA-09) the proven region can touch, sorted.
    public var possibleCountries: [String]
    /// Those the calibrated (statistical) region can touch, sorted.
    public var likelyCountries: [String]
    /// The calibrated position estimate (statistical), when the bounds are consistent.
    public var estimate: VerdictCircle?
    /// The trusted landmarks' smallest RTTs in the round, with the records they come from.
    public var evidence: [VerdictEvidence]
    /// Landmarks whose records fell in the round but were left out (not trusted now).
    public var excludedLandmarks: [String]
    /// The signal speed every bound assumed, km per ms.
    public var speedKmPerMs: Double
    /// The boundary data the countries were read from (its file and digest).
    public var dataVersion: String
    /// The round: the accepted records received from `roundStart` through `lastCheckIn` (ms since 1970).
    public var roundStart: Int64
    public var lastCheckIn: Int64
    /// The highest measurement row id the round covered.
    public var throughMeasurement: Int64
    /// When the verdict was reached, ms since 1970.
    public var decidedAt: Int64

    public init(
        id: Int64 = 0, device: String, verdict: String, likely: String, claimedCountry: String, claimedSite: VerdictCircle?, region: String,
        possibleCountries: [String], likelyCountries: [String], estimate: VerdictCircle?, evidence: [VerdictEvidence], excludedLandmarks: [String],
        speedKmPerMs: Double, dataVersion: String, roundStart: Int64, lastCheckIn: Int64, throughMeasurement: Int64, decidedAt: Int64
    ) {
        self.id = id
        self.device = device
        self.verdict = verdict
        self.likely = likely
        self.claimedCountry = claimedCountry
        self.claimedSite = claimedSite
        self.region = region
        self.possibleCountries = possibleCountries
        self.likelyCountries = likelyCountries
        self.estimate = estimate
        self.evidence = evidence
        self.excludedLandmarks = excludedLandmarks
        self.speedKmPerMs = speedKmPerMs
        self.dataVersion = dataVersion
        self.roundStart = roundStart
        self.lastCheckIn = lastCheckIn
        self.throughMeasurement = throughMeasurement
        self.decidedAt = decidedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, device, verdict, likely, region, estimate, evidence
        case claimedCountry = "claimed_country"
        case claimedSite = "claimed_site"
        case possibleCountries = "possible_countries"
        case likelyCountries = "likely_countries"
        case excludedLandmarks = "excluded_landmarks"
        case speedKmPerMs = "speed_km_per_ms"
        case dataVersion = "data_version"
        case roundStart = "round_start"
        case lastCheckIn = "last_check_in"
        case throughMeasurement = "through_measurement"
        case decidedAt = "decided_at"
    }
}

/// A place and a radius: a licensed site, or the calibrated position estimate (statistical, never proof).
public struct VerdictCircle: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double
    public var radiusKm: Double

    public init(latitude: Double, longitude: Double, radiusKm: Double) {
        self.latitude = latitude
        self.longitude = longitude
        self.radiusKm = radiusKm
    }

    enum CodingKeys: String, CodingKey {
        case latitude, longitude
        case radiusKm = "radius_km"
    }
}

/// One landmark's part in a verdict: its smallest RTT in the round, the record it comes from, and the bound it gives.
public struct VerdictEvidence: Sendable, Hashable, Codable {
    /// The accepted measurement record (its row id) holding the smallest RTT.
    public var measurement: Int64
    public var landmark: String
    public var rttMs: Double
    /// The farthest the device can be from the landmark: rtt / 2 * v.
    public var maxDistanceKm: Double

    public init(measurement: Int64, landmark: String, rttMs: Double, maxDistanceKm: Double) {
        self.measurement = measurement
        self.landmark = landmark
        self.rttMs = rttMs
        self.maxDistanceKm = maxDistanceKm
    }

    enum CodingKeys: String, CodingKey {
        case measurement, landmark
        case rttMs = "rtt_ms"
        case maxDistanceKm = "max_distance_km"
    }
}

/// What a verdict (or an overdue device) does beside being recorded: an alert of its kind, opened unless one of the
/// same kind is open for the device, and the authorisations it revokes. Decided by Operations.
public struct MonitorAction: Sendable, Hashable {
    /// The alert: `source` is its kind (`monitor.violation`, …), `entityID` names the device and kind, so the alerts'
    /// one-open-alert-per-pair index keeps one open alert per device and kind.
    public var alert: MonitorAlertDraft
    /// The authorisations revoked in the same transaction (nil: none, a review-only alert).
    public var sweep: AuthorizationSweep?

    public init(alert: MonitorAlertDraft, sweep: AuthorizationSweep?) {
        self.alert = alert
        self.sweep = sweep
    }
}

/// An alert a monitoring action opens, in the shape of the screening alerts (a case like any other).
public struct MonitorAlertDraft: Sendable, Hashable {
    /// The device's end user.
    public var partyID: String
    public var entityID: String
    public var source: String
    public var listVersion: String
    public var score: Double
    /// The evidence, as JSON.
    public var matchJSON: String
    public var openedAt: Int64

    public init(partyID: String, entityID: String, source: String, listVersion: String, score: Double, matchJSON: String, openedAt: Int64) {
        self.partyID = partyID
        self.entityID = entityID
        self.source = source
        self.listVersion = listVersion
        self.score = score
        self.matchJSON = matchJSON
        self.openedAt = openedAt
    }
}

/// What recording a verdict or an overdue device did.
public struct MonitorActionOutcome: Sendable, Hashable {
    /// The verdict as stored (nil for an overdue device).
    public var verdict: VerdictRow?
    /// The alert opened now (nil: none asked for, or one of its kind was open already).
    public var openedAlert: Int64?
    /// How many authorisations were revoked.
    public var revoked: Int
    /// Whether the verdict became the device's latest (false: a verdict of a later round was stored first).
    public var isLatest: Bool

    public init(verdict: VerdictRow?, openedAlert: Int64?, revoked: Int, isLatest: Bool) {
        self.verdict = verdict
        self.openedAlert = openedAlert
        self.revoked = revoked
        self.isLatest = isLatest
    }
}

/// One device in the fleet view: the device and its latest verdict (nil: never located).
public struct FleetEntry: Sendable, Hashable {
    public var device: DeviceRecord
    public var latest: VerdictRow?

    public init(device: DeviceRecord, latest: VerdictRow?) {
        self.device = device
        self.latest = latest
    }
}

/// The fleet's counts: devices by latest verdict (`unlocated`: none yet) and by country their region can touch.
public struct FleetCounts: Sendable, Hashable {
    public var devices: Int
    public var byVerdict: [String: Int]
    public var byCountry: [String: Int]

    public init(devices: Int, byVerdict: [String: Int], byCountry: [String: Int]) {
        self.devices = devices
        self.byVerdict = byVerdict
        self.byCountry = byCountry
    }
}
