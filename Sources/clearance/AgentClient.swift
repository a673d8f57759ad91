import Crypto
import Foundation
import Monitor
import NIOCore
import NIOPosix

/// How one round with a landmark ended, as the agent saw it.
enum AgentOutcome: Sendable {
    case measured(verifiedProbes: Int, minimumMs: Double)
    case refused(String)
}

/// The device's side of one TCP connection: says hello, signs each challenge for its own device, and ends with
/// the landmark's result; every read has a deadline and a broken frame is refused.
final class AgentConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var session: AgentSession
    private let key: Curve25519.Signing.PrivateKey
    private let readTimeout: TimeAmount
    private let outcome: EventLoopPromise<AgentOutcome>
    private var decoder = FrameDecoder()
    private var deadline: Scheduled<Void>?
    private var over = false

    init(device: String, key: Curve25519.Signing.PrivateKey, readTimeout: TimeAmount, outcome: EventLoopPromise<AgentOutcome>) {
        session = AgentSession(device: device)
        self.key = key
        self.readTimeout = readTimeout
        self.outcome = outcome
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: ProtocolFrame.encode(session.hello))), promise: nil)
        armDeadline(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard !over else { return }
        decoder.append(buffer.readBytes(length: buffer.readableBytes) ?? [])
        do {
            while !over, let message = try decoder.next() {
                switch session.receive(message) {
                case .sign(let challenge):
                    let answer = try challenge.answer(with: key)
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: ProtocolFrame.encode(.answer(signature: answer.signature)))), promise: nil)
                    armDeadline(context: context)
                case .finished(let verified, let minimumMs):
                    end(.measured(verifiedProbes: verified, minimumMs: minimumMs), context: context)
                case .refuse(let problem):
                    refuse(problem, context: context)
                }
            }
        } catch let problem as ProtocolProblem {
            refuse(problem, context: context)
        } catch {
            end(.refused("the challenge cannot be signed: \(error)"), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        if !over {
            over = true
            let reason: String
            do {
                try decoder.finish()
                reason = "the landmark closed the connection while this agent waited for a \(session.waitingFor)"
            } catch { reason = error.description }
            outcome.succeed(.refused(reason))
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        end(.refused("connection error: \(error)"), context: context)
    }

    private func refuse(_ problem: ProtocolProblem, context: ChannelHandlerContext) {
        guard !over else { return }
        if case .refusedByPeer = problem {
            end(.refused(problem.description), context: context)
            return
        }
        over = true
        deadline?.cancel()
        outcome.succeed(.refused(problem.description))
        let frame = ProtocolFrame.encode(.refusal(reason: problem.description))
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: frame))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private func end(_ result: AgentOutcome, context: ChannelHandlerContext) {
        guard !over else { return }
        over = true
        deadline?.cancel()
        outcome.succeed(result)
        context.close(promise: nil)
    }

    private func armDeadline(context: ChannelHandlerContext) {
        deadline?.cancel()
        let timeout = readTimeout
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            self.refuse(.timeout(waitingFor: self.session.waitingFor, ms: Int64(timeout.nanoseconds / 1_000_000)), context: context)
        }
    }
}

/// A landmark's address, `HOST:PORT` (an IPv6 host in brackets).
struct LandmarkAddress: Sendable, CustomStringConvertible {
    let host: String
    let port: Int

    /// The address in `text`; port 0 (any free port) only when `anyPort`.
    init?(_ text: String, anyPort: Bool = false) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), ((anyPort ? 0 : 1)...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }

    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// One round with the landmark at this address.
    func measure(device: String, key: Curve25519.Signing.PrivateKey, readTimeout: TimeAmount) async -> AgentOutcome {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let outcome = loop.makePromise(of: AgentOutcome.self)
        do {
            _ = try await ClientBootstrap(group: loop)
                .connectTimeout(readTimeout)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            AgentConnection(device: device, key: key, readTimeout: readTimeout, outcome: outcome))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            outcome.succeed(.refused("cannot connect: \(error)"))
        }
        return (try? await outcome.futureResult.get()) ?? .refused("the connection ended without an outcome")
    }
}
