import Audit
import BundledData
import Foundation
import Store
import Synchronization
import Testing

@testable import Operations

/// A clock the monitoring tests move by hand (ms since 1970).
final class MonitorClock: Sendable {
    private let time = Mutex<Int64>(1_780_000_000_000)
    var now: @Sendable () -> Int64 { { self.time.withLock { $0 } } }
    func advance(by milliseconds: Int64) { time.withLock { $0 += milliseconds } }
}

/// Landmarks in Paris, Berlin and Madrid, a device licensed in France under a PERMIT, and records whose RTTs prove
/// where it is: 0.5 ms bounds it within 50 km of a landmark at the fibre speed.
struct MonitorScene: Sendable {
    let harness: Harness
    let monitor: MonitorService
    let verdicts: MonitorVerdicts
    let clock: MonitorClock
    /// The PERMIT the device was released under.
    let authorization: String

    static let settings = Result { try MonitorSettings(indexData: Data(contentsOf: BundledData.boundaryIndexFile), file: BundledData.boundaryIndexFile.path) }

    static let places: [(id: String, latitude: Double, longitude: Double, country: String)] = [
        ("lm-paris", 48.8566, 2.3522, "FR"), ("lm-berlin", 52.52, 13.405, "DE"), ("lm-madrid", 40.4168, -3.7038, "ES"),
    ]

    static func make(
        _ backend: ServiceBackend, interval: Int64 = 3600, places: [(id: String, latitude: Double, longitude: Double, country: String)] = places,
        settings: MonitorSettings? = nil
    ) async throws -> MonitorScene {
        let harness = try await Walkthrough.harness(backend)
        let answer = try await harness.service.authorize(Walkthrough.request(), actor: "key_screener", body: Data())
        let clock = MonitorClock()
        let monitor = try MonitorService(store: harness.store, clock: clock.now)
        for place in places {
            try await monitor.registry.registerLandmark(
                LandmarkRecord(
                    id: place.id, latitude: place.latitude, longitude: place.longitude, country: place.country,
                    publicKey: Data(repeating: 9, count: 32).base64EncodedString(), trusted: true, registeredAt: clock.now()),
                audit: AuditDraft(actor: "test", action: "monitor.landmark.register", input: Data(), result: place.id, versions: ""))
        }
        let scene = MonitorScene(
            harness: harness, monitor: monitor, verdicts: try MonitorVerdicts(monitor: monitor, settings: try settings ?? Self.settings.get()), clock: clock,
            authorization: answer.decisionID)
        try await scene.register("gpu-1", interval: interval)
        return scene
    }

    /// Registers a device licensed in France (to the walkthrough's end user, under the PERMIT).
    func register(_ id: String, interval: Int64 = 3600, country: String = "FR") async throws {
        try await monitor.registry.registerDevice(
            DeviceRecord(
                id: id, publicKey: Data(repeating: 7, count: 32).base64EncodedString(), eccn: "9E003.a", serial: "SN-\(id)", authorizationID: authorization,
                endUserPartyID: "p3", country: country, site: nil, checkInIntervalSeconds: interval, registeredAt: clock.now()),
            audit: AuditDraft(actor: "test", action: "monitor.device.register", input: Data(), result: id, versions: ""))
    }

    /// Stores an accepted record of `device` by `landmark` with the smallest RTT `rtt`, received now (its challenge
    /// issued `agoMs` earlier: more than five minutes makes it a late record).
    @discardableResult
    func record(_ landmark: String, rtt: Double, device: String = "gpu-1", agoMs: Int64 = 0) async throws -> MeasurementRow {
        try await monitor.registry.recordMeasurement(
            MeasurementRow(
                device: device, landmark: landmark, nonce: UUID().uuidString, issuedAt: clock.now() - agoMs, receivedAt: clock.now(), probesMs: [rtt + 1, rtt],
                minimumMs: rtt, deviceSignature: "ZGV2aWNl", landmarkSignature: "bGFuZG1hcms="),
            audit: AuditDraft(actor: "lm", action: "monitor.measurement", input: Data(), result: device, versions: ""))
    }

    func permitRevoked() async throws -> Bool {
        try #require(try await harness.store.authorization(id: authorization)).revokedAt != nil
    }

    func monitorAlerts() async throws -> [AlertRecord] {
        try await harness.store.alerts(partyID: "p3").filter { $0.source.hasPrefix("monitor.") }
    }
}

/// Per-round verdicts and their actions, on both backends: a verdict stored after records, a violation or an
/// inconsistent round opening its alert and revoking the device's PERMIT in the verdict's transaction.
@Suite struct MonitorVerdictOperationTests {
    @Test("a device proven in its licensed country gets a stored verified verdict with its evidence, no alert, nothing revoked", arguments: ServiceBackend.allCases)
    func verified(backend: ServiceBackend) async throws {
        let scene = try await MonitorScene.make(backend)
        let record = try await scene.record("lm-paris", rtt: 0.5)
        let before = try await scene.harness.head()
        let outcome = try #require(try await scene.verdicts.evaluate(device: "gpu-1"))
        let verdict = try #require(outcome.verdict)
        #expect(verdict.verdict == "verified" && verdict.likely == "verified")
        #expect(verdict.possibleCountries == ["FR"] && verdict.claimedCountry == "FR")
        #expect(verdict.evidence == [VerdictEvidence(measurement: record.id, landmark: "lm-paris", rttMs: 0.5, maxDistanceKm: 50)])
        #expect(verdict.speedKmPerMs == 200 && verdict.dataVersion.hasPrefix("boundaries.index sha256:"))
        #expect(verdict.throughMeasurement == record.id && verdict.lastCheckIn == record.receivedAt)
        #expect(outcome.openedAlert == nil && outcome.revoked == 0 && outcome.isLatest)
        #expect(try await scene.verdicts.verdicts.latestVerdict(device: "gpu-1") == verdict)
        #expect(try await scene.monitorAlerts().isEmpty)
        #expect(try await !scene.permitRevoked())
        let records = try await scene.harness.records(after: before)
        #expect(records.map(\.action) == ["monitor.verdict"])
        #expect(records.first?.result.hasPrefix("device gpu-1: verified (verified) against licensed country FR") == true)
    }

    @Test("a violation opens one monitor.violation alert and revokes the device's PERMIT with the verdict, audited with the signed evidence", arguments: ServiceBackend.allCases)
    func violation(backend: ServiceBackend) async throws {
        let scene = try await MonitorScene.make(backend)
        let record = try await scene.record("lm-berlin", rtt: 0.5)
        let before = try await scene.harness.head()
        let outcome = try #require(try await scene.verdicts.evaluate(device: "gpu-1"))
        #expect(outcome.verdict?.verdict == "violation" && outcome.verdict?.possibleCountries == ["DE"])
        #expect(outcome.revoked == 1 && outcome.openedAlert != nil)
        let alerts = try await scene.monitorAlerts()
        #expect(alerts.map(\.source) == ["monitor.violation"] && alerts.map(\.entityID) == ["monitor.violation:gpu-1"])
        #expect(alerts.first?.status == .open && alerts.first?.id == outcome.openedAlert)
        let alert = try #require(alerts.first)
        let evidence = try #require(try JSONSerialization.jsonObject(with: Data(alert.matchJSON.utf8)) as? [String: Any])
        let signed = try #require(evidence["records"] as? [[String: Any]])
        #expect(signed.first?["device_signature"] as? String == record.deviceSignature && signed.first?["nonce"] as? String == record.nonce)
        #expect(try await scene.permitRevoked())
        let revocations = try await scene.harness.store.revocations(after: 0, limit: 10)
        #expect(revocations.map(\.authorizationID) == [scene.authorization])
        #expect(revocations.first?.reason.contains("device gpu-1: monitor violation") == true)
        let audit = try await scene.harness.records(after: before)
        #expect(audit.map(\.action) == ["monitor.verdict"])
        #expect(audit.first?.inputDigest == AuditRecord.digest(Data(alert.matchJSON.utf8)), "the audit record holds the signed evidence")
        #expect(try await scene.harness.chainIsIntact())

        // Another violating round: a new verdict, but no second alert of the kind while the first is open.
        scene.clock.advance(by: 60_000)
        try await scene.record("lm-berlin", rtt: 0.4)
        let again = try #require(try await scene.verdicts.evaluate(device: "gpu-1"))
        #expect(again.verdict?.verdict == "violation" && again.openedAlert == nil && again.revoked == 0)
        #expect(try await scene.monitorAlerts().count == 1)
        #expect(try await scene.verdicts.verdicts.verdicts(device: "gpu-1", before: nil, limit: 10).count == 2)
    }

    @Test("bounds with no common point are inconsistent, never verified: an alert of their own kind, the PERMIT revoked", arguments: ServiceBackend.allCases)
    func inconsistent(backend: ServiceBackend) async throws {
        let scene = try await MonitorScene.make(backend)
        try await scene.record("lm-paris", rtt: 0.5)
        try await scene.record("lm-berlin", rtt: 0.5)
        let outcome = try #require(try await scene.verdicts.evaluate(device: "gpu-1"))
        #expect(outcome.verdict?.verdict == "inconsistent" && outcome.verdict?.likely == "inconsistent")
        #expect(outcome.verdict?.possibleCountries == [] && outcome.verdict?.estimate == nil)
        #expect(try await scene.monitorAlerts().map(\.source) == ["monitor.inconsistent"])
        #expect(try await scene.permitRevoked())
    }

    @Test("a round holds only the records within the window before the newest, and landmarks distrusted since are left out, named", arguments: ServiceBackend.allCases)
    func roundWindow(backend: ServiceBackend) async throws {
        let scene = try await MonitorScene.make(backend)
        try await scene.record("lm-berlin", rtt: 0.5)
        scene.clock.advance(by: MonitorSettings.defaultRoundWindowMs + 1)
        try await scene.record("lm-paris", rtt: 0.5)
        let outcome = try #require(try await scene.verdicts.evaluate(device: "gpu-1"))
        #expect(outcome.verdict?.verdict == "verified" && outcome.verdict?.evidence.map(\.landmark) == ["lm-paris"])

        try await scene.record("lm-madrid", rtt: 30)
        _ = try await scene.monitor.setTrust(landmark: "lm-madrid", trusted: false, reason: "moved", actor: "admin")
        let later = try #require(try await scene.verdicts.evaluate(device: "gpu-1"))
        #expect(later.verdict?.excludedLandmarks == ["lm-madrid"] && later.verdict?.verdict == "verified")
    }

    @Test("a failure inside the verdict's transaction leaves no verdict, alert, revocation or audit record; the catch-up stores it later", arguments: ServiceBackend.allCases)
    func allOrNothing(backend: ServiceBackend) async throws {
        let scene = try await MonitorScene.make(backend)
        try await scene.record("lm-berlin", rtt: 0.5)
        let before = try await scene.harness.head()
        // A real constraint of the database refuses the revocation feed's entry, after the verdict and alert rows are written.
        switch backend {
        case .sqlite:
            try await scene.harness.execute("CREATE TRIGGER refuse_feed BEFORE INSERT ON revocations BEGIN SELECT RAISE(ABORT, 'feed closed'); END")
        case .postgres:
            try await scene.harness.execute("CREATE FUNCTION refuse_feed() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'feed closed'; END $$ LANGUAGE plpgsql")
            try await scene.harness.execute("CREATE TRIGGER refuse_feed BEFORE INSERT ON revocations FOR EACH ROW EXECUTE FUNCTION refuse_feed()")
        }
        await #expect(throws: (any Error).self) { try await scene.verdicts.evaluate(device: "gpu-1") }
        #expect(try await scene.verdicts.verdicts.latestVerdict(device: "gpu-1") == nil)
        #expect(try await scene.verdicts.verdicts.verdicts(device: "gpu-1", before: nil, limit: 10).isEmpty)
        #expect(try await scene.monitorAlerts().isEmpty)
        #expect(try await !scene.permitRevoked())
        #expect(try await scene.harness.head() == before)
        #expect(try await scene.verdicts.verdicts.devicesAwaitingVerdict(limit: 10) == ["gpu-1"])

        try await scene.harness.execute("DROP TRIGGER refuse_feed\(backend == .postgres ? " ON revocations" : "")")
        #expect(try await scene.verdicts.catchUp() == 1)
        #expect(try await scene.verdicts.verdicts.latestVerdict(device: "gpu-1")?.verdict == "violation")
        #expect(try await scene.permitRevoked())
        #expect(try await scene.monitorAlerts().count == 1)
        #expect(try await scene.verdicts.verdicts.devicesAwaitingVerdict(limit: 10).isEmpty)
    }

    @Test("a device silent past its interval plus the grace is overdue once: an alert of its kind, its PERMIT revoked, audited", arguments: ServiceBackend.allCases)
    func overdue(backend: ServiceBackend) async throws {
        let scene = try await MonitorScene.make(backend, interval: 60)
        try await scene.register("gpu-2", interval: 86_400)
        #expect(try await scene.verdicts.sweepOverdue().isEmpty)
        scene.clock.advance(by: 60_000 + MonitorSettings.defaultOverdueGraceMs + 1)
        let before = try await scene.harness.head()
        #expect(try await scene.verdicts.sweepOverdue() == ["gpu-1"])
        #expect(try await scene.monitorAlerts().map(\.entityID) == ["monitor.overdue:gpu-1"])
        #expect(try await scene.permitRevoked())
        #expect(try await scene.harness.records(after: before).map(\.action) == ["monitor.overdue"])
        #expect(try await scene.verdicts.sweepOverdue().isEmpty, "not again while its overdue alert is open")
    }

    @Test("the violation report names the device, licence, licensed location, region, first detection and the signed records", arguments: ServiceBackend.allCases)
    func report(backend: ServiceBackend) async throws {
        let scene = try await MonitorScene.make(backend)
        let record = try await scene.record("lm-madrid", rtt: 0.5)
        let first = try #require(try await scene.verdicts.evaluate(device: "gpu-1")?.verdict)
        scene.clock.advance(by: 60_000)
        try await scene.record("lm-madrid", rtt: 0.6)
        _ = try await scene.verdicts.evaluate(device: "gpu-1")
        let reports = try await scene.monitor.violationReports()
        #expect(reports.count == 1)
        let report = try #require(reports.first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try MonitorJSON.encode(report).utf8)) as? [String: Any])
        #expect(
            Set(json.keys) == [
                "device", "eccn", "serial", "authorization", "end_user", "licensed_location", "first_detection", "first_detection_utc", "region",
                "possible_countries", "likely_countries", "estimate", "speed_km_per_ms", "data_version", "verdict_id", "evidence", "signed_records",
                "latest_verdict",
            ])
        #expect(json["first_detection"] as? Int64 == first.decidedAt && json["authorization"] as? String == scene.authorization)
        #expect((json["possible_countries"] as? [String]) == ["ES"])
        #expect(((json["signed_records"] as? [[String: Any]])?.first?["landmark_signature"] as? String) == record.landmarkSignature)
        #expect(report.text.contains("first detected: "))
        #expect(try await scene.monitor.violationReports(device: "gpu-1").count == 1)
        await #expect { try await scene.monitor.violationReports(device: "nope") } throws: { ($0 as? StoreError)?.kind == .notFound }
    }

    @Test("the fleet pages by device id, filters by latest verdict or unlocated, and counts by verdict and country", arguments: ServiceBackend.allCases)
    func fleet(backend: ServiceBackend) async throws {
        let scene = try await MonitorScene.make(backend)
        for id in ["gpu-2", "gpu-3", "gpu-4"] { try await scene.register(id) }
        try await scene.record("lm-paris", rtt: 0.5, device: "gpu-1")
        try await scene.record("lm-berlin", rtt: 0.5, device: "gpu-2")
        try await scene.record("lm-paris", rtt: 0.4, device: "gpu-3")
        for id in ["gpu-1", "gpu-2", "gpu-3"] { _ = try await scene.verdicts.evaluate(device: id) }
        let first = try await scene.monitor.fleet(status: nil, after: "", limit: 2)
        #expect(first.entries.map(\.device.id) == ["gpu-1", "gpu-2"] && first.next == "gpu-2")
        let second = try await scene.monitor.fleet(status: nil, after: "gpu-2", limit: 2)
        #expect(second.entries.map(\.device.id) == ["gpu-3", "gpu-4"] && second.entries.last?.latest == nil)
        #expect(try await scene.monitor.fleet(status: "verified", after: "", limit: 10).entries.map(\.device.id) == ["gpu-1", "gpu-3"])
        #expect(try await scene.monitor.fleet(status: "violation", after: "", limit: 10).entries.map { $0.latest?.possibleCountries } == [["DE"]])
        #expect(try await scene.monitor.fleet(status: "unlocated", after: "", limit: 10).entries.map(\.device.id) == ["gpu-4"])
        let counts = try await scene.monitor.fleetCounts()
        #expect(counts.devices == 4 && counts.byVerdict == ["verified": 2, "violation": 1, "unlocated": 1] && counts.byCountry == ["FR": 2, "DE": 1])
        await #expect { try await scene.monitor.fleet(status: "green", after: "", limit: 10) } throws: { ($0 as? InvalidInput)?.field == "status" }
        let file = try await scene.monitor.deviceFile(id: "gpu-2")
        #expect(file.latest?.verdict == "violation" && file.verdicts.count == 1 && file.measurements.count == 1 && file.alerts.count == 1)
    }
}
