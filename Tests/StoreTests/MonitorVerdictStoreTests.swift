import Audit
import Foundation
import Store
import Testing

/// The verdict history, each device's latest verdict, and the monitoring alerts, on both backends.
@Suite struct MonitorVerdictStoreTests {
    static func verdicts(_ test: TestStore) throws -> any MonitorVerdictStore {
        guard let verdicts = test.store as? any MonitorVerdictStore else { throw StoreError(.unavailable, "the store keeps no verdicts") }
        return verdicts
    }

    static func verdict(_ verdict: String, through: Int64, countries: [String], device: String = "dev-1") -> VerdictRow {
        VerdictRow(
            device: device, verdict: verdict, likely: verdict, claimedCountry: "DE", claimedSite: nil, region: "r", possibleCountries: countries,
            likelyCountries: countries, estimate: VerdictCircle(latitude: 52.5, longitude: 13.4, radiusKm: 40),
            evidence: [VerdictEvidence(measurement: through, landmark: "lm-berlin", rttMs: 0.3, maxDistanceKm: 30)], excludedLandmarks: [],
            speedKmPerMs: 200, dataVersion: "boundaries.index sha256:0", roundStart: 1, lastCheckIn: through * 10, throughMeasurement: through,
            decidedAt: 1_764_000_009_000 + through)
    }

    static func action(_ kind: String, device: String = "dev-1") -> MonitorAction {
        MonitorAction(
            alert: MonitorAlertDraft(
                partyID: "p1", entityID: "monitor.\(kind):\(device)", source: "monitor.\(kind)", listVersion: "v", score: 1, matchJSON: "{}",
                openedAt: 1_764_000_009_000),
            sweep: nil)
    }

    @Test("every verdict is kept; a verdict of an earlier round stored late never replaces the latest, nor its countries", arguments: Backend.allCases)
    func latestStaysLatest(backend: Backend) async throws {
        let (test, _) = try await MonitorStoreTests.registry(backend)
        let store = try Self.verdicts(test)
        let newer = try await store.recordVerdict(Self.verdict("violation", through: 5, countries: ["PL"]), action: nil, audit: StoreTests.draft("monitor.verdict"))
        let older = try await store.recordVerdict(Self.verdict("verified", through: 3, countries: ["DE"]), action: nil, audit: StoreTests.draft("monitor.verdict"))
        #expect(newer.isLatest && !older.isLatest)
        var expected = Self.verdict("violation", through: 5, countries: ["PL"])
        expected.id = try #require(newer.verdict?.id)
        #expect(try await store.latestVerdict(device: "dev-1") == expected)
        #expect(try await store.verdicts(device: "dev-1", before: nil, limit: 10).map(\.throughMeasurement) == [3, 5])
        #expect(try await store.fleetCounts() == FleetCounts(devices: 1, byVerdict: ["violation": 1], byCountry: ["PL": 1]))
        #expect(try await store.firstVerdicts("verified", device: nil).map(\.throughMeasurement) == [3])
        await #expect { try await store.recordVerdict(Self.verdict("verified", through: 9, countries: [], device: "ghost"), action: nil, audit: StoreTests.draft("x")) } throws: {
            ($0 as? StoreError)?.kind == .notFound
        }
        #expect(try await test.store.verifyAudit().firstBreak == nil)
    }

    @Test("one open monitoring alert per device and kind: a repeat opens none, another kind opens its own", arguments: Backend.allCases)
    func oneAlertPerKind(backend: Backend) async throws {
        let (test, _) = try await MonitorStoreTests.registry(backend)
        let store = try Self.verdicts(test)
        let first = try await store.recordVerdict(Self.verdict("violation", through: 1, countries: ["PL"]), action: Self.action("violation"), audit: StoreTests.draft("v"))
        let repeated = try await store.recordVerdict(Self.verdict("violation", through: 2, countries: ["PL"]), action: Self.action("violation"), audit: StoreTests.draft("v"))
        let overdue = try await store.recordOverdue(Self.action("overdue"), audit: StoreTests.draft("o"))
        #expect(first.openedAlert != nil && repeated.openedAlert == nil && overdue.openedAlert != nil)
        let alerts = try await test.store.alerts(partyID: "p1")
        #expect(alerts.map(\.source) == ["monitor.violation", "monitor.overdue"] && alerts.allSatisfy { $0.status == .open })
        #expect(try await store.overdueDevices(at: .max / 2, graceMs: 0, entityPrefix: "monitor.overdue:", limit: 10).isEmpty)
        #expect(try await store.overdueDevices(at: .max / 2, graceMs: 0, entityPrefix: "monitor.other:", limit: 10).map(\.id) == ["dev-1"])
    }
}
