import ArgumentParser
import BundledData
import Foundation
import Monitor

/// `clearance-bench monitor-eval`: the Monitor engine's evaluation on real RTTs between servers at known
/// places (run by scripts/eval-monitor, which writes eval/monitor/REPORT.md).
struct BenchMonitorEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor-eval",
        abstract: "Hold servers out as devices, locate them against true and false claims, and report per continent.",
        discussion: """
            Folds of held-out servers (seeded); the other servers are landmarks and calibration. Claims per device:
            its own country (true), the two nearest other countries and two random server countries (false).
            Adversaries on every false claim with a server in the claimed country: a relay there, and padding
            up to what a device there would show. Devices whose own labels break the speed bound are excluded.

            Example:
              clearance-bench monitor-eval --servers servers.csv --rtt rtt.csv --folds 5 --seed 1
            """
    )

    @Option(help: ArgumentHelp("Servers: id,city,country,latitude,longitude.", valueName: "FILE"))
    var servers: String

    @Option(help: ArgumentHelp("RTTs between servers: a,b,rtt_ms.", valueName: "FILE"))
    var rtt: String

    @Option(help: "How many folds of held-out devices.")
    var folds: Int = 5

    @Option(help: "The random seed for folds and random claims.")
    var seed: UInt64 = 1

    @Option(help: "Tuning: the verify bounds' pooled quantile.")
    var verifyQuantile: Double = StatisticalModel.standard.verify.quantile ?? 1

    @Option(help: "Tuning: the flag bounds' pooled quantile, multiplicative and additive (km) slack.")
    var flagQuantile: Double = StatisticalModel.standard.flag.quantile ?? 1
    @Option var flagSlack: Double = StatisticalModel.standard.flag.slack
    @Option var flagSlackKm: Double = StatisticalModel.standard.flag.slackKm
    @Option var flagMisses: Int = StatisticalModel.standard.flag.misses
    @Option var verifyMisses: Int = StatisticalModel.standard.verify.misses
    @Option var verifySlackKm: Double = StatisticalModel.standard.verify.slackKm
    @Option var verifySlack: Double = StatisticalModel.standard.verify.slack
    @Option var verifyBestline: Bool = StatisticalModel.standard.verify.bestline
    @Option var flagBestline: Bool = StatisticalModel.standard.flag.bestline

    @Option(help: "Tuning: the estimate bounds' pooled quantile and misses.")
    var estimateQuantile: Double = StatisticalModel.standard.estimate.quantile ?? 1
    @Option var estimateMisses: Int = StatisticalModel.standard.estimate.misses
    @Option(help: "Tuning: whether the estimate is the likeliest cell (else the estimate region's centre).")
    var likelihood: Bool = StatisticalModel.standard.likelihood

    var model: StatisticalModel {
        var model = StatisticalModel.standard
        model.verify.quantile = verifyQuantile
        model.flag.quantile = flagQuantile
        model.flag.slack = flagSlack
        model.flag.slackKm = flagSlackKm
        model.flag.misses = flagMisses
        model.verify.misses = verifyMisses
        model.verify.slackKm = verifySlackKm
        model.verify.slack = verifySlack
        model.verify.bestline = verifyBestline
        model.flag.bestline = flagBestline
        model.estimate.quantile = estimateQuantile
        model.estimate.misses = estimateMisses
        model.likelihood = likelihood
        return model
    }

    @Flag(help: "Print every true claim's result to standard error.")
    var verbose = false

    func run() throws {
        let index = try BoundaryIndex(encoded: Data(contentsOf: BundledData.boundaryIndexFile), file: "boundaries.index")
        let data = try EvalData(servers: servers, rtt: rtt)
        var random = SplitMix(seed: seed)
        var order = data.servers.map(\.id)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        let everyone = Calibration(landmarks: data.servers, pairs: data.pairs, speed: .fibre)
        let excluded = Set(everyone.distrusted.map(\.landmark))
        var tally = EvalTally()
        let countries = Array(Set(data.servers.map(\.country))).sorted()
        for fold in 0..<folds {
            let devices = Set(order.enumerated().filter { $0.offset % folds == fold }.map(\.element))
            let landmarks = data.servers.filter { !devices.contains($0.id) }
            let landmarkIDs = Set(landmarks.map(\.id))
            let pairs = data.pairs.filter { landmarkIDs.contains($0.a) && landmarkIDs.contains($0.b) }
            let engine = Locator(index: index, landmarks: landmarks, pairs: pairs, speed: .fibre, model: model)
            let baseline = BaselineLocator(index: index, landmarks: landmarks, pairs: pairs, speed: .fibre)
            for device in data.servers where devices.contains(device.id) && !excluded.contains(device.id) {
                let measurements = landmarks.compactMap { l in data.rtt(device.id, l.id).map { MeasuredRTT(landmark: l.id, rttMs: $0) } }
                guard !measurements.isEmpty else { continue }
                let continent = EvalData.continent(device.country)
                var claims = [(device.country, true)]
                for code in neighbours(of: device.position, own: device.country, index: index).prefix(2) { claims.append((code, false)) }
                var pool = countries.filter { code in code != device.country && !claims.contains { $0.0 == code } }
                for _ in 0..<2 where !pool.isEmpty {
                    claims.append((pool.remove(at: Int(random.next() % UInt64(pool.count))), false))
                }
                for (country, truth) in claims {
                    let claim = Claim(country: country)
                    let mine = try engine.locate(device: device.id, measurements: measurements, claim: claim)
                    let theirs = try baseline.locate(device: device.id, measurements: measurements, claim: claim)
                    tally.add(continent, engine: mine, baseline: theirs, truth: truth, position: device.position)
                    if verbose {
                        let error = mine.estimate.map { Earth.distanceKm($0.position, device.position) } ?? -1
                        let line = "\(truth ? "T" : "F") \(device.id) \(device.country) claim \(country) \(mine.verdict.rawValue) \(mine.statistical.rawValue) err \(Int(error)) radius \(Int(mine.estimate?.radiusKm ?? -1)) min rtt \(mine.evidence.first?.rttMs ?? -1) possible \(mine.possibleCountries.count) likely \(mine.likelyCountries.joined(separator: "+"))\n"
                        FileHandle.standardError.write(Data(line.utf8))
                    }
                    guard !truth, let place = data.servers.first(where: { $0.country == country && $0.id != device.id }) else { continue }
                    let relayed = landmarks.compactMap { l -> MeasuredRTT? in
                        let toRelay = l.id == place.id ? 0.0 : data.rtt(l.id, place.id)
                        guard let toRelay, let onward = data.rtt(place.id, device.id) else { return nil }
                        return MeasuredRTT(landmark: l.id, rttMs: toRelay + onward)
                    }
                    let padded = measurements.compactMap { m -> MeasuredRTT? in
                        let there = m.landmark == place.id ? 0.5 : data.rtt(m.landmark, place.id)
                        guard let there else { return nil }
                        return MeasuredRTT(landmark: m.landmark, rttMs: max(m.rttMs, there))
                    }
                    if !relayed.isEmpty {
                        tally.adversary("relay", try engine.locate(device: device.id, measurements: relayed, claim: claim),
                                        baseline: try baseline.locate(device: device.id, measurements: relayed, claim: claim))
                    }
                    if !padded.isEmpty {
                        tally.adversary("padding", try engine.locate(device: device.id, measurements: padded, claim: claim),
                                        baseline: try baseline.locate(device: device.id, measurements: padded, claim: claim))
                    }
                }
            }
        }
        print(tally.report(excluded: everyone.distrusted, servers: data.servers, folds: folds, seed: seed, model: model))
    }

    /// Countries (two-letter codes) other than `own` met on rings of growing radius around `position`, nearest first.
    func neighbours(of position: GeoPoint, own: String, index: BoundaryIndex) -> [String] {
        var found: [String] = []
        for radius in stride(from: 25.0, through: 2_000, by: 25) {
            for step in 0..<36 {
                let point = Self.destination(from: position, km: radius, bearingDegrees: Double(step) * 10)
                for code in index.areas(at: point).touching where code.count == 2 && code != own && !found.contains(code) {
                    found.append(code)
                }
            }
            if found.count >= 2 { break }
        }
        return found
    }

    static func destination(from p: GeoPoint, km: Double, bearingDegrees: Double) -> GeoPoint {
        let d = km / Earth.radiusKm, b = bearingDegrees * .pi / 180
        let phi1 = p.latitude * .pi / 180, l1 = p.longitude * .pi / 180
        let phi2 = asin(sin(phi1) * cos(d) + cos(phi1) * sin(d) * cos(b))
        var l2 = l1 + atan2(sin(b) * sin(d) * cos(phi1), cos(d) - sin(phi1) * sin(phi2))
        l2 = (l2 + 3 * .pi).truncatingRemainder(dividingBy: 2 * .pi) - .pi
        return GeoPoint(latitude: phi2 * 180 / .pi, longitude: l2 * 180 / .pi) ?? p
    }
}
