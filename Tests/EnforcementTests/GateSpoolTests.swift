import Audit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import ReleaseGate
import ReleaseTokens
import Store
import Testing

/// The gate's spool: no request is answered before its record is on disk, none is lost when the store
/// refuses writes or the gate crashes, none is recorded twice, and none is answered while the spool is unwritable.
@Suite struct GateSpoolTests {
    /// A spool in a fresh directory writing into a real SQLite store, as `clearance gate` wires it.
    static func spool(store: SQLiteStore, directory: URL? = nil, sync: GateSpool.Sync = .everyEvent) throws -> GateSpool {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("clearance-spool-\(UUID().uuidString)")
        return try GateSpool(directory: directory, gate: "gate:test", interval: .seconds(3600), sync: sync, logger: Logger(label: "test")) { events in
            _ = try await store.recordGateEvents(
                events.map { spooled in
                    GateEventDraft(
                        id: spooled.id,
                        audit: AuditDraft(
                            actor: spooled.gate, action: spooled.event.outcome == .released ? "gate.release" : "gate.deny",
                            input: Data(spooled.id.utf8), result: "\(spooled.event.artifact) \(spooled.event.detail)", versions: ""))
                })
        }
    }

    static func store() async throws -> SQLiteStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-spool-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory.appendingPathComponent("clearance.sqlite").path)
        try await store.migrate()
        return store
    }

    static func segments(_ spool: GateSpool) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: spool.directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "jsonl" }.sorted { $0.path < $1.path }
    }

    static func download(_ fixture: ReleaseGateTests.Fixture, token: String) async throws -> (HTTPResponse.Status, String) {
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/artifacts/turbine-cooling-data", method: .get, headers: ReleaseGateTests.bearer(token)) { response in
                (response.status, String(buffer: response.body))
            }
        }
    }

    @Test func aReleaseIsOnDiskBeforeItIsAnsweredAndReachesTheStoreOnceEvenWhenReplayed() async throws {
        let store = try await Self.store()
        let spool = try Self.spool(store: store)
        let fixture = try await ReleaseGateTests.fixture(auditor: spool)
        let token = try await ReleaseTokenTests.sign(ReleaseTokenTests.claims())
        #expect(try await Self.download(fixture, token: token).0 == .ok)
        let segment = try #require(try Self.segments(spool).first)
        let spooled = try Data(contentsOf: segment)
        #expect(String(decoding: spooled, as: UTF8.self).contains(#""decision_id":"az_0123""#), "spooled before the answer")
        #expect(try await store.auditRecords(after: 0, limit: 10).isEmpty)

        #expect(await spool.flush())
        #expect(try Self.segments(spool).isEmpty, "removed once the store committed it")
        #expect(try await store.auditRecords(after: 0, limit: 10).map(\.action) == ["gate.release"])

        // A crash between the store's commit and the removal leaves the segment behind: it is replayed, not recorded twice.
        try spooled.write(to: segment)
        #expect(await spool.flush())
        #expect(try await store.auditRecords(after: 0, limit: 10).count == 1)
        #expect(try await store.verifyAudit().isIntact)
    }

    @Test func withIntervalSyncAReleaseIsInTheSpoolFileBeforeItIsAnsweredAndReachesTheStore() async throws {
        let store = try await Self.store()
        let spool = try Self.spool(store: store, sync: .interval)
        let fixture = try await ReleaseGateTests.fixture(auditor: spool)
        let token = try await ReleaseTokenTests.sign(ReleaseTokenTests.claims())
        #expect(try await Self.download(fixture, token: token).0 == .ok)
        let segment = try #require(try Self.segments(spool).first)
        #expect(String(decoding: try Data(contentsOf: segment), as: UTF8.self).contains(#""decision_id":"az_0123""#), "written before the answer")
        #expect(await spool.flush())
        #expect(try Self.segments(spool).isEmpty)
        #expect(try await store.auditRecords(after: 0, limit: 10).map(\.action) == ["gate.release"])
    }

    @Test func aStoreThatRefusesWritesLeavesEventsSpooledUntilItTakesThem() async throws {
        let store = try await Self.store()
        try await store.execute("CREATE TRIGGER refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'the store refuses writes'); END")
        let spool = try Self.spool(store: store)
        let fixture = try await ReleaseGateTests.fixture(auditor: spool)
        let token = try await ReleaseTokenTests.sign(ReleaseTokenTests.claims())
        for _ in 0..<3 { #expect(try await Self.download(fixture, token: token).0 == .ok, "releases go on while the store refuses") }
        #expect(await spool.flush() == false)
        #expect(await spool.flush() == false)
        #expect(try Self.segments(spool).count == 1, "nothing is dropped")

        try await store.execute("DROP TRIGGER refuse")
        #expect(await spool.flush())
        #expect(try await store.auditRecords(after: 0, limit: 10).map(\.action) == ["gate.release", "gate.release", "gate.release"])
        #expect(try Self.segments(spool).isEmpty)
    }

    @Test func whileTheSpoolCannotBeWrittenEveryRequestIsRefusedWith503() async throws {
        let store = try await Self.store()
        let spool = try Self.spool(store: store)
        let fixture = try await ReleaseGateTests.fixture(auditor: spool)
        let token = try await ReleaseTokenTests.sign(ReleaseTokenTests.claims())
        let moved = spool.directory.appendingPathExtension("moved")
        // Root may write anywhere, so the spool is made unwritable by putting a file where its directory was.
        try FileManager.default.moveItem(at: spool.directory, to: moved)
        try Data("not a directory".utf8).write(to: spool.directory)
        let (status, body) = try await Self.download(fixture, token: token)
        #expect(status == .serviceUnavailable)
        #expect(body.contains("audit_unavailable") && !body.contains(spool.directory.path), "\(body)")
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/artifacts/turbine-cooling-data", method: .get) { response in
                #expect(response.status == .serviceUnavailable, "refusals cannot be recorded either")
            }
        }

        try FileManager.default.removeItem(at: spool.directory)
        try FileManager.default.moveItem(at: moved, to: spool.directory)
        #expect(try await Self.download(fixture, token: token).0 == .ok)
        #expect(await spool.flush())
        #expect(try await store.auditRecords(after: 0, limit: 10).map(\.action) == ["gate.release"], "only what was answered is recorded")
    }

    @Test func concurrentRequestsShareFsyncsAndEveryOneIsRecorded() async throws {
        let store = try await Self.store()
        let spool = try Self.spool(store: store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await spool.record(
                        GateEvent(outcome: .denied, artifact: "a\(index)", decisionID: nil, subject: nil, detail: "missing_token"))
                }
            }
            try await group.waitForAll()
        }
        let lines = try Self.segments(spool).map { try String(contentsOf: $0, encoding: .utf8).split(separator: "\n").count }
        #expect(lines.reduce(0, +) == 200)
        #expect(await spool.flush())
        let artefacts = try await store.auditRecords(after: 0, limit: 1000).map { $0.result.split(separator: " ")[0] }
        #expect(Set(artefacts) == Set((0..<200).map { "a\($0)" }) && artefacts.count == 200)
    }

    @Test func anUnfinishedLastLineIsSkippedAndACorruptLineStopsTheReplayNamingItsPlace() async throws {
        let store = try await Self.store()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-spool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let event = SpooledGateEvent(
            id: "ge_1", at: 1, gate: "gate:test", event: GateEvent(outcome: .denied, artifact: "x", decisionID: nil, subject: nil, detail: "d"))
        let line = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        try Data((line + "\n" + line.prefix(20)).utf8).write(to: directory.appendingPathComponent("00000000000000000001.jsonl"))
        let corrupt = directory.appendingPathComponent("00000000000000000002.jsonl")
        try Data((line.replacingOccurrences(of: "ge_1", with: "ge_2") + "\n{\"id\":\n" + line + "\n").utf8).write(to: corrupt)

        let spool = try Self.spool(store: store, directory: directory)
        #expect(await spool.flush() == false, "the corrupt segment is kept and the replay stops there")
        #expect(try await store.auditRecords(after: 0, limit: 10).map(\.inputDigest) == [AuditRecord.digest(Data("ge_1".utf8))], "the segment before it is recorded")
        #expect(FileManager.default.fileExists(atPath: corrupt.path))
        do {
            _ = try GateSpool.read(corrupt, logger: Logger(label: "test"))
        } catch {
            #expect(error.place == corrupt.path + ":2", "\(error)")
        }
        _ = withExtendedLifetime(spool) {
            #expect(throws: GateAuditError.self, "a second gate on the same spool") { _ = try Self.spool(store: store, directory: directory) }
        }
    }
}
