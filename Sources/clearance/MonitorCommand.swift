import ArgumentParser
import BundledData
import Foundation
import Monitor

/// `clearance monitor`: location verification of released controlled hardware.
struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Prove where a device is from landmark round-trip times, and estimate it.",
        subcommands: [MonitorLocate.self, MonitorSweep.self, MonitorStatus.self, MonitorReport.self]
    )
}

/// `clearance monitor locate`: the offline evaluation contract.
struct MonitorLocate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locate",
        abstract: "Locate devices from measured RTTs and judge each claim: one JSON line per claim row, in order.",
        discussion: """
            L.csv: id,latitude,longitude,country. M.csv: device,landmark,rtt_ms (the round's minimum per pair). \
            C.csv: device,country (optionally latitude,longitude,radius_km for a site). P.csv: a,b,rtt_ms between \
            landmarks (calibration; landmarks whose mutual RTTs break the speed bound are distrusted).

            verdict is proven under the stated speed (verified: the region lies wholly inside the claim; violation: \
            it does not touch it; inconsistent: no point fits every bound). likely adds the calibrated, statistical \
            judgement (likely_verified / likely_violation) where nothing is proven. A bad row prints an error line \
            naming the file and line, and the exit status is 1.

            Examples:
              clearance monitor locate --landmarks L.csv --measurements M.csv --claims C.csv --calibration P.csv --format jsonl
              clearance monitor locate --landmarks L.csv --measurements M.csv --claims C.csv --speed-km-per-ms 299.79 --format jsonl
            """
    )

    @Option(help: ArgumentHelp("Landmarks: id,latitude,longitude,country.", valueName: "L.csv"))
    var landmarks: String

    @Option(help: ArgumentHelp("Measurements: device,landmark,rtt_ms.", valueName: "M.csv"))
    var measurements: String

    @Option(help: ArgumentHelp("Claims: device,country[,latitude,longitude,radius_km].", valueName: "C.csv"))
    var claims: String

    @Option(help: ArgumentHelp("Landmark-to-landmark RTTs: a,b,rtt_ms.", valueName: "P.csv"))
    var calibration: String?

    @Option(help: "The signal speed the bounds assume, km per ms (200: fibre; 299.79: vacuum).")
    var speedKmPerMs: Double = SignalSpeed.fibre.kmPerMs

    @Option(help: "jsonl (one JSON object per claim row).")
    var format: String = "jsonl"

    func validate() throws {
        guard format == "jsonl" else { throw ValidationError("--format must be jsonl, got '\(format)'") }
        guard SignalSpeed(kmPerMs: speedKmPerMs) != nil else {
            throw ValidationError("--speed-km-per-ms must be above 0 and at most 299.792458 (light in vacuum), got \(speedKmPerMs)")
        }
    }

    func run() throws {
        let indexFile = BundledData.boundaryIndexFile
        guard let indexData = try? Data(contentsOf: indexFile) else {
            throw ValidationError("cannot read the boundary index \(indexFile.path)")
        }
        let index = try BoundaryIndex(encoded: indexData, file: indexFile.path)
        func input(_ path: String) throws -> NamedInput {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path): no such file or no permission")
            }
            return NamedInput(name: path, data: data)
        }
        let speed = SignalSpeed(kmPerMs: speedKmPerMs) ?? .fibre
        let result = LocateBatch.run(
            index: index, landmarks: try input(landmarks), measurements: try input(measurements), claims: try input(claims),
            calibration: try calibration.map(input), speed: speed)
        // Written in blocks: a round's evidence makes lines long, and one joined copy of all of them is costly.
        var start = 0
        while start < result.lines.count {
            let end = min(result.lines.count, start + 1_000)
            FileHandle.standardOutput.write(Data((result.lines[start..<end].joined(separator: "\n") + "\n").utf8))
            start = end
        }
        if result.failures > 0 { throw ExitCode.failure }
    }
}
