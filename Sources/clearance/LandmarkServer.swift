import Crypto
import Foundation
import Monitor
import NIOCore
import NIOPosix

/// One line to standard error per event (a refusal with its reason, a measured round, a posted or spooled record).
enum MonitorLog {
    static func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// The landmark's side of one TCP connection: frames in and out, the `LandmarkSession` deciding, a monotonic
/// clock stamping each challenge's send and each answer's arrival on the event loop, a deadline on every read.
final class LandmarkConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What every connection of one landmark shares.
    struct Settings: Sendable {
        let landmark: String
        let probes: Int
        /// The devices' keys; each connection takes the keys current when it opens.
        let keys: DeviceKeys
        let readTimeout: TimeAmount
        /// Takes each finished round (to sign and post it).
        let deliver: @Sendable (LandmarkRound) -> Void
    }

    private let settings: Settings
    private var session: LandmarkSession
    private var decoder = FrameDecoder()
    private var generator = SystemRandomNumberGenerator()
    private var deadline: Scheduled<Void>?
    private var over = false
    private var peer = "?"
    private var device: String?

    init(settings: Settings) {
        self.settings = settings
        self.session = LandmarkSession(landmark: settings.landmark, probes: settings.probes, keys: settings.keys.current)
    }

    func channelActive(context: ChannelHandlerContext) {
        peer = context.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
        armDeadline(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let receivedAtNs = NIODeadline.now().uptimeNanoseconds
        var buffer = unwrapInboundIn(data)
        guard !over else { return }
        decoder.append(buffer.readBytes(length: buffer.readableBytes) ?? [])
        do {
            while !over, let message = try decoder.next() {
                if case .hello(_, let id) = message { device = id }
                let step = session.receive(message, atNs: receivedAtNs, wallClockMs: Self.wallClockMs, using: &generator)
                perform(step, context: context)
            }
        } catch {
            refuse(error, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        if !over {
            over = true
            let reason: String
            do {
                try decoder.finish()
                reason = "the connection closed while waiting for \(session.waitingFor)"
            } catch { reason = error.description }
            MonitorLog.line("landmark \(settings.landmark): refused \(who): \(reason); nothing posted")
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if !over {
            over = true
            MonitorLog.line("landmark \(settings.landmark): refused \(who): connection error \(error); nothing posted")
        }
        context.close(promise: nil)
    }

    private var who: String { device.map { "device \($0) from \(peer)" } ?? peer }

    private static var wallClockMs: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    private func perform(_ step: LandmarkSession.Step, context: ChannelHandlerContext) {
        switch step {
        case .send(let challenge):
            let frame = ProtocolFrame.encode(.challenge(challenge))
            session.sent(atNs: NIODeadline.now().uptimeNanoseconds)
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: frame)), promise: nil)
            armDeadline(context: context)
        case .finished(let round):
            over = true
            deadline?.cancel()
            let fastest = round.fastest.rttMs
            let discarded = round.discarded.isEmpty ? "" : "; \(round.discarded.count) discarded (\(round.discarded.joined(separator: "; ")))"
            MonitorLog.line(
                "landmark \(settings.landmark): device \(round.device) from \(peer): \(round.probes.count) probes verified, min \(fastest) ms\(discarded)")
            settings.deliver(round)
            let frame = ProtocolFrame.encode(.result(verifiedProbes: round.probes.count, minimumMs: fastest))
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: frame))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        case .refuse(let problem):
            refuse(problem, context: context)
        }
    }

    private func refuse(_ problem: ProtocolProblem, context: ChannelHandlerContext) {
        over = true
        deadline?.cancel()
        MonitorLog.line("landmark \(settings.landmark): refused \(who): \(problem); nothing posted")
        if case .refusedByPeer = problem {
            context.close(promise: nil)
            return
        }
        let frame = ProtocolFrame.encode(.refusal(reason: problem.description))
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: frame))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private func armDeadline(context: ChannelHandlerContext) {
        deadline?.cancel()
        let timeout = settings.readTimeout
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            guard !self.over else { return }
            self.refuse(.timeout(waitingFor: self.session.waitingFor, ms: Int64(timeout.nanoseconds / 1_000_000)), context: context)
        }
    }
}

/// Binds the landmark's TCP listener.
enum LandmarkListener {
    /// Listens on `host:port` (0: any free port); returns the bound channel.
    static func bind(host: String, port: Int, settings: LandmarkConnection.Settings) async throws -> Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(LandmarkConnection(settings: settings))
                }
            }
            .bind(host: host, port: port).get()
    }
}
