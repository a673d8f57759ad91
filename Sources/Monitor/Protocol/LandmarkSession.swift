import Crypto

/// One verified probe: the challenge, the device's answer and the round-trip time from sending the challenge
/// to receiving the answer on the established connection (a monotonic clock).
public struct VerifiedProbe: Sendable, Hashable {
    /// The device's answer (its challenge inside).
    public let answer: ChallengeAnswer
    /// The round-trip time, ms.
    public let rttMs: Double
}

/// A finished round: the device, every verified probe in the order measured, and why the others were discarded.
public struct LandmarkRound: Sendable, Hashable {
    /// The device measured.
    public let device: String
    /// The probes whose answers verified against the device's key, in the order measured (at least one).
    public let probes: [VerifiedProbe]
    /// Why each discarded probe was discarded.
    public let discarded: [String]

    /// The fastest verified probe: its challenge and answer are the record's.
    public var fastest: VerifiedProbe {
        probes.min { $0.rttMs < $1.rttMs } ?? probes[0]
    }

    /// The measurement record of the round, signed with the landmark's key: the fastest probe's challenge and
    /// answer, every verified probe's RTT, their minimum (the fastest's, as `MeasurementVerifier` requires).
    public func record(signedWith key: Curve25519.Signing.PrivateKey) throws -> MeasurementRecord {
        try MeasurementRecord.signed(answer: fastest.answer, probesMs: probes.map(\.rttMs), key: key)
    }
}

/// The landmark's side of one connection as a state machine, with no I/O: it waits for the agent's `hello`,
/// issues `probes` fresh challenges one after another (each with its own random nonce, so no answer to one
/// can answer another), verifies each answer against the device's key, discards probes that fail, and ends
/// with the round or a refusal. The caller sends what it is told to, stamps when each challenge is sent and
/// when each answer arrives (`sent(atNs:)`, `receive(_:atNs:…)`) on a monotonic clock, and passes the wall
/// clock and a random generator for new challenges.
public struct LandmarkSession: Sendable {
    /// What the caller must do next.
    public enum Step: Sendable, Hashable {
        /// Send this challenge, then call `sent(atNs:)`.
        case send(Challenge)
        /// The round is over: send `result`, close, and post the record.
        case finished(LandmarkRound)
        /// Refuse: send the reason as a `refusal`, close, post nothing.
        case refuse(ProtocolProblem)
    }

    private enum State: Sendable {
        case awaitingHello
        case probing(device: String, key: AttestationKey, outstanding: Challenge, sentAtNs: UInt64?)
        case over
    }

    /// The landmark's id (every challenge names it).
    public let landmark: String
    /// How many probes a round has.
    public let probes: Int
    private let keys: [String: AttestationKey]
    private var state = State.awaitingHello
    private var verified: [VerifiedProbe] = []
    private var discarded: [String] = []
    private var issued = 0

    /// A session of `landmark` sending `probes` challenges (1…64) to devices whose keys are `keys`.
    public init(landmark: String, probes: Int, keys: [String: AttestationKey]) {
        self.landmark = landmark
        self.probes = min(max(probes, 1), SignedRecordLimits.maximumProbes)
        self.keys = keys
    }

    /// What the session is waiting for (for a timeout's message).
    public var waitingFor: String {
        switch state {
        case .awaitingHello: "hello"
        case .probing: "answer to probe \(issued)"
        case .over: "nothing"
        }
    }

    /// Stamps when the outstanding challenge was sent (monotonic ns).
    public mutating func sent(atNs: UInt64) {
        if case .probing(let device, let key, let outstanding, nil) = state {
            state = .probing(device: device, key: key, outstanding: outstanding, sentAtNs: atNs)
        }
    }

    /// Takes a message received at `atNs` (monotonic ns); `wallClockMs` and `generator` make the next challenge.
    public mutating func receive(
        _ message: ProtocolMessage, atNs: UInt64, wallClockMs: Int64, using generator: inout some RandomNumberGenerator
    ) -> Step {
        switch (state, message) {
        case (.awaitingHello, .hello(let version, let device)):
            guard version == ProtocolFrame.version else { return refuse(.unsupportedVersion(version)) }
            if let problem = MeasurementVerifier.idProblem(device, field: "device") {
                return refuse(.malformed(message: "hello", field: "device", reason: problem.description))
            }
            guard let key = keys[device] else { return refuse(.unknownDevice(device)) }
            return issue(device: device, key: key, wallClockMs: wallClockMs, using: &generator)
        case (.probing(let device, let key, let challenge, let sentAtNs?), .answer(let signature)):
            let rttMs = Double(atNs &- sentAtNs) / 1_000_000
            if !key.isValidSignature(signature, of: challenge.signedBytes) {
                discarded.append("probe \(issued): the answer is not the device's signature of its challenge")
            } else if let problem = MeasuredRTT.problem(rttMs: rttMs) {
                discarded.append("probe \(issued): \(rttMs) ms \(problem)")
            } else {
                verified.append(VerifiedProbe(answer: ChallengeAnswer(challenge: challenge, signature: signature), rttMs: rttMs))
            }
            guard issued == probes else { return issue(device: device, key: key, wallClockMs: wallClockMs, using: &generator) }
            state = .over
            guard !verified.isEmpty else { return .refuse(.noVerifiedProbe(discarded: discarded)) }
            return .finished(LandmarkRound(device: device, probes: verified, discarded: discarded))
        case (_, .refusal(let reason)):
            return refuse(.refusedByPeer(reason))
        default:
            return refuse(.unexpected(message: message.kind.name, state: "waiting for \(waitingFor)"))
        }
    }

    private mutating func issue(device: String, key: AttestationKey, wallClockMs: Int64, using generator: inout some RandomNumberGenerator) -> Step {
        let challenge = Challenge.issue(landmark: landmark, device: device, issuedAtMs: wallClockMs, using: &generator)
        issued += 1
        state = .probing(device: device, key: key, outstanding: challenge, sentAtNs: nil)
        return .send(challenge)
    }

    private mutating func refuse(_ problem: ProtocolProblem) -> Step {
        state = .over
        return .refuse(problem)
    }
}
