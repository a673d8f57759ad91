import Audit
import Foundation
import Store
import Testing

/// `clearance serve`'s monitoring loop on a real server: records stored without their verdict being queued (as when a
/// verdict failed after its response) are located by the periodic catch-up, without a restart.
@Suite struct MonitorCatchUpTests {
    /// Stores an accepted record of gpu-1 by lm-fra straight into the server's store: nothing queues its verdict.
    static func storeRecord(_ server: Server, nonce: String, rtt: Double) async throws -> MeasurementRow {
        let store = try await StoreLocation(server.database).open(leaseTimeout: PostgresStore.testLeaseTimeout)
        defer { (store as? PostgresStore)?.shutdown() }
        let registry = try #require(store as? any MonitorStore)
        let now = MeasurementIntakeAPITests.nowMs
        return try await registry.recordMeasurement(
            MeasurementRow(
                device: "gpu-1", landmark: "lm-fra", nonce: nonce, issuedAt: now, receivedAt: now, probesMs: [rtt], minimumMs: rtt,
                deviceSignature: "ZGV2aWNl", landmarkSignature: "bGFuZG1hcms="),
            audit: AuditDraft(actor: "test", action: "monitor.measurement", input: Data(), result: "gpu-1", versions: ""))
    }

    /// The device's latest verdict once it covers record `id` (nil after 20 s).
    static func verdict(_ server: Server, through id: Int64) async throws -> [String: Any]? {
        for _ in 0..<200 {
            let reply = try await server.request("GET", "/v1/monitor/devices/gpu-1", role: .analyst)
            if let latest = reply.json["latest"] as? [String: Any], latest["through_measurement"] as? Int64 == id { return latest }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    @Test("records whose verdicts were never queued are located by the periodic catch-up of a running server", arguments: Server.Backend.allCases)
    func periodicCatchUp(backend: Server.Backend) async throws {
        let first = try await MeasurementIntakeAPITests.registry(backend)
        first.stop()
        let server = try await Server.restart(first, extra: ["--monitor-sweep-every", "1"])
        defer { server.stop() }
        // The first may be located by the catch-up at start; the second only by a later, periodic one.
        let one = try await Self.storeRecord(server, nonce: "Y2F0Y2gtdXAtMQ==", rtt: 0.2)
        let located = try #require(try await Self.verdict(server, through: one.id), "no verdict through record \(one.id)")
        #expect(located["verdict"] as? String == "verified")
        let two = try await Self.storeRecord(server, nonce: "Y2F0Y2gtdXAtMg==", rtt: 0.1)
        let again = try #require(try await Self.verdict(server, through: two.id), "the periodic catch-up did not locate record \(two.id)")
        #expect(again["verdict"] as? String == "verified")
        #expect((again["evidence"] as? [[String: Any]])?.first?["rtt_ms"] as? Double == 0.1)
    }
}
