import Crypto
import Foundation
import Monitor
import NIOCore
import NIOPosix
import Store
import Testing

/// A running `clearance landmark serve` (its standard error kept in a file) and the files it was given.
final class LandmarkProcess: @unchecked Sendable {
    // Safe: set once in `start`, then only read; `process` is stopped through `stop` once.
    let process: Process
    let port: Int
    let logPath: String

    private init(process: Process, port: Int, logPath: String) {
        self.process = process
        self.port = port
        self.logPath = logPath
    }

    /// The files a landmark and an agent need: keys (mode 0600), the API key, the devices' keys, a spool path.
    struct Files {
        let directory: String
        var landmarkKey: String { directory + "/landmark.key" }
        var deviceKey: String { directory + "/device.key" }
        var strangerKey: String { directory + "/stranger.key" }
        var apiKey: String { directory + "/landmark.apikey" }
        var devices: String { directory + "/devices.jsonl" }
        var spool: String { directory + "/landmark.spool" }

        /// Writes the files for `server` (its landmark key; device gpu-1 = seed 1, landmark lm-fra = seed 2, a stranger = seed 7).
        static func write(for server: Server) throws -> Files {
            let files = Files(directory: try CLI.temporaryFile("", name: "x").replacingOccurrences(of: "/x", with: ""))
            for (path, seed) in [(files.landmarkKey, UInt8(2)), (files.deviceKey, 1), (files.strangerKey, 7)] {
                let key = try MeasurementIntakeAPITests.key(seed)
                try write(key.rawRepresentation.base64EncodedString() + "\n", to: path)
            }
            try write((server.keys[.landmark] ?? "") + "\n", to: files.apiKey)
            try write("{\"id\":\"gpu-1\",\"public_key\":\"\(MeasurementIntakeAPITests.base64(try MeasurementIntakeAPITests.key(1)))\"}\n", to: files.devices)
            return files
        }

        static func write(_ text: String, to path: String, mode: Int = 0o600) throws {
            #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode]))
        }
    }

    /// Starts `landmark serve --id lm-fra` posting to `servicePort`, with `extra` arguments.
    static func start(files: Files, servicePort: Int, extra: [String] = []) async throws -> LandmarkProcess {
        let logPath = files.directory + "/landmark-\(UUID().uuidString.prefix(6)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = [
            "landmark", "serve", "--id", "lm-fra", "--key-file", files.landmarkKey, "--listen", "127.0.0.1:0",
            "--service", "http://127.0.0.1:\(servicePort)", "--api-key-file", files.apiKey, "--devices", files.devices, "--spool", files.spool,
        ] + extra
        process.environment = CLI.testEnvironment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        return LandmarkProcess(process: process, port: try await Server.listeningPort(output), logPath: logPath)
    }

    /// What the landmark logged so far.
    var log: String { String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self) }

    /// Sends SIGTERM and waits.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// Runs `clearance agent --once` as `device` with `key` against `port`.
    static func agent(port: Int, key: String, device: String = "gpu-1") async throws -> CLI.Output {
        try await CLI.run(["agent", "--device", device, "--key-file", key, "--landmark", "127.0.0.1:\(port)", "--once"])
    }

    /// Polls `condition` every 100 ms for up to `seconds`; returns whether it became true.
    static func eventually(_ seconds: Double = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }

    /// The accepted records of `device` in the server's store.
    static func records(_ server: Server, device: String = "gpu-1") async throws -> [MeasurementRow] {
        let store = try await StoreLocation(server.database).open(leaseTimeout: PostgresStore.testLeaseTimeout)
        defer { (store as? PostgresStore)?.shutdown() }
        guard let monitor = store as? any MonitorStore else { return [] }
        return try await monitor.measurements(device: device, before: nil, limit: 100)
    }
}

/// A TCP proxy on loopback that holds every chunk `delay` before passing it on, in each direction: distance, simulated.
final class DelayingRelay: Sendable {
    let channel: Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    private init(channel: Channel) { self.channel = channel }

    static func start(to target: Int, delay: TimeAmount) async throws -> DelayingRelay {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { inbound in
                ClientBootstrap(group: inbound.eventLoop)
                    .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                    .channelInitializer { outbound in
                        outbound.eventLoop.makeCompletedFuture { try outbound.pipeline.syncOperations.addHandler(Forward(to: inbound, delay: delay)) }
                    }
                    .connect(host: "127.0.0.1", port: target)
                    .flatMapThrowing { outbound in try inbound.pipeline.syncOperations.addHandler(Forward(to: outbound, delay: delay)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return DelayingRelay(channel: channel)
    }

    func stop() async throws { try await channel.close() }

    /// Passes what one side reads to the other side `delay` later (and its close too).
    final class Forward: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let peer: Channel
        let delay: TimeAmount

        init(to peer: Channel, delay: TimeAmount) {
            self.peer = peer
            self.delay = delay
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let chunk = unwrapInboundIn(data)
            let peer = peer
            context.eventLoop.scheduleTask(in: delay) { peer.writeAndFlush(chunk, promise: nil) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            let peer = peer
            context.eventLoop.scheduleTask(in: delay) { peer.close(promise: nil) }
        }
    }
}

/// Sends raw bytes to a port and returns what comes back until the peer closes; with `close`, closes at once instead.
@discardableResult
func exchangeRaw(port: Int, send bytes: [UInt8], close: Bool = false) async throws -> [UInt8] {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
    return try await channel.executeThenClose { inbound, outbound in
        if !bytes.isEmpty { try await outbound.write(ByteBuffer(bytes: bytes)) }
        var received: [UInt8] = []
        if close { return received }
        for try await var chunk in inbound { received += chunk.readBytes(length: chunk.readableBytes) ?? [] }
        return received
    }
}
