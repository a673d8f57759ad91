import Crypto
import Foundation
import Testing
@testable import Monitor

/// SplitMix64: a seeded generator, so every nonce and key in these tests is the same on every run.
struct RecordSeed: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A device key, a landmark key and a round signed with them, from one seed.
struct SignedRound {
    let deviceKey: Curve25519.Signing.PrivateKey
    let landmarkKey: Curve25519.Signing.PrivateKey
    let record: MeasurementRecord

    var devicePublic: AttestationKey { AttestationKey(raw: Array(deviceKey.publicKey.rawRepresentation))! }
    var landmarkPublic: AttestationKey { AttestationKey(raw: Array(landmarkKey.publicKey.rawRepresentation))! }

    init(seed: UInt64, issuedAtMs: Int64 = 1_800_000_000_000, probes: [Double] = [12.5, 11.25, 13]) throws {
        var generator = RecordSeed(seed)
        func key() throws -> Curve25519.Signing.PrivateKey {
            try Curve25519.Signing.PrivateKey(rawRepresentation: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        deviceKey = try key()
        landmarkKey = try key()
        let challenge = Challenge.issue(landmark: "lm-paris", device: "dev-1", issuedAtMs: issuedAtMs, using: &generator)
        record = try MeasurementRecord.signed(answer: try challenge.answer(with: deviceKey), probesMs: probes, key: landmarkKey)
    }

    /// The record with some fields replaced, its signatures kept as they were.
    func altered(
        nonce: [UInt8]? = nil, issuedAtMs: Int64? = nil, probes: [Double]? = nil, minimum: Double? = nil, device: String? = nil,
        deviceSignature: [UInt8]? = nil, landmarkSignature: [UInt8]? = nil
    ) -> MeasurementRecord {
        let c = record.challenge
        return MeasurementRecord(
            challenge: Challenge(landmark: c.landmark, device: device ?? c.device, nonce: nonce ?? c.nonce, issuedAtMs: issuedAtMs ?? c.issuedAtMs),
            probesMs: probes ?? record.probesMs, minimumMs: minimum ?? record.minimumMs,
            deviceSignature: deviceSignature ?? record.deviceSignature, landmarkSignature: landmarkSignature ?? record.landmarkSignature)
    }
}

@Suite("Signed measurement records: canonical bytes and every refusal reason")
struct SignedRecordTests {
    let verifier = MeasurementVerifier(windowMs: 300_000, skewMs: 30_000)
    let now: Int64 = 1_800_000_010_000

    func problem(_ record: MeasurementRecord, _ round: SignedRound, now: Int64? = nil) -> MeasurementProblem? {
        verifier.problem(of: record, deviceKey: round.devicePublic, landmarkKey: round.landmarkPublic, nowMs: now ?? self.now)
    }

    @Test("a challenge's canonical bytes are an explicit versioned, length-prefixed layout")
    func challengeLayout() {
        let challenge = Challenge(landmark: "L", device: "dv", nonce: Array(repeating: 7, count: 32), issuedAtMs: 258)
        var expected: [UInt8] = [0, 0, 0, 17] + Array("clearance-monitor".utf8) + [1, 1]
        expected += [0, 0, 0, 1, 0x4C] + [0, 0, 0, 2, 0x64, 0x76]
        expected += [0, 0, 0, 32] + Array(repeating: 7, count: 32)
        expected += [0, 0, 0, 0, 0, 0, 1, 2]
        #expect(challenge.signedBytes == expected)
    }

    @Test("ids are length-prefixed, so moving a character from the landmark id to the device id changes the bytes")
    func noAmbiguousConcatenation() {
        let nonce = Array(repeating: UInt8(1), count: 32)
        let a = Challenge(landmark: "ab", device: "c", nonce: nonce, issuedAtMs: 1)
        let b = Challenge(landmark: "a", device: "bc", nonce: nonce, issuedAtMs: 1)
        #expect(a.signedBytes != b.signedBytes)
    }

    @Test("a challenge signature can never be taken for a measurement signature (kind byte)")
    func kindsDiffer() throws {
        let round = try SignedRound(seed: 1)
        #expect(round.record.signedBytes[21] == 1 && round.record.signedBytes[22] == 2)
        #expect(round.record.challenge.signedBytes[22] == 1)
    }

    @Test("a round signed by its device and landmark verifies, and the minimum is the smallest probe")
    func soundRecordVerifies() throws {
        let round = try SignedRound(seed: 2)
        #expect(round.record.minimumMs == 11.25)
        #expect(problem(round.record, round) == nil)
    }

    @Test("seeded challenges are the same on every run and differ between seeds")
    func seededNonces() throws {
        #expect(try SignedRound(seed: 3).record.challenge.nonce == SignedRound(seed: 3).record.challenge.nonce)
        #expect(try SignedRound(seed: 3).record.challenge.nonce != SignedRound(seed: 4).record.challenge.nonce)
        #expect(Challenge.issue(landmark: "l", device: "d", issuedAtMs: 0).nonce.count == 32)
    }

    @Test("a record without the device's or the landmark's signature is refused as unsigned")
    func unsigned() throws {
        let round = try SignedRound(seed: 5)
        #expect(problem(round.altered(deviceSignature: []), round) == .unsigned(.device))
        #expect(problem(round.altered(landmarkSignature: []), round) == .unsigned(.landmark))
        #expect(MeasurementProblem.unsigned(.device).code == "unsigned_record")
    }

    @Test("a device signature by another key, or over another challenge, is refused as the wrong device signature")
    func wrongDeviceSignature() throws {
        let round = try SignedRound(seed: 6)
        let other = try SignedRound(seed: 7)
        let forged = try MeasurementRecord.signed(
            answer: ChallengeAnswer(challenge: round.record.challenge, signature: other.record.deviceSignature), probesMs: round.record.probesMs,
            key: round.landmarkKey)
        #expect(problem(forged, round) == .wrongDeviceSignature)
        let impostor = try MeasurementRecord.signed(
            answer: try round.record.challenge.answer(with: other.deviceKey), probesMs: [5], key: round.landmarkKey)
        #expect(problem(impostor, round) == .wrongDeviceSignature)
    }

    @Test("changing any signed field after the landmark signed breaks the landmark signature")
    func wrongLandmarkSignature() throws {
        let round = try SignedRound(seed: 8)
        #expect(problem(round.altered(probes: [11.25, 11.25, 13]), round) == .wrongLandmarkSignature)
        #expect(problem(round.altered(probes: [1, 12.5, 13], minimum: 1), round) == .wrongLandmarkSignature, "a faster probe cannot be slipped in")
        #expect(problem(round.altered(issuedAtMs: round.record.challenge.issuedAtMs + 1), round) == .wrongLandmarkSignature)
        var nonce = round.record.challenge.nonce
        nonce[0] ^= 1
        #expect(problem(round.altered(nonce: nonce), round) == .wrongLandmarkSignature)
        let other = try SignedRound(seed: 9)
        #expect(verifier.problem(of: round.record, deviceKey: round.devicePublic, landmarkKey: other.landmarkPublic, nowMs: now) == .wrongLandmarkSignature)
    }

    @Test("a record past the freshness window is late but taken; past the late window it is stale; beyond the skew in the future, refused")
    func freshness() throws {
        let round = try SignedRound(seed: 10)
        let issued = round.record.challenge.issuedAtMs
        let week: Int64 = 7 * 86_400_000
        #expect(problem(round.record, round, now: issued + 300_000) == nil)
        #expect(!verifier.isLate(issuedAtMs: issued, receivedAtMs: issued + 300_000))
        #expect(problem(round.record, round, now: issued + 300_001) == nil)
        #expect(verifier.isLate(issuedAtMs: issued, receivedAtMs: issued + 300_001))
        #expect(problem(round.record, round, now: issued + week) == nil)
        #expect(problem(round.record, round, now: issued + week + 1) == .stale(ageMs: week + 1, windowMs: week))
        #expect(problem(round.record, round, now: issued - 30_000) == nil)
        #expect(problem(round.record, round, now: issued - 30_001) == .inFuture(aheadMs: 30_001, skewMs: 30_000))
        #expect(verifier.freshnessProblem(issuedAtMs: .min, nowMs: .max) == .stale(ageMs: .max, windowMs: week))
        #expect(verifier.freshnessProblem(issuedAtMs: .max, nowMs: -1) == .inFuture(aheadMs: .max, skewMs: 30_000))
        #expect(verifier.isLate(issuedAtMs: .min, receivedAtMs: .max) && !verifier.isLate(issuedAtMs: .max, receivedAtMs: .min))
        #expect(MeasurementVerifier(windowMs: 600_000, lateWindowMs: 1).lateWindowMs == 600_000, "the late window is never shorter")
    }

    @Test("negative, zero, non-finite and absurd round-trip times are refused, naming the probe")
    func badRTTs() throws {
        let round = try SignedRound(seed: 11)
        for (probes, field) in [([-1.0, 5], "rtt_ms[0]"), ([5, 0], "rtt_ms[1]"), ([Double.nan], "rtt_ms[0]"), ([5, .infinity], "rtt_ms[1]"), ([5_001], "rtt_ms[0]")] {
            guard case .badRTT(let named, _)? = problem(round.altered(probes: probes, minimum: 5), round) else {
                Issue.record("\(probes) was not refused as a bad RTT")
                continue
            }
            #expect(named == field)
        }
        guard case .badRTT("min_rtt_ms", _)? = problem(round.altered(minimum: 12.5), round) else {
            Issue.record("a minimum that is not the smallest probe was accepted")
            return
        }
    }

    @Test("malformed ids, nonces, probe counts and signature lengths are refused, naming the field")
    func malformed() throws {
        let round = try SignedRound(seed: 12)
        let cases: [(MeasurementRecord, String)] = [
            (round.altered(device: ""), "device"), (round.altered(device: String(repeating: "x", count: 129)), "device"),
            (round.altered(device: "dev 1"), "device"), (round.altered(nonce: [1, 2, 3]), "nonce"),
            (round.altered(probes: [], minimum: 1), "rtt_ms"), (round.altered(probes: Array(repeating: 1, count: 65), minimum: 1), "rtt_ms"),
            (round.altered(deviceSignature: [1, 2]), "device_signature"), (round.altered(landmarkSignature: Array(repeating: 0, count: 63)), "landmark_signature"),
        ]
        for (record, field) in cases {
            let found = problem(record, round)
            #expect(found?.code == "malformed_record" && found?.field == field, "\(field): \(String(describing: found))")
        }
    }

    @Test("only a raw 32-byte Ed25519 key in base64 is an attestation key")
    func attestationKeys() throws {
        let round = try SignedRound(seed: 13)
        #expect(try AttestationKey.parse(base64: round.devicePublic.base64).get() == round.devicePublic)
        #expect(AttestationKey.parse(base64: "not base64!") == .failure(.notBase64))
        #expect(AttestationKey.parse(base64: "") == .failure(.notBase64))
        #expect(AttestationKey.parse(base64: Data(repeating: 1, count: 33).base64EncodedString()) == .failure(.notEd25519(byteCount: 33)))
        let p256 = P256.Signing.PrivateKey().publicKey.derRepresentation.base64EncodedString()
        guard case .failure(.notEd25519) = AttestationKey.parse(base64: p256) else {
            Issue.record("a P-256 key was taken for an Ed25519 key")
            return
        }
    }

    @Test("every refusal reason has its own stable code")
    func distinctCodes() {
        let all: [MeasurementProblem] = [
            .malformed(field: "f", reason: "r"), .badRTT(field: "f", reason: "r"), .unsigned(.device), .wrongDeviceSignature, .wrongLandmarkSignature,
            .stale(ageMs: 1, windowMs: 1), .inFuture(aheadMs: 1, skewMs: 1), .replayedNonce, .unknownDevice("d"), .unknownLandmark("l"),
            .distrustedLandmark("l"),
        ]
        #expect(Set(all.map(\.code)).count == all.count)
    }
}
