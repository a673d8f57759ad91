import ArgumentParser
import Foundation
import ReleaseTokens

/// `clearance-bench tokens`: release-token verifications per second in-process, as a gate makes them.
struct BenchTokens: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Measure release-token verification per second in-process: one task, and one task per core (build with -c release).",
        discussion: """
            Each check is what the gate does per download: signature, expiry, issuer and audience \
            (ReleaseTokenVerifier), then a revocation lookup in a list holding --revoked decisions. \
            Tokens are distinct (1,000 decisions). The median of --runs is reported.
            """)

    @Option(help: "Verifications per timed run.") var verifications = 100_000
    @Option(help: "Timed runs (the median is reported).") var runs = 5
    @Option(help: "Revoked decisions in the list the gate consults.") var revoked = 10_000
    @Option(help: "text or json.") var format: String = "text"

    func run() async throws {
        let key = SigningKey.generate()
        let signer = try await ReleaseTokenSigner(key: key)
        let verifier = try await ReleaseTokenVerifier(keySet: try ReleaseKeySet(signingKeys: [key]), audience: "clearance-gate")
        let now = Date()
        var tokens: [String] = []
        for index in 0..<1000 {
            tokens.append(
                try await signer.sign(
                    ReleaseClaims(
                        id: "az_\(index)", issuer: ReleaseTokenVerifier.defaultIssuer, subject: "C-\(index)", audience: ["clearance-gate"],
                        artifact: "artefact-\(index % 10)", item: "9E003.a", destination: "CN", license: "D7654321", issuedAt: now,
                        expiresAt: now.addingTimeInterval(3600))))
        }
        let list = RevocationList()
        list.add((0..<revoked).map { Revocation(sequence: Int64($0 + 1), decisionID: "az_revoked_\($0)", reason: "bench") })

        let count = verifications
        let signed = tokens
        let check: @Sendable (String) async throws -> Bool = { token in
            let claims = try await verifier.verify(token)
            return list.reason(for: claims.id) == nil
        }
        var single: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now()
            for index in 0..<count where try await !check(signed[index % signed.count]) {
                throw ValidationError("token \(index) unexpectedly revoked")
            }
            single.append(Double(count) / Measure.seconds(since: start))
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var parallel: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<cores {
                    group.addTask {
                        for index in stride(from: worker, to: count, by: cores) where try await !check(signed[index % signed.count]) {
                            throw ValidationError("token \(index) unexpectedly revoked")
                        }
                    }
                }
                try await group.waitForAll()
            }
            parallel.append(Double(count) / Measure.seconds(since: start))
        }
        let medianSingle = Measure.median(single)
        let medianParallel = Measure.median(parallel)
        if format == "json" {
            print(#"{"verifications_per_second_one_task":\#(Int(medianSingle)),"verifications_per_second_all_cores":\#(Int(medianParallel)),"cores":\#(cores),"runs":\#(runs)}"#)
        } else {
            print("release-token checks (verify + revocation lookup among \(revoked) revoked), median of \(runs) runs of \(count):")
            print("  one task:        \(Int(medianSingle)) /s  (\(String(format: "%.1f", 1e6 / medianSingle)) µs each)")
            print("  \(cores) tasks (cores): \(Int(medianParallel)) /s")
        }
    }
}
