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

    @Option(name: .customLong("monitor-calibration"), help: ArgumentHelp(
        "Landmark-to-landmark RTTs (a,b,rtt_ms) calibrating the statistical tier (likely_verified / likely_violation).", valueName: "P.csv"))
    var calibration: String?

    func validate() throws {
        guard (1...86_400).contains(roundWindow) else { throw ValidationError("--monitor-round-window must be 1 to 86400 seconds, got \(roundWindow)") }
        guard (0...31_536_000).contains(overdueGrace) else {
            throw ValidationError("--monitor-overdue-grace must be 0 to 31536000 seconds, got \(overdueGrace)")
        }
        guard SignalSpeed(kmPerMs: speedKmPerMs) != nil else {
            throw ValidationError("--monitor-speed-km-per-ms must be above 0 and at most 299.792458 (light in vacuum), got \(speedKmPerMs)")
        }
    }

    /// The settings, with the bundled boundary index and the calibration (whose landmarks must be registered in
    /// `registry`); a missing or damaged file stops the command, naming the file (and line).
    func settings(registry: MonitorService) async throws -> MonitorSettings {
        var pairs: [LandmarkPair] = []
        if let calibration {
            guard let data = FileManager.default.contents(atPath: calibration) else {
                throw ValidationError("cannot read \(calibration): no such file or no permission")
            }
            var known = Set<String>()
            var after = ""
            while true {
                let page = try await registry.landmarks(after: after, limit: 500)
                known.formUnion(page.map(\.id))
                guard page.count == 500, let last = page.last else { break }
                after = last.id
            }
            let read = MonitorCSV.pairs(data, file: calibration, landmarks: known)
            if let problem = read.problems.first { throw ValidationError("\(problem)") }
            pairs = read.pairs
        }
        let file = BundledData.boundaryIndexFile
        guard let data = try? Data(contentsOf: file) else { throw ValidationError("cannot read the boundary index \(file.path)") }
        return try MonitorSettings(
            indexData: data, file: file.path, speed: SignalSpeed(kmPerMs: speedKmPerMs) ?? .fibre, roundWindowMs: roundWindow * 1000,
            overdueGraceMs: overdueGrace * 1000, calibration: pairs)
    }
}
