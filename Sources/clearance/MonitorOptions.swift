import ArgumentParser
import BundledData
import Foundation
import Monitor
import Operations
import Store

/// The options of the per-round verdicts (`clearance serve`, `clearance monitor sweep`).
struct MonitorOptions: ParsableArguments {
    @Option(name: .customLong("monitor-round-window"), help: ArgumentHelp(
        "A round: a device's accepted records within this many seconds before its newest one.", valueName: "SECONDS"))
    var roundWindow: Int64 = MonitorSettings.defaultRoundWindowMs / 1000

    @Option(name: .customLong("monitor-overdue-grace"), help: ArgumentHelp(
        "A device is overdue this many seconds past its check-in interval without an accepted record.", valueName: "SECONDS"))
    var overdueGrace: Int64 = MonitorSettings.defaultOverdueGraceMs / 1000

    @Option(name: .customLong("monitor-speed-km-per-ms"), help: "The signal speed the verdicts' bounds assume, km per ms (200: fibre; 299.79: vacuum).")
    var speedKmPerMs: Double = SignalSpeed.fibre.kmPerMs

    func validate() throws {
        guard (1...86_400).contains(roundWindow) else { throw ValidationError("--monitor-round-window must be 1 to 86400 seconds, got \(roundWindow)") }
        guard (0...31_536_000).contains(overdueGrace) else {
            throw ValidationError("--monitor-overdue-grace must be 0 to 31536000 seconds, got \(overdueGrace)")
        }
        guard SignalSpeed(kmPerMs: speedKmPerMs) != nil else {
            throw ValidationError("--monitor-speed-km-per-ms must be above 0 and at most 299.792458 (light in vacuum), got \(speedKmPerMs)")
        }
    }

    /// The settings, with the bundled boundary index; a missing or damaged index stops the command, naming the file.
    func settings() throws -> MonitorSettings {
        let file = BundledData.boundaryIndexFile
        guard let data = try? Data(contentsOf: file) else { throw ValidationError("cannot read the boundary index \(file.path)") }
        return try MonitorSettings(
            indexData: data, file: file.path, speed: SignalSpeed(kmPerMs: speedKmPerMs) ?? .fibre, roundWindowMs: roundWindow * 1000,
            overdueGraceMs: overdueGrace * 1000)
    }
}
