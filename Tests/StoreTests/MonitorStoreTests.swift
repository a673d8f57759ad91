import Audit
import Foundation
import Store
import Testing

/// The monitoring registry and measurement intake on both backends.
@Suite struct MonitorStoreTests {
    static func monitor(_ test: TestStore) throws -> any MonitorStore {
        guard let monitor = test.store as? any MonitorStore else { throw StoreError(.unavailable, "the store keeps no monitoring registry") }
        return monitor
    }

    static func device(_ id: String, party: String = "p1", site: LicensedSite? = nil) -> DeviceRecord {
        DeviceRecord(
            id: id, publicKey: Data(repeating: 7, count: 32).base64EncodedString(), eccn: "4A090.a", serial: "SN-\(id)", authorizationID: "auth_1",
            endUserPartyID: party, country: "DE", site: site, checkInIntervalSeconds: 3600, registeredAt: 1_764_000_000_000)
    }

    static func landmark(_ id: String, trusted: Bool = true) -> LandmarkRecord {
        LandmarkRecord(
            id: id, latitude: 52.52, longitude: 13.405, country: "DE", publicKey: Data(repeating: 9, count: 32).base64EncodedString(),
            trusted: trusted, registeredAt: 1_764_000_000_000)
    }

    static func measurement(nonce: String, device: String = "dev-1", landmark: String = "lm-berlin") -> MeasurementRow {
        MeasurementRow(
            device: device, landmark: landmark, nonce: nonce, issuedAt: 1_764_000_000_000, receivedAt: 1_764_000_001_000,
            probesMs: [3.25, 2.5, 0.1 + 0.2], minimumMs: 0.1 + 0.2, deviceSignature: "ZGV2", landmarkSignature: "bG0=")
    }

    /// A store with party p1, device dev-1 (site in Berlin) and trusted landmark lm-berlin.
    static func registry(_ backend: Backend) async throws -> (TestStore, any MonitorStore) {
        let test = try await backend.makeStore()
        _ = try await test.store.upsertParties([PartyRecord(id: "p1", name: "Acme GmbH")])
        let monitor = try monitor(test)
        try await monitor.registerDevice(device("dev-1", site: LicensedSite(latitude: 52.5, longitude: 13.4, radiusKm: 25)), audit: StoreTests.draft("device.register"))
        try await monitor.registerLandmark(landmark("lm-berlin"), audit: StoreTests.draft("landmark.register"))
        return (test, monitor)
    }

    @Test("devices and landmarks read back exactly, in id order page by page, each registration audited", arguments: Backend.allCases)
    func registryRoundTrip(backend: Backend) async throws {
        let (test, monitor) = try await Self.registry(backend)
        for id in ["dev-3", "dev-2"] { try await monitor.registerDevice(Self.device(id), audit: StoreTests.draft("device.register")) }
        #expect(try await monitor.device(id: "dev-1") == Self.device("dev-1", site: LicensedSite(latitude: 52.5, longitude: 13.4, radiusKm: 25)))
        #expect(try await monitor.device(id: "dev-2") == Self.device("dev-2"))
        #expect(try await monitor.device(id: "nope") == nil)
        #expect(try await monitor.devices(after: "", limit: 2).map(\.id) == ["dev-1", "dev-2"])
        #expect(try await monitor.devices(after: "dev-2", limit: 2).map(\.id) == ["dev-3"])
        #expect(try await monitor.landmark(id: "lm-berlin") == Self.landmark("lm-berlin"))
        #expect(try await monitor.landmarks(after: "", limit: 10).map(\.id) == ["lm-berlin"])
        let actions = try await test.store.auditRecords(after: 0, limit: 100).map(\.action)
        #expect(actions.filter { $0 == "device.register" }.count == 3 && actions.contains("landmark.register"))
        #expect(try await test.store.verifyAudit().firstBreak == nil)
    }

    @Test("a taken id or an end user who is not a stored party is refused and nothing is written", arguments: Backend.allCases)
    func registryRefusals(backend: Backend) async throws {
        let (test, monitor) = try await Self.registry(backend)
        let before = try await test.store.auditRecords(after: 0, limit: 100).count
        await #expect { try await monitor.registerDevice(Self.device("dev-1"), audit: StoreTests.draft("device.register")) } throws: {
            ($0 as? StoreError)?.kind == .conflict
        }
        await #expect { try await monitor.registerDevice(Self.device("dev-9", party: "ghost"), audit: StoreTests.draft("device.register")) } throws: {
            ($0 as? StoreError)?.kind == .notFound && "\($0)".contains("ghost")
        }
        await #expect { try await monitor.registerLandmark(Self.landmark("lm-berlin"), audit: StoreTests.draft("landmark.register")) } throws: {
            ($0 as? StoreError)?.kind == .conflict
        }
        #expect(try await monitor.device(id: "dev-9") == nil)
        #expect(try await test.store.auditRecords(after: 0, limit: 100).count == before)
    }

    @Test("distrusting and trusting a landmark is recorded with its time and audited; repeating it is a conflict", arguments: Backend.allCases)
    func landmarkTrust(backend: Backend) async throws {
        let (_, monitor) = try await Self.registry(backend)
        let distrusted = try await monitor.setLandmarkTrust(id: "lm-berlin", trusted: false, at: 1_764_000_005_000, audit: StoreTests.draft("landmark.distrust"))
        #expect(!distrusted.trusted && distrusted.trustChangedAt == 1_764_000_005_000)
        #expect(try await monitor.landmark(id: "lm-berlin")?.trusted == false)
        await #expect { try await monitor.setLandmarkTrust(id: "lm-berlin", trusted: false, at: 1, audit: StoreTests.draft("landmark.distrust")) } throws: {
            ($0 as? StoreError)?.kind == .conflict
        }
        await #expect { try await monitor.setLandmarkTrust(id: "nope", trusted: true, at: 1, audit: StoreTests.draft("landmark.trust")) } throws: {
            ($0 as? StoreError)?.kind == .notFound
        }
        #expect(try await monitor.setLandmarkTrust(id: "lm-berlin", trusted: true, at: 2, audit: StoreTests.draft("landmark.trust")).trusted)
    }

    @Test("an accepted record reads back exactly (probes bit for bit), newest first; its nonce cannot be stored again", arguments: Backend.allCases)
    func measurementsAndNonces(backend: Backend) async throws {
        let (test, monitor) = try await Self.registry(backend)
        let first = try await monitor.recordMeasurement(Self.measurement(nonce: "n1"), audit: StoreTests.draft("monitor.measurement"))
        let second = try await monitor.recordMeasurement(Self.measurement(nonce: "n2"), audit: StoreTests.draft("monitor.measurement"))
        #expect(first.id > 0 && second.id > first.id)
        let stored = try await monitor.measurements(device: "dev-1", before: nil, limit: 10)
        #expect(stored == [second, first])
        #expect(stored[0].probesMs[2] == 0.1 + 0.2)
        #expect(try await monitor.measurements(device: "dev-1", before: second.id, limit: 10) == [first])
        let audited = try await test.store.auditRecords(after: 0, limit: 100).count
        await #expect { try await monitor.recordMeasurement(Self.measurement(nonce: "n1"), audit: StoreTests.draft("monitor.measurement")) } throws: {
            ($0 as? StoreError)?.kind == .conflict && "\($0)".contains("replayed")
        }
        #expect(try await monitor.measurements(device: "dev-1", before: nil, limit: 10).count == 2)
        #expect(try await test.store.auditRecords(after: 0, limit: 100).count == audited, "a refused replay writes nothing")
    }

    @Test("a record's summary is its stored row's id, landmark, time and smallest RTT, page for page", arguments: Backend.allCases)
    func summariesFollowTheRows(backend: Backend) async throws {
        let (_, monitor) = try await Self.registry(backend)
        for index in 0..<7 { _ = try await monitor.recordMeasurement(Self.measurement(nonce: "s\(index)"), audit: StoreTests.draft("monitor.measurement")) }
        let rows = try await monitor.measurements(device: "dev-1", before: nil, limit: 100)
        let summaries = try await monitor.measurementSummaries(device: "dev-1", before: nil, limit: 100)
        #expect(summaries == rows.map { MeasurementSummary(id: $0.id, landmark: $0.landmark, issuedAt: $0.issuedAt, receivedAt: $0.receivedAt, minimumMs: $0.minimumMs) })
        #expect(try await monitor.measurementSummaries(device: "dev-1", before: rows[2].id, limit: 3).map(\.id) == rows[3..<6].map(\.id))
        #expect(try await monitor.measurementSummaries(device: "dev-2", before: nil, limit: 100).isEmpty)
    }

    @Test("of concurrent records with one nonce exactly one is stored and audited", arguments: Backend.allCases)
    func concurrentReplays(backend: Backend) async throws {
        let (test, monitor) = try await Self.registry(backend)
        let audited = try await test.store.auditRecords(after: 0, limit: 1000).count
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do {
                        _ = try await monitor.recordMeasurement(Self.measurement(nonce: "shared"), audit: StoreTests.draft("monitor.measurement"))
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try await monitor.measurements(device: "dev-1", before: nil, limit: 10).count == 1)
        #expect(try await test.store.auditRecords(after: 0, limit: 1000).count == audited + 1)
        #expect(try await test.store.verifyAudit().firstBreak == nil)
    }

    @Test("a record's landmark and device are read together as committed: each concurrent read gets its own pair, unknown ids nil, a distrust already seen", arguments: Backend.allCases)
    func measurementPartiesAreReadAsCommitted(backend: Backend) async throws {
        let (_, monitor) = try await Self.registry(backend)
        try await monitor.registerDevice(Self.device("dev-2"), audit: StoreTests.draft("device.register"))
        try await monitor.registerLandmark(Self.landmark("lm-paris"), audit: StoreTests.draft("landmark.register"))
        _ = try await monitor.setLandmarkTrust(id: "lm-paris", trusted: false, at: 5, audit: StoreTests.draft("landmark.distrust"))
        let pairs = (0..<60).map { index in
            (landmark: ["lm-berlin", "lm-paris", "lm-nowhere"][index % 3], device: ["dev-1", "dev-2", "dev-9", "dev-1"][index % 4])
        }
        let answers = try await withThrowingTaskGroup(of: (Int, MeasurementParties).self) { group in
            for (index, pair) in pairs.enumerated() {
                group.addTask { (index, try await monitor.measurementParties(landmark: pair.landmark, device: pair.device)) }
            }
            return try await group.reduce(into: [Int: MeasurementParties]()) { $0[$1.0] = $1.1 }
        }
        for (index, pair) in pairs.enumerated() {
            let answer = try #require(answers[index])
            #expect(answer.landmark == (try await monitor.landmark(id: pair.landmark)), "pair \(index)")
            #expect(answer.device == (try await monitor.device(id: pair.device)), "pair \(index)")
            #expect(answer.landmark?.id ?? pair.landmark == pair.landmark && answer.device?.id ?? pair.device == pair.device)
        }
        #expect(answers.values.contains { $0.landmark?.id == "lm-paris" && $0.landmark?.trusted == false })
        #expect(answers.values.filter { $0.landmark == nil }.count == 20 && answers.values.filter { $0.device == nil }.count == 15)
    }

    @Test("stored probes that are not numbers are an error naming the row and column, never a guess", arguments: Backend.allCases)
    func damagedProbes(backend: Backend) async throws {
        let (test, monitor) = try await Self.registry(backend)
        let stored = try await monitor.recordMeasurement(Self.measurement(nonce: "n1"), audit: StoreTests.draft("monitor.measurement"))
        try await test.execute("UPDATE monitor_measurements SET probes_ms = '1.5,oops'")
        await #expect { _ = try await monitor.measurements(device: "dev-1", before: nil, limit: 10) } throws: {
            "\($0)".contains("probes_ms") && "\($0)".contains("measurement \(stored.id)")
        }
    }
}
