import Crypto
import Foundation
import Testing
@testable import Monitor

/// The landmark's and the agent's state machines: fresh challenges per probe, verification of each answer, refusals.
struct ProtocolSessionTests {
    static func key(_ seed: UInt8) throws -> Curve25519.Signing.PrivateKey {
        try Curve25519.Signing.PrivateKey(rawRepresentation: (0..<32).map { UInt8($0) &* 13 &+ seed })
    }

    static func publicKey(_ key: Curve25519.Signing.PrivateKey) -> AttestationKey {
        AttestationKey(raw: Array(key.publicKey.rawRepresentation))!
    }

    /// Runs a landmark session against `answer` (which signs each challenge), probe i answered i+1 ms after it was sent.
    static func run(
        probes: Int, keys: [String: AttestationKey], hello: ProtocolMessage, rtts: [UInt64] = [3, 1, 4, 1, 5, 9, 2, 6],
        answer: (Int, Challenge) throws -> [UInt8]
    ) throws -> (steps: [LandmarkSession.Step], challenges: [Challenge]) {
        var session = LandmarkSession(landmark: "lm-fra", probes: probes, keys: keys)
        var generator = RecordSeed(11)
        var clock: UInt64 = 1_000_000_000
        var step = session.receive(hello, atNs: clock, wallClockMs: 1_800_000_000_000, using: &generator)
        var steps = [step], challenges: [Challenge] = []
        while case .send(let challenge) = step {
            session.sent(atNs: clock)
            clock += rtts[challenges.count % rtts.count] * 1_000_000
            let signature = try answer(challenges.count, challenge)
            challenges.append(challenge)
            step = session.receive(.answer(signature: signature), atNs: clock, wallClockMs: 1_800_000_000_000, using: &generator)
            steps.append(step)
        }
        return (steps, challenges)
    }

    @Test("a round sends N challenges with distinct nonces and builds one record from the fastest, verifying with min = smallest probe")
    func happyRound() throws {
        let device = try Self.key(1), landmark = try Self.key(2)
        let (steps, challenges) = try Self.run(probes: 5, keys: ["gpu-1": Self.publicKey(device)], hello: .hello(version: 1, device: "gpu-1")) {
            Array(try device.signature(for: $1.signedBytes))
        }
        #expect(challenges.count == 5)
        #expect(Set(challenges.map(\.nonce)).count == 5)
        guard case .finished(let round) = steps.last else {
            Issue.record("not finished: \(String(describing: steps.last))")
            return
        }
        #expect(round.probes.map(\.rttMs) == [3, 1, 4, 1, 5])
        #expect(round.fastest.answer.challenge == challenges[1])
        let record = try round.record(signedWith: landmark)
        #expect(record.minimumMs == 1 && record.probesMs == [3, 1, 4, 1, 5])
        let problem = MeasurementVerifier().problem(
            of: record, deviceKey: Self.publicKey(device), landmarkKey: Self.publicKey(landmark), nowMs: 1_800_000_000_500)
        #expect(problem == nil)
    }

    @Test("a later probe answered with an earlier probe's signature (a replaying relay) is discarded, not timed")
    func replayedAnswerDiscarded() throws {
        let device = try Self.key(1)
        var first: [UInt8] = []
        let (steps, _) = try Self.run(
            probes: 3, keys: ["gpu-1": Self.publicKey(device)], hello: .hello(version: 1, device: "gpu-1"), rtts: [5, 1, 1]
        ) { index, challenge in
            if index == 0 { first = Array(try device.signature(for: challenge.signedBytes)) }
            return first
        }
        guard case .finished(let round) = steps.last else {
            Issue.record("not finished")
            return
        }
        #expect(round.probes.map(\.rttMs) == [5])
        #expect(round.discarded.count == 2 && round.discarded.allSatisfy { $0.contains("not the device's signature") })
    }

    @Test("answers signed by another key verify nowhere: the round is refused with no record")
    func wrongKeyRefused() throws {
        let stranger = try Self.key(9)
        let (steps, _) = try Self.run(probes: 2, keys: ["gpu-1": Self.publicKey(try Self.key(1))], hello: .hello(version: 1, device: "gpu-1")) {
            Array(try stranger.signature(for: $1.signedBytes))
        }
        guard case .refuse(.noVerifiedProbe(let discarded)) = steps.last else {
            Issue.record("not refused: \(String(describing: steps.last))")
            return
        }
        #expect(discarded.count == 2)
    }

    @Test("unknown devices, other versions, bad ids and messages out of turn are refused at once")
    func refusals() throws {
        let keys = ["gpu-1": Self.publicKey(try Self.key(1))]
        var generator = RecordSeed(3)
        func first(_ message: ProtocolMessage) -> LandmarkSession.Step {
            var session = LandmarkSession(landmark: "lm-fra", probes: 5, keys: keys)
            return session.receive(message, atNs: 1, wallClockMs: 1, using: &generator)
        }
        #expect(first(.hello(version: 1, device: "gpu-9")) == .refuse(.unknownDevice("gpu-9")))
        #expect(first(.hello(version: 2, device: "gpu-1")) == .refuse(.unsupportedVersion(2)))
        #expect(first(.answer(signature: [])) == .refuse(.unexpected(message: "answer", state: "waiting for hello")))
        guard case .refuse(.malformed(_, "device", _)) = first(.hello(version: 1, device: "gpu 1")) else {
            Issue.record("a device id with a space was not refused")
            return
        }
        var session = LandmarkSession(landmark: "lm-fra", probes: 5, keys: keys)
        _ = session.receive(.hello(version: 1, device: "gpu-1"), atNs: 1, wallClockMs: 1, using: &generator)
        session.sent(atNs: 2)
        #expect(session.receive(.hello(version: 1, device: "gpu-1"), atNs: 3, wallClockMs: 1, using: &generator)
            == .refuse(.unexpected(message: "hello", state: "waiting for answer to probe 1")))
    }

    @Test("the agent signs only challenges for its own device, at most 64 per round, and ends on the result")
    func agentSession() {
        var agent = AgentSession(device: "gpu-1")
        #expect(agent.hello == .hello(version: 1, device: "gpu-1"))
        let challenge = ProtocolFrameTests.challenge
        #expect(agent.receive(.challenge(challenge)) == .sign(challenge))
        #expect(agent.receive(.result(verifiedProbes: 1, minimumMs: 2)) == .finished(verifiedProbes: 1, minimumMs: 2))
        var other = AgentSession(device: "gpu-2")
        #expect(other.receive(.challenge(challenge)) == .refuse(.wrongDevice(expected: "gpu-2", got: "gpu-1")))
        var flooded = AgentSession(device: "gpu-1")
        for _ in 0..<64 { _ = flooded.receive(.challenge(challenge)) }
        #expect(flooded.receive(.challenge(challenge)) == .refuse(.tooManyChallenges(maximum: 64)))
        var refused = AgentSession(device: "gpu-1")
        #expect(refused.receive(.refusal(reason: "x")) == .refuse(.refusedByPeer("x")))
    }
}
