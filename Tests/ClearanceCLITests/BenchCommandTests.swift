import Foundation
import Testing

/// End-to-end: the benchmarks are a separate `clearance-bench` binary, not subcommands of the shipped `clearance`.
@Suite struct BenchCommandTests {
    @Test func theShippedBinaryHasNoBenchCommand() async throws {
        let help = try await CLI.run(["--help"])
        #expect(help.status == 0, "\(help.stderr)")
        #expect(help.stdout.contains("screen"), "\(help.stdout)")
        // No `bench` subcommand line (the word may appear in prose: "the Workbench's users").
        #expect(!help.stdout.split(separator: "\n").contains { $0.hasPrefix("  bench ") }, "\(help.stdout)")
        let bench = try await CLI.run(["bench", "determine", "--runs", "1"])
        #expect(bench.status == 2, "\(bench.stdout)")
        #expect(bench.stdout.isEmpty, "\(bench.stdout)")
    }

    @Test func clearanceBenchListsEveryBenchmark() async throws {
        let help = try await CLI.run(["--help"], executable: CLI.benchExecutable)
        #expect(help.status == 0, "\(help.stderr)")
        for command in ["screen", "determine", "duty", "tokens", "gate"] {
            #expect(help.stdout.contains("  \(command) "), "\(command) missing from:\n\(help.stdout)")
        }
    }

    @Test func clearanceBenchTokensMeasuresVerificationsAsJSON() async throws {
        let result = try await CLI.run(
            ["tokens", "--verifications", "200", "--runs", "1", "--revoked", "10", "--format", "json"], executable: CLI.benchExecutable)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect((report["verifications_per_second_one_task"] as? Int ?? 0) > 0, "\(result.stdout)")
        #expect(report["runs"] as? Int == 1)
    }

    @Test func clearanceBenchRefusesAnUnknownSpoolSyncMode() async throws {
        let result = try await CLI.run(
            ["gate", "--artifacts", "/nonexistent", "--token-file", "/dev/null", "--spool-sync", "sometimes"],
            executable: CLI.benchExecutable)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--spool-sync must be every-event or interval"), "\(result.stderr)")
    }
}
