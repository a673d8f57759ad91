import Audit
import BundledData
import Foundation
import Operations
import Store
import Testing

@testable import Workbench

/// A monitoring alert in the Workbench: the queue can be filtered to it, and its case shows the device, what it was
/// released under and the finding from the stored evidence — never a screening explanation that cannot be read.
@Suite struct MonitorCasePageTests {
    /// The harness's party as the end user of device gpu-1, licensed in France, a landmark in Berlin, and the verdicts.
    static func scene(_ harness: Harness, clock: ManualClock) async throws -> MonitorVerdicts {
        let monitor = try MonitorService(store: harness.store, clock: clock.now)
        try await monitor.registry.registerLandmark(
            LandmarkRecord(
                id: "lm-berlin", latitude: 52.52, longitude: 13.405, country: "DE", publicKey: Data(repeating: 9, count: 32).base64EncodedString(),
                trusted: true, registeredAt: clock.now()),
            audit: AuditDraft(actor: "test", action: "monitor.landmark.register", input: Data(), result: "lm-berlin", versions: ""))
        try await monitor.registry.registerDevice(
            DeviceRecord(
                id: "gpu-1", publicKey: Data(repeating: 7, count: 32).base64EncodedString(), eccn: "3A090.a", serial: "SN-0001",
                authorizationID: "LIC-FR-7", endUserPartyID: "party-1", country: "FR", site: nil, checkInIntervalSeconds: 3600, registeredAt: clock.now()),
            audit: AuditDraft(actor: "test", action: "monitor.device.register", input: Data(), result: "gpu-1", versions: ""))
        let settings = try MonitorSettings(indexData: Data(contentsOf: BundledData.boundaryIndexFile), file: BundledData.boundaryIndexFile.path)
        return try MonitorVerdicts(monitor: monitor, settings: settings)
    }

    @Test("a proven violation's case shows the device, its licence and each landmark's signed RTT and bound, and the queue filters to it", arguments: PageBackend.allCases)
    func violationCase(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        let clock = ManualClock(1_780_000_000_000)
        let verdicts = try await Self.scene(harness, clock: clock)
        let record = try await verdicts.monitor.registry.recordMeasurement(
            MeasurementRow(
                device: "gpu-1", landmark: "lm-berlin", nonce: "bm9uY2UtMQ==", issuedAt: clock.now() - 40, receivedAt: clock.now(), probesMs: [0.7, 0.5],
                minimumMs: 0.5, deviceSignature: "ZGV2aWNl", landmarkSignature: "bGFuZG1hcms="),
            audit: AuditDraft(actor: "lm", action: "monitor.measurement", input: Data(), result: "gpu-1", versions: ""))
        let alertID = try #require(try await verdicts.evaluate(device: "gpu-1")?.openedAlert)
        try await harness.serve { browser in
            try await browser.signIn("ana")
            let page = try await browser.get("/alerts/\(alertID)")
            #expect(page.status == .ok)
            #expect(page.html.contains(#"<h2 id="finding">Location violation (proven)</h2>"#))
            for (label, value) in [
                ("ECCN", "3A090.a"), ("Serial", "SN-0001"), ("Released under", #"<a href="/licences/LIC-FR-7">LIC-FR-7</a>"#), ("Licensed location", "country FR"),
                ("Verdict (proven)", "violation"), ("Claim judged", "FR"), ("Countries the proven region can touch", "DE"), ("Signal speed assumed", "200 km/ms"),
            ] {
                #expect(page.html.contains("<dt>\(label)</dt><dd>\(value)</dd>"), "\(label): \(value)")
            }
            #expect(page.html.contains("<td>lm-berlin</td><td class=\"num\">0.500</td><td class=\"num\">50 km</td><td class=\"num\">\(record.id)</td>"))
            #expect(page.html.contains("<td>0.700, 0.500</td><td><code>bm9uY2UtMQ==</code></td>"))
            #expect(!page.html.contains("cannot be read") && !page.html.contains("Listed entity"))
            #expect(page.html.contains(#"<label for="fp">False alarm (the finding is explained)</label>"#))
            #expect(page.html.contains(#"<label for="tm">Confirmed (the finding stands)</label>"#))

            let queue = try await browser.get("/alerts?status=open&list=monitor.violation")
            #expect(queue.status == .ok)
            #expect(queue.html.contains(#"<option value="monitor.violation" selected>monitor.violation</option>"#))
            #expect(queue.html.contains(#"<a href="/alerts/\#(alertID)">Alert \#(alertID)</a>"#))
            #expect(!queue.html.contains(#"<a href="/alerts/\#(harness.alertID)">"#), "the screening alert is filtered out")
        }
    }

    @Test("an overdue device's case shows when it last checked in, its interval and the grace")
    func overdueCase() async throws {
        let harness = try await Harness.make(.sqlite)
        let clock = ManualClock(1_780_000_000_000)
        let verdicts = try await Self.scene(harness, clock: clock)
        clock.advance(by: 3600_000 + verdicts.settings.overdueGraceMs + 1)
        #expect(try await verdicts.sweepOverdue() == ["gpu-1"])
        let alert = try #require(try await harness.store.alerts(partyID: "party-1").first { $0.source == "monitor.overdue" })
        try await harness.serve { browser in
            try await browser.signIn("ana")
            let page = try await browser.get("/alerts/\(alert.id)")
            #expect(page.status == .ok)
            #expect(page.html.contains(#"<h2 id="finding">Device overdue</h2>"#))
            #expect(page.html.contains("<dt>Last check-in</dt><dd>never (registered "))
            #expect(page.html.contains("<dt>Check-in interval</dt><dd>1 h</dd>"))
            #expect(!page.html.contains("cannot be read"))
        }
    }
}
