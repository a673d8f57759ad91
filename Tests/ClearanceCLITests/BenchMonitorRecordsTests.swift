import Foundation
import Monitor
import Testing

/// `clearance-bench monitor-records`, the workload of scripts/bench-monitor-intake.
struct BenchMonitorRecordsTests {
    @Test("monitor-records writes K records with distinct nonces, each verifying against the registry it wrote")
    func recordsVerifyAgainstTheRegistry() async throws {
        let registry = try CLI.temporaryFile("", name: "registry.txt")
        let run = try await CLI.run(["monitor-records", "--count", "6", "--devices", "2", "--landmarks", "2", "--registry", registry], executable: CLI.benchExecutable)
        #expect(run.status == 0, "\(run.stderr)")
        var keys: [String: AttestationKey] = [:]
        for line in String(decoding: FileManager.default.contents(atPath: registry) ?? Data(), as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            keys[String(fields[1])] = try AttestationKey.parse(base64: String(fields[2])).get()
        }
        #expect(keys.count == 4)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        var nonces = Set<String>()
        for line in lines {
            let body = try jsonObject(line)
            let device = try #require(body["device"] as? String), landmark = try #require(body["landmark"] as? String)
            let nonce = try #require(body["nonce"] as? String)
            nonces.insert(nonce)
            let challenge = Challenge(
                landmark: landmark, device: device, nonce: Array(try #require(Data(base64Encoded: nonce))),
                issuedAtMs: try #require(body["issued_at"] as? Int64))
            let deviceSignature = try #require(body["device_signature"] as? String), landmarkSignature = try #require(body["landmark_signature"] as? String)
            let record = MeasurementRecord(
                challenge: challenge, probesMs: try #require(body["rtt_ms"] as? [Double]), minimumMs: try #require(body["min_rtt_ms"] as? Double),
                deviceSignature: Array(try #require(Data(base64Encoded: deviceSignature))),
                landmarkSignature: Array(try #require(Data(base64Encoded: landmarkSignature))))
            let problem = MeasurementVerifier().problem(
                of: record, deviceKey: try #require(keys[device]), landmarkKey: try #require(keys[landmark]), nowMs: challenge.issuedAtMs + 1)
            #expect(problem == nil, "\(line)")
        }
        #expect(nonces.count == 6)
    }
}
