/// The messages of the landmark/agent protocol (`clearance landmark serve` ⇄ `clearance agent`), carried over
/// TCP in length-prefixed frames (`ProtocolFrame`).
///
/// The agent connects (devices sit behind NAT) and says which device it is (`hello`); the landmark sends one
/// fresh `challenge` per probe and times each `answer`; it ends the round with a `result` or a `refusal`.
public enum ProtocolMessage: Sendable, Hashable {
    /// Agent → landmark, first: the protocol version the agent speaks and the device it is.
    case hello(version: UInt8, device: String)
    /// Landmark → agent: a challenge to sign (one per probe, each with its own random nonce).
    case challenge(Challenge)
    /// Agent → landmark: the device's Ed25519 signature of the outstanding challenge's canonical bytes.
    case answer(signature: [UInt8])
    /// Landmark → agent, last: how many probes verified and the smallest verified round-trip time.
    case result(verifiedProbes: Int, minimumMs: Double)
    /// Either side, last: why the round was refused; the connection is closed after it.
    case refusal(reason: String)

    /// The kind byte of each message in a frame.
    public enum Kind: UInt8, Sendable, CaseIterable {
        case hello = 1, challenge = 2, answer = 3, result = 4, refusal = 5

        /// The message's name, as problems report it.
        public var name: String {
            switch self {
            case .hello: "hello"
            case .challenge: "challenge"
            case .answer: "answer"
            case .result: "result"
            case .refusal: "refusal"
            }
        }
    }

    /// This message's kind.
    public var kind: Kind {
        switch self {
        case .hello: .hello
        case .challenge: .challenge
        case .answer: .answer
        case .result: .result
        case .refusal: .refusal
        }
    }
}

/// Why a connection is refused: a frame that cannot be decoded, a message out of turn, an unknown device, a
/// timeout, or a round with no verified probe. Each has a stable `code` and a message naming what is wrong.
public enum ProtocolProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// A frame declares more bytes than a frame may hold.
    case oversizeFrame(length: Int, maximum: Int)
    /// A frame declares no bytes (not even a kind byte).
    case emptyFrame
    /// The connection ended inside a frame.
    case truncatedFrame(have: Int, need: Int)
    /// A frame's kind byte is no known message.
    case unknownMessage(kind: UInt8)
    /// A message's payload does not decode (wrong length, bad UTF-8, trailing bytes).
    case malformed(message: String, field: String, reason: String)
    /// A message arrived that the protocol does not allow now.
    case unexpected(message: String, state: String)
    /// The agent speaks another protocol version.
    case unsupportedVersion(UInt8)
    /// The device is not one the landmark knows a key for.
    case unknownDevice(String)
    /// A challenge names another device than the agent's.
    case wrongDevice(expected: String, got: String)
    /// The landmark sent more challenges than a round may have.
    case tooManyChallenges(maximum: Int)
    /// The peer sent nothing in time.
    case timeout(waitingFor: String, ms: Int64)
    /// Every probe's answer failed verification.
    case noVerifiedProbe(discarded: [String])
    /// The peer refused the round.
    case refusedByPeer(String)

    /// The stable code of the problem.
    public var code: String {
        switch self {
        case .oversizeFrame: "oversize_frame"
        case .emptyFrame: "empty_frame"
        case .truncatedFrame: "truncated_frame"
        case .unknownMessage: "unknown_message"
        case .malformed: "malformed_message"
        case .unexpected: "unexpected_message"
        case .unsupportedVersion: "unsupported_version"
        case .unknownDevice: "unknown_device"
        case .wrongDevice: "wrong_device"
        case .tooManyChallenges: "too_many_challenges"
        case .timeout: "timeout"
        case .noVerifiedProbe: "no_verified_probe"
        case .refusedByPeer: "refused"
        }
    }

    public var description: String {
        switch self {
        case .oversizeFrame(let length, let maximum): "\(code): a frame of \(length) bytes; at most \(maximum) are allowed"
        case .emptyFrame: "\(code): a frame of 0 bytes (no message kind)"
        case .truncatedFrame(let have, let need): "\(code): the connection ended \(have) bytes into a frame of \(need)"
        case .unknownMessage(let kind): "\(code): message kind \(kind) is not part of the protocol"
        case .malformed(let message, let field, let reason): "\(code): \(message).\(field) \(reason)"
        case .unexpected(let message, let state): "\(code): a \(message) message while \(state)"
        case .unsupportedVersion(let version): "\(code): protocol version \(version); this build speaks \(ProtocolFrame.version)"
        case .unknownDevice(let id): "\(code): device \"\(id)\" has no known key at this landmark"
        case .wrongDevice(let expected, let got): "\(code): a challenge for device \"\(got)\", but this agent is \"\(expected)\""
        case .tooManyChallenges(let maximum): "\(code): more than \(maximum) challenges in one round"
        case .timeout(let waitingFor, let ms): "\(code): no \(waitingFor) within \(ms) ms"
        case .noVerifiedProbe(let discarded): "\(code): no probe's answer verified (\(discarded.joined(separator: "; ")))"
        case .refusedByPeer(let reason): "\(code): the peer refused: \(reason)"
        }
    }
}
