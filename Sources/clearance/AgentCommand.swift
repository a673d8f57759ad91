import ArgumentParser
import Foundation
import Monitor
import NIOCore

/// `clearance agent`: the device side of the monitoring protocol (and `clearance agent keygen`).
struct Agent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run the device agent: connect to landmarks and answer their challenges with the device's key.",
        subcommands: [Run.self, MonitorKeygen.self],
        defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Connect to each landmark, say which device this is, and sign each challenge for it.",
            discussion: """
                The agent connects out (so devices behind NAT can be measured), signs only challenges naming its own \
                device (at most 64 per round), and prints one line per landmark: the probes the landmark verified and \
                the minimum round-trip time, or why the round was refused. With --once it exits 1 if any landmark's \
                round failed; with --every it repeats until stopped. The key file holds the raw 32-byte Ed25519 \
                private key in base64 (`clearance agent keygen --out K`) and must not be readable by group or others.

                Example:
                  clearance agent --device gpu-0042 --key-file gpu-0042.key --landmark lm-fra1.example:7400 \\
                    --landmark lm-waw1.example:7400 --every 3600
                """)

        @Option(help: "The device's registered id.") var device: String
        @Option(name: .customLong("key-file"), help: ArgumentHelp("The device's private key file (mode 0600).", valueName: "K")) var keyFile: String
        @Option(help: ArgumentHelp("A landmark to be measured by (repeatable).", valueName: "HOST:PORT")) var landmark: [String] = []
        @Option(help: ArgumentHelp("Measure every SECONDS, until stopped.", valueName: "SECONDS")) var every: Double?
        @Flag(help: "Measure once with each landmark and exit.") var once = false
        @Option(name: .customLong("read-timeout"), help: ArgumentHelp("How long each connect and read may wait.", valueName: "SECONDS"))
        var readTimeout = 10.0

        func validate() throws {
            if let problem = MeasurementVerifier.idProblem(device, field: "--device") { throw ValidationError(problem.description) }
            guard !landmark.isEmpty else { throw ValidationError("give at least one --landmark HOST:PORT") }
            for address in landmark where LandmarkAddress(address) == nil { throw ValidationError("--landmark \(address) is not HOST:PORT") }
            guard once != (every != nil) else { throw ValidationError("give exactly one of --once and --every SECONDS") }
            if let every, !(every >= 1) { throw ValidationError("--every must be at least 1 second") }
            guard readTimeout > 0, readTimeout <= 60 else { throw ValidationError("--read-timeout must be above 0 and at most 60 seconds") }
        }

        func run() async throws {
            let key = try MonitorKeyFile.read(keyFile)
            let addresses = landmark.compactMap { LandmarkAddress($0) }
            let timeout = TimeAmount.nanoseconds(Int64(readTimeout * 1e9))
            while true {
                var failed = 0
                for address in addresses {
                    switch await address.measure(device: device, key: key, readTimeout: timeout) {
                    case .measured(let verified, let minimumMs):
                        FileHandle.standardOutput.write(
                            Data("landmark \(address): measured device \(device): \(verified) probes verified, min \(minimumMs) ms\n".utf8))
                    case .refused(let reason):
                        failed += 1
                        MonitorLog.line("landmark \(address): round of device \(device) failed: \(reason)")
                    }
                }
                guard let every else {
                    if failed > 0 { throw ExitCode(1) }
                    return
                }
                try await Task.sleep(for: .seconds(every))
            }
        }
    }
}
