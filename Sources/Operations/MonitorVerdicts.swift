import Audit
import Foundation
import Monitor
import Store

/// What the per-round verdicts run on: the boundary index and its data version, the signal speed every bound
/// assumes, the round window and the grace past a device's check-in interval before it is overdue.
public struct MonitorSettings: Sendable {
    public let index: BoundaryIndex
    /// The boundary data's file and digest, stored with every verdict.
    public let dataVersion: String
    public let speed: SignalSpeed
    /// A round: a device's accepted records received within this window before its newest one, ms.
    public let roundWindowMs: Int64
    /// How long past its check-in interval a device may stay silent before it is overdue, ms.
    public let overdueGraceMs: Int64
    /// Landmark-to-landmark RTTs that calibrate the statistical tier (`likely_verified` / `likely_violation`); without
    /// them only the proven tier speaks.
    public let calibration: [LandmarkPair]

    /// The default round window: 10 minutes.
    public static let defaultRoundWindowMs: Int64 = 10 * 60 * 1000
    /// The default overdue grace: 15 minutes.
    public static let defaultOverdueGraceMs: Int64 = 15 * 60 * 1000

    public init(
        index: BoundaryIndex, dataVersion: String, speed: SignalSpeed = .fibre, roundWindowMs: Int64 = defaultRoundWindowMs,
        overdueGraceMs: Int64 = defaultOverdueGraceMs, calibration: [LandmarkPair] = []
    ) {
        self.index = index
        self.dataVersion = dataVersion
        self.speed = speed
        self.roundWindowMs = roundWindowMs
        self.overdueGraceMs = overdueGraceMs
        self.calibration = calibration
    }

    /// Settings over the boundary index encoded in `data` (read from `file`, whose name goes into the data version);
    /// an index that cannot be read is a `BoundaryDataError` naming the file and the byte.
    public init(
        indexData data: Data, file: String, speed: SignalSpeed = .fibre, roundWindowMs: Int64 = defaultRoundWindowMs,
        overdueGraceMs: Int64 = defaultOverdueGraceMs, calibration: [LandmarkPair] = []
    ) throws(BoundaryDataError) {
        self.init(
            index: try BoundaryIndex(encoded: data, file: file), dataVersion: Self.dataVersion(of: data, file: URL(fileURLWithPath: file).lastPathComponent),
            speed: speed, roundWindowMs: roundWindowMs, overdueGraceMs: overdueGraceMs, calibration: calibration)
    }

    /// The data version of a boundary index file: its name and the start of its SHA-256.
    public static func dataVersion(of data: Data, file: String) -> String {
        "\(file) sha256:\(AuditRecord.digest(data).prefix(16))"
    }
}

/// The kinds of alert monitoring opens: each is its own alert source (`monitor.violation`, …), and the alert's entity
/// names the kind and the device, so at most one alert of a kind is open per device.
public enum MonitorAlertKind: String, Sendable, CaseIterable {
    /// The proven region does not touch the licensed country or site.
    case violation
    /// No point satisfies every bound: a landmark is wrong or a record forged.
    case inconsistent
    /// No accepted record for the check-in interval plus the grace.
    case overdue
    /// The calibrated (statistical) region misses the claim: for review, nothing revoked.
    case likelyViolation = "likely_violation"

    /// The alert's source.
    public var source: String { "monitor.\(rawValue)" }
    /// The alert's entity for `device`.
    public func entity(_ device: String) -> String { "\(source):\(device)" }
    /// Whether it revokes the device's authorisations.
    public var revokes: Bool { self != .likelyViolation }
    /// The alert's score: 1 for a proven finding, lower for the statistical tier.
    var score: Double { self == .likelyViolation ? 0.5 : 1 }
}

/// Per-round location and what follows it. After a record is accepted, the device is located over its current round
/// (its accepted records within the round window, the smallest RTT per landmark, trusted landmarks only) and the
/// verdict stored with its actions in one transaction: a `violation`, an `inconsistent` round and an overdue device
/// each open an alert of their kind and revoke the device's outstanding authorisations (and so its release tokens,
/// through the revocation feed); a `likely_violation` opens an alert for review only.
///
/// A verdict after every record is sound: each landmark's bound holds on its own, so the proven region of any subset
/// of a round's landmarks contains the device; fewer landmarks only make it larger (an `inconclusive` where more
/// would prove), never a proof wrong. Landmarks distrusted since their records were accepted are left out (named in
/// the verdict).
public struct MonitorVerdicts: Sendable {
    public let monitor: MonitorService
    public let verdicts: any MonitorVerdictStore
    public let settings: MonitorSettings
    /// The calibrated engine over the trusted landmarks, rebuilt when they change.
    let locators = LocatorCache()

    /// The verdicts over `monitor`'s store; `unavailable` when that store keeps none.
    public init(monitor: MonitorService, settings: MonitorSettings) throws(StoreError) {
        guard let verdicts = monitor.store as? any MonitorVerdictStore else { throw StoreError(.unavailable, "this store keeps no monitoring verdicts") }
        self.monitor = monitor
        self.verdicts = verdicts
        self.settings = settings
    }

    /// The audit actor of verdicts the service reaches by itself.
    public static let systemActor = "system"

    /// Locates `device` over its current round and stores the verdict with its actions; nil when the device has no
    /// accepted record from a landmark trusted now. A late record (posted from a landmark's spool after an outage,
    /// `MeasurementVerifier.isLate`) never joins the current round: it says where the device was when it was measured,
    /// not where it is, so late records are judged once, before the current round, in the rounds they were measured in
    /// (`lateRounds`; each verdict's check-in is its newest measurement time). `StoreError.notFound` without the device; `LocateError` when the licensed country is not one the
    /// boundaries know.
    public func evaluate(device id: String, actor: String = systemActor) async throws -> MonitorActionOutcome? {
        let device = try await monitor.device(id: id)
        let covered = try await verdicts.latestVerdict(device: id)?.throughMeasurement ?? 0
        let records = try await recentRecords(device: id, after: covered)
        guard let highest = records.highest else { return nil }
        let verifier = monitor.verifier
        let isLate = { (row: MeasurementSummary) in verifier.isLate(issuedAtMs: row.issuedAt, receivedAtMs: row.receivedAt) }
        var outcome: MonitorActionOutcome?
        for round in Self.lateRounds(records.uncovered.filter(isLate), windowMs: settings.roundWindowMs) {
            outcome = try await judge(device, round: round, through: round.map(\.id).max() ?? covered, late: true, actor: actor) ?? outcome
        }
        let timely = records.round.filter { !isLate($0) }
        guard !timely.isEmpty else { return outcome }
        return try await judge(device, round: timely, through: highest, late: false, actor: actor) ?? outcome
    }

    /// Late records grouped into the rounds they were measured in: by challenge time, each round the records issued
    /// within `windowMs` of its first; each round newest first, the rounds oldest first.
    static func lateRounds(_ records: [MeasurementSummary], windowMs: Int64) -> [[MeasurementSummary]] {
        var rounds: [[MeasurementSummary]] = []
        var start: Int64?
        for record in records.sorted(by: { ($0.issuedAt, $0.id) < ($1.issuedAt, $1.id) }) {
            if let first = start, record.issuedAt - first <= windowMs {
                rounds[rounds.count - 1].insert(record, at: 0)
            } else {
                rounds.append([record])
                start = record.issuedAt
            }
        }
        return rounds
    }

    /// Locates `device` over `round` (newest first) and stores the verdict, covering records through `through`.
    private func judge(_ device: DeviceRecord, round: [MeasurementSummary], through: Int64, late: Bool, actor: String) async throws
        -> MonitorActionOutcome?
    {
        guard let newest = round.first else { return nil }
        let id = device.id
        var smallest: [String: MeasurementSummary] = [:]
        for row in round where smallest[row.landmark].map({ row.minimumMs < $0.minimumMs }) ?? true { smallest[row.landmark] = row }
        var landmarks: [Landmark] = []
        var excluded: [String] = []
        for landmarkID in smallest.keys.sorted() {
            guard let record = try await monitor.registry.landmark(id: landmarkID), record.trusted else {
                excluded.append(landmarkID)
                continue
            }
            guard let position = GeoPoint(latitude: record.latitude, longitude: record.longitude) else {
                throw StoreError(.database, "landmark \(landmarkID): monitor_landmarks.latitude/longitude \(record.latitude),\(record.longitude) is not a place")
            }
            landmarks.append(Landmark(id: landmarkID, position: position, country: record.country))
        }
        guard !landmarks.isEmpty else { return nil }
        let measured = landmarks.compactMap { landmark in smallest[landmark.id].map { MeasuredRTT(landmark: landmark.id, rttMs: $0.minimumMs) } }
        let locator = try await self.locator(round: landmarks)
        let location: Location
        do {
            location = try locator.locate(device: id, measurements: measured, claim: try Self.claim(device))
        } catch LocateError.noMeasurements {
            return nil
        }
        // Landmarks the calibration convicted of breaking the speed bound are left out too, named.
        let convicted = Set(location.distrusted.map(\.landmark))
        excluded = (excluded + measured.map(\.landmark).filter(convicted.contains)).sorted()
        let verdict = VerdictRow(
            device: id, verdict: location.verdict.rawValue, likely: location.likely.rawValue, claimedCountry: device.country,
            claimedSite: device.site.map { VerdictCircle(latitude: $0.latitude, longitude: $0.longitude, radiusKm: $0.radiusKm) },
            region: Self.region(location, device: device), possibleCountries: location.possibleCountries, likelyCountries: location.likelyCountries,
            estimate: location.estimate.map {
                VerdictCircle(latitude: $0.position.latitude, longitude: $0.position.longitude, radiusKm: $0.radiusKm)
            },
            evidence: location.evidence.compactMap { evidence in
                smallest[evidence.landmark].map {
                    VerdictEvidence(measurement: $0.id, landmark: evidence.landmark, rttMs: evidence.rttMs, maxDistanceKm: evidence.maxDistanceKm)
                }
            },
            excludedLandmarks: excluded, speedKmPerMs: settings.speed.kmPerMs, dataVersion: settings.dataVersion,
            roundStart: late ? round.last?.issuedAt ?? newest.issuedAt : round.last?.receivedAt ?? newest.receivedAt,
            lastCheckIn: late ? newest.issuedAt : newest.receivedAt,
            throughMeasurement: through, decidedAt: monitor.clock())
        let kind = Self.kind(location)
        let signed = try await verdicts.measurements(ids: verdict.evidence.map(\.measurement))
        let evidenceJSON = try MonitorJSON.encode(MonitorEvidence(verdict: verdict, records: signed))
        var action: MonitorAction?
        if let kind { action = try await self.action(kind, device: device, matchJSON: evidenceJSON, at: verdict.decidedAt) }
        let effect = kind.map { " opens a \($0.source) alert unless one is open\($0.revokes ? " and revokes \(device.authorizationID)'s authorisations" : "")" } ?? ""
        let audit = AuditDraft(
            actor: actor, action: "monitor.verdict", input: Data(evidenceJSON.utf8),
            result: "device \(id)\(late ? " (\(Self.lateText(round)))" : ""): "
                + "\(verdict.verdict) (\(verdict.likely)) against \(Self.claimText(device)); \(verdict.region); "
                + "\(verdict.evidence.count) landmark\(verdict.evidence.count == 1 ? "" : "s") through record \(verdict.throughMeasurement)\(effect)",
            versions: "\(settings.dataVersion); speed \(settings.speed.kmPerMs) km/ms")
        return try await verdicts.recordVerdict(verdict, action: action, audit: audit)
    }

    /// How an audit record names a late round: its records, when they were measured and when received.
    static func lateText(_ round: [MeasurementSummary]) -> String {
        let ids = round.map(\.id).sorted().map(String.init).joined(separator: ", ")
        let issued = round.map(\.issuedAt)
        let measured = issued.min() == issued.max() ? "\(issued.min() ?? 0)" : "\(issued.min() ?? 0) to \(issued.max() ?? 0)"
        return "late record\(round.count == 1 ? "" : "s") \(ids), measured \(measured), received \(round.map(\.receivedAt).max() ?? 0)"
    }

    /// The engine for a round's trusted landmarks: without calibration, one over those landmarks alone; with it, the
    /// calibrated engine over every trusted landmark (kept while they stay the same).
    func locator(round landmarks: [Landmark]) async throws(StoreError) -> Locator {
        guard !settings.calibration.isEmpty else { return Locator(index: settings.index, landmarks: landmarks, pairs: [], speed: settings.speed) }
        var trusted: [Landmark] = []
        var after = ""
        while true {
            let page = try await monitor.registry.landmarks(after: after, limit: 500)
            for record in page where record.trusted {
                if let position = GeoPoint(latitude: record.latitude, longitude: record.longitude) {
                    trusted.append(Landmark(id: record.id, position: position, country: record.country))
                }
            }
            guard page.count == 500, let last = page.last else { break }
            after = last.id
        }
        return await locators.locator(for: trusted, settings: settings)
    }

    /// The device's accepted records received in its current round, and every record newer than `covered` (the
    /// latest verdict's last record: a late record among them is judged however long before the round it arrived),
    /// each newest first, read page by page once; `highest` is the newest record's id (nil: the device has none).
    func recentRecords(device: String, after covered: Int64) async throws(StoreError)
        -> (round: [MeasurementSummary], uncovered: [MeasurementSummary], highest: Int64?)
    {
        var round: [MeasurementSummary] = []
        var uncovered: [MeasurementSummary] = []
        var highest: Int64?
        var windowStart: Int64?
        var roundOpen = true
        var before: Int64?
        let pageSize = 1_000
        while true {
            let page = try await monitor.registry.measurementSummaries(device: device, before: before, limit: pageSize)
            guard let last = page.last else { break }
            highest = highest ?? page.first?.id
            let start = windowStart ?? (page.first?.receivedAt ?? last.receivedAt) - settings.roundWindowMs
            windowStart = start
            if roundOpen {
                let inRound = page.prefix { $0.receivedAt >= start }
                round += inRound
                roundOpen = inRound.count == page.count
            }
            uncovered += page.prefix { $0.id > covered }
            guard page.count == pageSize, roundOpen || last.id > covered else { break }
            before = last.id
        }
        return (round, uncovered, highest)
    }

    /// Locates every device whose accepted records are newer than its latest verdict (after a restart: records whose
    /// verdict was not yet stored when the service stopped); returns how many verdicts were stored.
    @discardableResult
    public func catchUp(actor: String = systemActor) async throws -> Int {
        var stored = 0
        for device in try await verdicts.devicesAwaitingVerdict(limit: 100_000) {
            if try await evaluate(device: device, actor: actor) != nil { stored += 1 }
        }
        return stored
    }

    /// Opens an `overdue` alert and revokes the authorisations of every device silent past its check-in interval plus
    /// the grace (each once: not while its overdue alert is open), each audited; returns the devices.
    public func sweepOverdue(actor: String = systemActor) async throws -> [String] {
        let now = monitor.clock()
        let due = try await verdicts.overdueDevices(
            at: now, graceMs: settings.overdueGraceMs, entityPrefix: MonitorAlertKind.overdue.entity(""), limit: 10_000)
        for device in due {
            let lastCheckIn = try await verdicts.latestVerdict(device: device.id)?.lastCheckIn
            let overdue = MonitorOverdue(
                device: device.id, lastCheckIn: lastCheckIn, registeredAt: device.registeredAt, checkInIntervalSeconds: device.checkInIntervalSeconds,
                graceMs: settings.overdueGraceMs, sweptAt: now)
            let json = try MonitorJSON.encode(overdue)
            _ = try await verdicts.recordOverdue(
                try await action(.overdue, device: device, matchJSON: json, at: now),
                audit: AuditDraft(
                    actor: actor, action: "monitor.overdue", input: Data(json.utf8),
                    result: "device \(device.id) overdue: no accepted record since \(lastCheckIn.map { "\($0)" } ?? "registration at \(device.registeredAt)") "
                        + "(interval \(device.checkInIntervalSeconds) s, grace \(settings.overdueGraceMs / 1000) s); opens a monitor.overdue alert "
                        + "and revokes \(device.authorizationID)'s authorisations",
                    versions: ""))
        }
        return due.map(\.id)
    }

    /// The action of a finding of `kind` on `device`.
    func action(_ kind: MonitorAlertKind, device: DeviceRecord, matchJSON: String, at time: Int64) async throws -> MonitorAction {
        let alert = MonitorAlertDraft(
            partyID: device.endUserPartyID, entityID: kind.entity(device.id), source: kind.source, listVersion: settings.dataVersion, score: kind.score,
            matchJSON: matchJSON, openedAt: time)
        guard kind.revokes else { return MonitorAction(alert: alert, sweep: nil) }
        let reason = "device \(device.id): monitor \(kind.rawValue) (\(Self.claimText(device)))"
        // A device released under a licence: the end user's PERMITs on that licence; else the authorisation itself.
        let scope: AuthorizationSweep.Scope =
            try await monitor.store.license(id: device.authorizationID) != nil
            ? .partyLicense(party: device.endUserPartyID, license: device.authorizationID) : .authorization(device.authorizationID)
        return MonitorAction(alert: alert, sweep: AuthorizationSweep(scope, reason: reason))
    }

    /// The alert a location calls for, if any.
    static func kind(_ location: Location) -> MonitorAlertKind? {
        switch location.verdict {
        case .violation: .violation
        case .inconsistent: .inconsistent
        case .verified: nil
        case .inconclusive: location.likely == .likelyViolation ? .likelyViolation : nil
        }
    }

    static func claim(_ device: DeviceRecord) throws(StoreError) -> Claim {
        guard let site = device.site else { return Claim(country: device.country) }
        guard let centre = GeoPoint(latitude: site.latitude, longitude: site.longitude), let licensed = Site(centre: centre, radiusKm: site.radiusKm) else {
            throw StoreError(.database, "device \(device.id): monitor_devices.site_* \(site.latitude),\(site.longitude) r \(site.radiusKm) km is not a site")
        }
        return Claim(country: device.country, site: licensed)
    }

    static func claimText(_ device: DeviceRecord) -> String {
        device.site.map { "licensed site \($0.latitude),\($0.longitude) r \($0.radiusKm) km in \(device.country)" } ?? "licensed country \(device.country)"
    }

    static func region(_ location: Location, device: DeviceRecord) -> String {
        if location.verdict == .inconsistent { return "no point satisfies every bound: a landmark is wrong or a record is forged" }
        let touches = "the proven region can touch \(location.possibleCountries.joined(separator: ", "))"
        switch location.verdict {
        case .verified: return "\(touches) and lies wholly inside the \(claimText(device))"
        case .violation: return "\(touches) and does not touch the \(claimText(device))"
        default: return "\(touches): neither inside nor outside the \(claimText(device)) is proven"
        }
    }
}

/// The calibrated engine last built, and the trusted landmarks it was built over.
actor LocatorCache {
    private var current: (landmarks: [Landmark], locator: Locator)?

    func locator(for landmarks: [Landmark], settings: MonitorSettings) -> Locator {
        if let current, current.landmarks == landmarks { return current.locator }
        let locator = Locator(index: settings.index, landmarks: landmarks, pairs: settings.calibration, speed: settings.speed)
        current = (landmarks, locator)
        return locator
    }
}
