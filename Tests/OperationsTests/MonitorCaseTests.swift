import Foundation
import Store
import Testing

@testable import Operations

/// A monitoring alert read back for its case: the stored evidence decodes to the verdict and signed records it was
/// written from, and evidence that cannot be read says so.
@Suite struct MonitorCaseTests {
    @Test("a violation alert's case holds the device and the stored verdict with its signed records, as written", arguments: ServiceBackend.allCases)
    func violationCase(backend: ServiceBackend) async throws {
        let scene = try await MonitorScene.make(backend)
        let record = try await scene.record("lm-berlin", rtt: 0.5)
        let alertID = try #require(try await scene.verdicts.evaluate(device: "gpu-1")?.openedAlert)
        let file = try await WorkbenchReads(store: scene.harness.store).casePage(alertID: alertID)
        let monitor = try #require(file.monitor)
        #expect(monitor.kind == .violation && monitor.deviceID == "gpu-1" && monitor.device?.serial == "SN-gpu-1")
        #expect(file.entity == nil)
        guard case .location(let verdict, let records) = monitor.finding else {
            Issue.record("expected a located round, got \(monitor.finding)")
            return
        }
        // The evidence is written before the verdict is stored, so it carries no row id.
        var stored = try #require(try await scene.verdicts.verdicts.latestVerdict(device: "gpu-1"))
        stored.id = 0
        #expect(verdict == stored)
        #expect(records == [record])
    }

    @Test("evidence that cannot be read is named as such, never shown as an empty finding")
    func unreadable() {
        guard case .unreadable(let problem) = MonitorCase.finding(.violation, json: #"{"verdict": 3}"#) else {
            Issue.record("expected unreadable")
            return
        }
        #expect(problem.hasPrefix("the stored evidence (alerts.match_json) cannot be read"))
        #expect(MonitorAlertKind(source: "monitor.likely_violation") == .likelyViolation && MonitorAlertKind(source: "ofac-sdn") == nil)
    }
}
