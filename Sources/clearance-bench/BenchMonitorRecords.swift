import ArgumentParser
import Crypto
import Foundation
import Monitor

/// `clearance-bench monitor-records`: signed measurement records for `scripts/bench-monitor-intake`, one
/// `POST /v1/monitor/measurements` body per line, each with its own fresh nonce, issued now.
struct BenchMonitorRecords: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor-records",
        abstract: "Write K pre-signed measurement records (JSON body per line) and the keys to register their devices and landmarks.",
        discussion: """
            Device i and landmark j have keys derived from --seed, so two runs with one seed agree on the registry.
            Example:
              clearance-bench monitor-records --count 0 --registry reg.txt     # lines "device ID KEY" / "landmark ID KEY"
              clearance-bench monitor-records --count 60000 > records.jsonl    # issued now: post them within 5 minutes
            """)

    @Option(help: "Records to write.") var count = 10_000
    @Option(help: "Devices (gpu-0 …).") var devices = 20
    @Option(help: "Landmarks (lm-0 …).") var landmarks = 4
    @Option(help: "The seed of the keys and nonces.") var seed: UInt64 = 7
    @Option(help: ArgumentHelp("Also write the registry (\"device|landmark ID PUBLIC-KEY\" per line) here.", valueName: "F")) var registry: String?

    struct Seeded: RandomNumberGenerator {
        var mix: SplitMix
        mutating func next() -> UInt64 { mix.next() }
    }

    func validate() throws {
        guard count >= 0, devices >= 1, landmarks >= 1 else { throw ValidationError("--count must be at least 0; --devices and --landmarks at least 1") }
    }

    func run() throws {
        var keys = Seeded(mix: SplitMix(seed: seed))
        func key() throws -> Curve25519.Signing.PrivateKey {
            try Curve25519.Signing.PrivateKey(rawRepresentation: (0..<32).map { _ in UInt8.random(in: 0...255, using: &keys) })
        }
        let deviceKeys = try (0..<devices).map { _ in try key() }
        let landmarkKeys = try (0..<landmarks).map { _ in try key() }
        if let registry {
            let lines = deviceKeys.enumerated().map { "device gpu-\($0.offset) \($0.element.publicKey.rawRepresentation.base64EncodedString())" }
                + landmarkKeys.enumerated().map { "landmark lm-\($0.offset) \($0.element.publicKey.rawRepresentation.base64EncodedString())" }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: registry))
        }
        var nonces = Seeded(mix: SplitMix(seed: UInt64(Date().timeIntervalSince1970 * 1e6)))
        let issuedAt = Int64(Date().timeIntervalSince1970 * 1000)
        let out = FileHandle.standardOutput
        var batch = ""
        for index in 0..<count {
            let device = index % devices, landmark = (index / devices) % landmarks
            let challenge = Challenge.issue(landmark: "lm-\(landmark)", device: "gpu-\(device)", issuedAtMs: issuedAt, using: &nonces)
            let probes = [12.5 + Double(index % 7), 11.25 + Double(index % 5), 13.0]
            let record = try MeasurementRecord.signed(answer: try challenge.answer(with: deviceKeys[device]), probesMs: probes, key: landmarkKeys[landmark])
            batch += """
                {"device":"\(record.device)","landmark":"\(record.landmark)","nonce":"\(Data(record.challenge.nonce).base64EncodedString())",\
                "issued_at":\(issuedAt),"rtt_ms":[\(probes.map { "\($0)" }.joined(separator: ","))],"min_rtt_ms":\(record.minimumMs),\
                "device_signature":"\(Data(record.deviceSignature).base64EncodedString())",\
                "landmark_signature":"\(Data(record.landmarkSignature).base64EncodedString())"}

                """
            if index % 1000 == 999 {
                out.write(Data(batch.utf8))
                batch = ""
            }
        }
        out.write(Data(batch.utf8))
    }
}
