import ArgumentParser
import BundledData
import Foundation
import Monitor

/// `clearance-bench monitor`: `monitor locate` throughput on a seeded synthetic round: landmarks and devices at
/// random places on land, every device measured by every landmark (RTT = twice the fibre time times 1 to 1.5,
/// plus 0.5 to 3 ms), claims of the device's own country and of random others.
struct BenchMonitor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Time monitor locate's claims per second with 150 landmarks per device (in-process, median of runs).",
        discussion: """
            Examples:
              clearance-bench monitor --claims 20000 --runs 5
              clearance-bench monitor --claims 20000 --write-dir /tmp/round   # also write L.csv M.csv C.csv P.csv for hyperfine
            """
    )

    @Option(help: "Landmarks per device.")
    var landmarks: Int = 150

    @Option(help: "Claims per run (10 per device).")
    var claims: Int = 20_000

    @Option(help: "Timed runs; the median is reported.")
    var runs: Int = 5

    @Option(help: "The random seed.")
    var seed: UInt64 = 42

    @Option(help: ArgumentHelp("Also write the round as L.csv, M.csv, C.csv and P.csv here.", valueName: "DIR"))
    var writeDir: String?

    func run() throws {
        let index = try BoundaryIndex(encoded: Data(contentsOf: BundledData.boundaryIndexFile), file: "boundaries.index")
        var random = SplitMix(seed: seed)
        func unit() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        func onLand() -> (GeoPoint, String) {
            while true {
                let lat = asin(unit() * 2 - 1) * 180 / .pi, lon = unit() * 360 - 180
                guard lat > -56, lat < 70, let p = GeoPoint(latitude: lat, longitude: lon) else { continue }
                if let code = index.areas(at: p).inside.first(where: { $0.count == 2 }) { return (p, code) }
            }
        }
        func rtt(_ a: GeoPoint, _ b: GeoPoint) -> Double {
            2 * Earth.distanceKm(a, b) / 200 * (1 + unit() * 0.5) + 0.5 + unit() * 2.5
        }
        let places = (0..<landmarks).map { _ in onLand() }
        var l = "id,latitude,longitude,country\n", p = "a,b,rtt_ms\n", m = "device,landmark,rtt_ms\n", c = "device,country\n"
        for (i, place) in places.enumerated() { l += "L\(i),\(place.0.latitude),\(place.0.longitude),\(place.1)\n" }
        for i in 0..<places.count {
            for j in (i + 1)..<places.count { p += "L\(i),L\(j),\(String(format: "%.3f", rtt(places[i].0, places[j].0)))\n" }
        }
        let codes = Array(Set(places.map(\.1))).sorted()
        for device in 0..<max(1, claims / 10) {
            let (position, country) = onLand()
            for (i, place) in places.enumerated() { m += "D\(device),L\(i),\(String(format: "%.3f", rtt(position, place.0)))\n" }
            c += "D\(device),\(country)\n"
            for _ in 0..<9 { c += "D\(device),\(codes[Int(random.next() % UInt64(codes.count))])\n" }
        }
        let inputs = (NamedInput(name: "L.csv", data: Data(l.utf8)), NamedInput(name: "M.csv", data: Data(m.utf8)),
                      NamedInput(name: "C.csv", data: Data(c.utf8)), NamedInput(name: "P.csv", data: Data(p.utf8)))
        if let writeDir {
            let folder = URL(fileURLWithPath: writeDir)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for input in [inputs.0, inputs.1, inputs.2, inputs.3] { try input.data.write(to: folder.appendingPathComponent(input.name)) }
        }
        var seconds: [Double] = []
        var lines = 0
        for run in 0..<runs {
            let start = DispatchTime.now()
            let result = LocateBatch.run(index: index, landmarks: inputs.0, measurements: inputs.1, claims: inputs.2,
                                         calibration: inputs.3, speed: .fibre)
            seconds.append(Measure.seconds(since: start))
            guard result.failures == 0 else { throw EvalError("the synthetic round had \(result.failures) failures") }
            if run == 0 { lines = result.lines.count }
        }
        let count = Double(c.split(separator: "\n").count - 1)
        let median = Measure.median(seconds)
        print("\(Int(count)) claims, \(landmarks) landmarks per device, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print(String(format: "monitor locate in-process (parse, calibrate, locate, write JSON): median %.3f s = %.0f claims/s (runs %@)",
                     median, count / median, seconds.map { String(format: "%.3f", $0) }.joined(separator: ", ")))
        print("\(lines) output lines; 10 claims per device (its own country and 9 others), one round per device")
    }
}
