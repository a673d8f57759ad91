import Foundation
import Store
import Testing

@testable import Operations

/// Late records (posted from a landmark's spool after an outage): each is judged on its own and acted on, and never
/// joins the current round, whose verdict stays the device's latest.
@Suite struct MonitorLateRecordTests {
    static let hour: Int64 = 3_600_000

    @Test("a late record proving a violation opens its alert, while the current round of timely records stays the latest verdict", arguments: ServiceBackend.allCases)
    func lateViolationBesideTimelyRound(backend: ServiceBackend) async throws {
        let scene = try await MonitorScene.make(backend)
        let timely = try await scene.record("lm-paris", rtt: 0.5)
        #expect(try await scene.verdicts.evaluate(device: "gpu-1")?.verdict?.verdict == "verified")
        // Measured in Berlin an hour ago, posted only now: with the Paris record in one round the bounds would not meet.
        let late = try await scene.record("lm-berlin", rtt: 0.5, agoMs: Self.hour)
        let outcome = try #require(try await scene.verdicts.evaluate(device: "gpu-1"))
        #expect(outcome.verdict?.verdict == "verified" && outcome.verdict?.evidence.map(\.landmark) == ["lm-paris"])
        #expect(outcome.verdict?.throughMeasurement == late.id && outcome.verdict?.lastCheckIn == timely.receivedAt)
        let history = try await scene.verdicts.verdicts.verdicts(device: "gpu-1", before: nil, limit: 10)
        let lateVerdict = try #require(history.first { $0.evidence.map(\.landmark) == ["lm-berlin"] })
        #expect(lateVerdict.verdict == "violation" && lateVerdict.lastCheckIn == late.issuedAt && lateVerdict.roundStart == late.issuedAt)
        #expect(!history.contains { $0.verdict == "inconsistent" }, "the late record never joined the Paris round")
        #expect(try await scene.monitorAlerts().map(\.source) == ["monitor.violation"])
        #expect(try await scene.permitRevoked())
        #expect(try await scene.verdicts.verdicts.latestVerdict(device: "gpu-1")?.verdict == "verified")
        let audit = try await scene.harness.records(after: 0).filter { $0.action == "monitor.verdict" }
        #expect(audit.contains { $0.result.hasPrefix("device gpu-1 (late record \(late.id), measured \(late.issuedAt), received \(late.receivedAt)): violation") })
    }

    @Test("late records measured within one round window are judged together, and those measured apart in rounds of their own", arguments: ServiceBackend.allCases)
    func lateRecordsGroupedByMeasurementTime(backend: ServiceBackend) async throws {
        let scene = try await MonitorScene.make(backend)
        // Two hours ago, a minute apart: Paris and Berlin both 0.5 ms cannot both hold (one round, inconsistent).
        let paris = try await scene.record("lm-paris", rtt: 0.5, agoMs: 2 * Self.hour)
        let berlin = try await scene.record("lm-berlin", rtt: 0.5, agoMs: 2 * Self.hour - 60_000)
        // An hour ago, alone: Madrid (a violation of its own).
        let madrid = try await scene.record("lm-madrid", rtt: 0.5, agoMs: Self.hour)
        #expect(MonitorVerdicts.lateRounds([madrid, berlin, paris].map(Self.summary), windowMs: scene.verdicts.settings.roundWindowMs).map { $0.map(\.id) }
            == [[berlin.id, paris.id], [madrid.id]])
        _ = try #require(try await scene.verdicts.evaluate(device: "gpu-1"))
        let history = try await scene.verdicts.verdicts.verdicts(device: "gpu-1", before: nil, limit: 10)
        #expect(history.count == 2)
        let together = try #require(history.first { $0.throughMeasurement == berlin.id })
        #expect(together.verdict == "inconsistent" && Set(together.evidence.map(\.landmark)) == ["lm-paris", "lm-berlin"])
        #expect(together.roundStart == paris.issuedAt && together.lastCheckIn == berlin.issuedAt)
        let alone = try #require(history.first { $0.throughMeasurement == madrid.id })
        #expect(alone.verdict == "violation" && alone.evidence.map(\.landmark) == ["lm-madrid"] && alone.lastCheckIn == madrid.issuedAt)
        #expect(try await scene.verdicts.verdicts.latestVerdict(device: "gpu-1")?.throughMeasurement == madrid.id)
        let audit = try await scene.harness.records(after: 0).filter { $0.action == "monitor.verdict" }
        #expect(audit.contains { $0.result.hasPrefix("device gpu-1 (late records \(paris.id), \(berlin.id), measured \(paris.issuedAt) to \(berlin.issuedAt), received ") })
    }

    @Test("a late record not yet judged is judged even when newer records arrived after its round window", arguments: ServiceBackend.allCases)
    func lateRecordBeyondTheReceiptWindow(backend: ServiceBackend) async throws {
        let scene = try await MonitorScene.make(backend)
        // Its verdict never ran (as when it failed after the response); 20 minutes later a timely record arrives.
        let late = try await scene.record("lm-berlin", rtt: 0.5, agoMs: Self.hour)
        scene.clock.advance(by: 20 * 60_000)
        let timely = try await scene.record("lm-paris", rtt: 0.5)
        let outcome = try #require(try await scene.verdicts.evaluate(device: "gpu-1"))
        #expect(outcome.verdict?.verdict == "verified" && outcome.verdict?.throughMeasurement == timely.id)
        let history = try await scene.verdicts.verdicts.verdicts(device: "gpu-1", before: nil, limit: 10)
        #expect(history.contains { $0.verdict == "violation" && $0.throughMeasurement == late.id && $0.lastCheckIn == late.issuedAt })
        #expect(try await scene.monitorAlerts().map(\.source) == ["monitor.violation"])
    }

    static func summary(_ row: MeasurementRow) -> MeasurementSummary {
        MeasurementSummary(id: row.id, landmark: row.landmark, issuedAt: row.issuedAt, receivedAt: row.receivedAt, minimumMs: row.minimumMs)
    }

    @Test("a device heard from only through a late record checks in at its measurement time, and the record is judged once", arguments: ServiceBackend.allCases)
    func lateOnly(backend: ServiceBackend) async throws {
        let scene = try await MonitorScene.make(backend)
        let late = try await scene.record("lm-paris", rtt: 0.5, agoMs: 2 * Self.hour)
        let outcome = try #require(try await scene.verdicts.evaluate(device: "gpu-1"))
        #expect(outcome.verdict?.verdict == "verified" && outcome.verdict?.lastCheckIn == late.issuedAt)
        #expect(try await scene.verdicts.evaluate(device: "gpu-1") == nil, "nothing new to judge")
        #expect(try await scene.verdicts.verdicts.verdicts(device: "gpu-1", before: nil, limit: 10).count == 1)
    }
}
