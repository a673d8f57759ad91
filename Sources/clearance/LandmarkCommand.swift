import ArgumentParser
import Crypto
import Foundation
import Monitor
import Synchronization
import NIOCore

/// `clearance landmark serve|keygen`: a measurement server that challenges devices and posts signed records.
struct Landmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landmark",
        abstract: "Run a landmark: challenge connecting devices, time their signed answers, post signed records.",
        subcommands: [Serve.self, MonitorKeygen.self])

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Listen for agents over TCP, measure each device with fresh challenges, and post one signed record per round.",
            discussion: """
                Each connecting agent names its device; the landmark sends --probes challenges, each with its own random \
                nonce, times each from send to answer on the open connection (monotonic clock), verifies each answer \
                against the device's key in --devices, discards probes that fail, and signs one record from the fastest \
                verified probe with every verified probe's time. The record is posted to --service with the landmark API \
                key; a 4xx is logged with its reason; a 5xx or an unreachable service is retried, then the record is \
                written to the spool and posted again later. Frames are at most 1 KiB and every read has a deadline.

                --devices is JSON Lines with "id" and "public_key" per device, as `clearance devices list` prints them. \
                SIGHUP reads it again (connections opened afterwards use the new keys); a file that cannot be read \
                then is logged with its line and the keys read before are kept.
                The key file holds the raw 32-byte Ed25519 private key in base64 (see `clearance landmark keygen`) and must \
                not be readable by group or others. Prints "landmark ID listening on HOST:PORT" first; SIGTERM spools \
                records still being retried and stops.

                Example:
                  clearance landmark serve --id lm-fra1 --key-file lm-fra1.key --listen 0.0.0.0:7400 \\
                    --service https://clearance.example --api-key-file landmark.apikey --devices devices.jsonl
                """)

        @Option(help: "The landmark's registered id.") var id: String
        @Option(name: .customLong("key-file"), help: ArgumentHelp("The landmark's private key file (mode 0600).", valueName: "K")) var keyFile: String
        @Option(help: ArgumentHelp("The address to listen on (port 0: any free port).", valueName: "HOST:PORT")) var listen = "127.0.0.1:7400"
        @Option(help: ArgumentHelp("The Clearance service's base URL.", valueName: "URL")) var service: String
        @Option(name: .customLong("api-key-file"), help: ArgumentHelp("A file holding a `landmark` API key (mode 0600).", valueName: "F"))
        var apiKeyFile: String
        @Option(help: ArgumentHelp("The devices' keys: JSON Lines with id and public_key (`clearance devices list`).", valueName: "F"))
        var devices: String
        @Option(help: "Probes per round (1-64).") var probes = 5
        @Option(name: .customLong("read-timeout"), help: ArgumentHelp("How long each read may wait.", valueName: "SECONDS")) var readTimeout = 5.0
        @Option(help: ArgumentHelp("Where records the service could not take are kept (default: the key file's path + .spool).", valueName: "F"))
        var spool: String?
        @Option(name: .customLong("post-attempts"), help: "How many times a record is posted before it is spooled.") var postAttempts = 5
        @Option(name: .customLong("spool-retry"), help: ArgumentHelp("How often the spool is posted again.", valueName: "SECONDS"))
        var spoolRetry = 60.0

        func validate() throws {
            if let problem = MeasurementVerifier.idProblem(id, field: "--id") { throw ValidationError(problem.description) }
            guard (1...SignedRecordLimits.maximumProbes).contains(probes) else { throw ValidationError("--probes must be 1-\(SignedRecordLimits.maximumProbes)") }
            guard readTimeout > 0, readTimeout <= 60 else { throw ValidationError("--read-timeout must be above 0 and at most 60 seconds") }
            guard postAttempts >= 1, postAttempts <= 20 else { throw ValidationError("--post-attempts must be 1-20") }
            guard spoolRetry >= 1 else { throw ValidationError("--spool-retry must be at least 1 second") }
            guard LandmarkAddress(listen, anyPort: true) != nil else {
                throw ValidationError("--listen \(listen) is not HOST:PORT")
            }
            guard let url = URL(string: service), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--service \(service) is not an http(s) URL")
            }
        }

        func run() async throws {
            let key = try MonitorKeyFile.read(keyFile)
            let apiKey = try MonitorKeyFile.secret(apiKeyFile)
            let keys = DeviceKeys(try DeviceKeysFile.read(devices))
            guard let address = LandmarkAddress(listen, anyPort: true) else { throw ValidationError("--listen \(listen) is not HOST:PORT") }
            let poster = RecordPoster(
                service: service, apiKey: apiKey, spool: spool ?? keyFile + ".spool", attempts: postAttempts, backoff: .milliseconds(500), landmark: id)
            let settings = LandmarkConnection.Settings(
                landmark: id, probes: probes, keys: keys, readTimeout: .nanoseconds(Int64(readTimeout * 1e9)),
                deliver: { round in
                    Task {
                        do { await poster.post(try round.record(signedWith: key)) } catch {
                            MonitorLog.line("landmark: the record of device \(round.device) cannot be signed: \(error); nothing posted")
                        }
                    }
                })
            let channel = try await LandmarkListener.bind(host: address.host, port: address.port, settings: settings)
            let bound = channel.localAddress?.port ?? address.port
            FileHandle.standardOutput.write(Data("landmark \(id) listening on \(address.host):\(bound) (\(keys.count) devices, \(probes) probes per round)\n".utf8))
            let signals = SignalStop.install { await poster.shutdown() }
            let reload = DeviceKeys.reloadOnHangUp(keys, from: devices, landmark: id)
            defer { withExtendedLifetime((signals, reload)) {} }
            while true {
                await poster.flushSpool()
                try? await Task.sleep(for: .seconds(spoolRetry))
            }
        }
    }
}

/// Stops the process on SIGTERM or SIGINT after `cleanup`.
enum SignalStop {
    static func install(_ cleanup: @escaping @Sendable () async -> Void) -> [DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Task {
                    await cleanup()
                    Foundation.exit(0)
                }
            }
            source.resume()
            return source
        }
    }
}

/// The device keys a landmark checks answers against, replaced whole when `--devices` is read again.
final class DeviceKeys: Sendable {
    private let keys: Mutex<[String: AttestationKey]>

    init(_ keys: [String: AttestationKey]) {
        self.keys = Mutex(keys)
    }

    var current: [String: AttestationKey] { keys.withLock { $0 } }
    var count: Int { keys.withLock { $0.count } }

    func replace(with next: [String: AttestationKey]) {
        keys.withLock { $0 = next }
    }

    /// Reads `path` into `keys` on every SIGHUP; a file that cannot be read is logged and the keys are kept.
    static func reloadOnHangUp(_ keys: DeviceKeys, from path: String, landmark: String) -> DispatchSourceSignal {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler {
            do {
                let next = try DeviceKeysFile.read(path)
                keys.replace(with: next)
                MonitorLog.line("landmark \(landmark): read \(next.count) device keys from \(path) again")
            } catch {
                MonitorLog.line("landmark \(landmark): \(path) not read again (\(error)); keeping the \(keys.count) device keys read before")
            }
        }
        source.resume()
        return source
    }
}

/// The device keys a landmark checks answers against: JSON Lines, one object per device with `id` and
/// `public_key` (other fields ignored), as `clearance devices list` prints them.
enum DeviceKeysFile {
    static func read(_ path: String) throws -> [String: AttestationKey] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("--devices \(path) cannot be read") }
        var keys: [String: AttestationKey] = [:]
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            let place = "\(path):\(index + 1)"
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw ValidationError("\(place): not a JSON object")
            }
            guard let id = object["id"] as? String, MeasurementVerifier.idProblem(id, field: "id") == nil else {
                throw ValidationError("\(place): id is missing or not a device id")
            }
            guard let base64 = object["public_key"] as? String else { throw ValidationError("\(place): public_key is missing") }
            switch AttestationKey.parse(base64: base64) {
            case .success(let key):
                guard keys.updateValue(key, forKey: id) == nil else { throw ValidationError("\(place): device \(id) is listed twice") }
            case .failure(let problem): throw ValidationError("\(place): public_key \(problem)")
            }
        }
        return keys
    }
}
