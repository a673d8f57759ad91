/// The device's side of one connection as a state machine, with no I/O: it opens with `hello`, answers each
/// challenge naming its device (at most `SignedRecordLimits.maximumProbes`, so it is no unbounded signing
/// oracle), and ends with the landmark's result or a refusal.
public struct AgentSession: Sendable {
    /// What the caller must do next.
    public enum Step: Sendable, Hashable {
        /// Sign this challenge with the device's key and send the answer.
        case sign(Challenge)
        /// The landmark measured the round: close.
        case finished(verifiedProbes: Int, minimumMs: Double)
        /// Refuse (or the landmark refused): send a refusal unless the landmark sent one, close.
        case refuse(ProtocolProblem)
    }

    /// The device this agent is.
    public let device: String
    private var answered = 0
    private var over = false

    /// A session of `device`.
    public init(device: String) {
        self.device = device
    }

    /// The first message to send.
    public var hello: ProtocolMessage { .hello(version: ProtocolFrame.version, device: device) }

    /// What the session is waiting for (for a timeout's message).
    public var waitingFor: String { answered == 0 ? "challenge" : "challenge or result" }

    /// Takes a message from the landmark.
    public mutating func receive(_ message: ProtocolMessage) -> Step {
        guard !over else { return .refuse(.unexpected(message: message.kind.name, state: "the round is over")) }
        switch message {
        case .challenge(let challenge):
            guard challenge.device == device else { return end(.refuse(.wrongDevice(expected: device, got: challenge.device))) }
            guard challenge.nonce.count == SignedRecordLimits.nonceLength else {
                return end(.refuse(.malformed(message: "challenge", field: "nonce", reason: "is not \(SignedRecordLimits.nonceLength) bytes")))
            }
            guard answered < SignedRecordLimits.maximumProbes else { return end(.refuse(.tooManyChallenges(maximum: SignedRecordLimits.maximumProbes))) }
            answered += 1
            return .sign(challenge)
        case .result(let verified, let minimumMs):
            return end(.finished(verifiedProbes: verified, minimumMs: minimumMs))
        case .refusal(let reason):
            return end(.refuse(.refusedByPeer(reason)))
        case .hello, .answer:
            return end(.refuse(.unexpected(message: message.kind.name, state: "waiting for a \(waitingFor)")))
        }
    }

    private mutating func end(_ step: Step) -> Step {
        over = true
        return step
    }
}
