import Crypto
import Foundation

/// A landmark's challenge to a device: fresh random bytes the device must sign, so no answer can exist before
/// the challenge was sent. What the device signs is `signedBytes` (the canonical encoding, `CanonicalBytes`).
public struct Challenge: Sendable, Hashable {
    /// The landmark that issued it.
    public let landmark: String
    /// The device it challenges.
    public let device: String
    /// 32 random bytes.
    public let nonce: [UInt8]
    /// When the landmark issued it, ms since 1970 (UTC).
    public let issuedAtMs: Int64

    /// A challenge (its fields are checked by `MeasurementVerifier`, not here).
    public init(landmark: String, device: String, nonce: [UInt8], issuedAtMs: Int64) {
        self.landmark = landmark
        self.device = device
        self.nonce = nonce
        self.issuedAtMs = issuedAtMs
    }

    /// A new challenge with 32 bytes from the system's secure random generator.
    public static func issue(landmark: String, device: String, issuedAtMs: Int64) -> Challenge {
        var generator = SystemRandomNumberGenerator()
        return issue(landmark: landmark, device: device, issuedAtMs: issuedAtMs, using: &generator)
    }

    /// A new challenge with 32 bytes from `generator`.
    public static func issue(landmark: String, device: String, issuedAtMs: Int64, using generator: inout some RandomNumberGenerator) -> Challenge {
        let nonce = (0..<SignedRecordLimits.nonceLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Challenge(landmark: landmark, device: device, nonce: nonce, issuedAtMs: issuedAtMs)
    }

    /// The canonical bytes the device signs: version, kind `challenge`, landmark, device, nonce, issued-at.
    public var signedBytes: [UInt8] {
        var encoding = CanonicalBytes(.challenge)
        encoding.append(text: landmark)
        encoding.append(text: device)
        encoding.append(bytes: nonce)
        encoding.append(integer: issuedAtMs)
        return encoding.bytes
    }

    /// The device's answer: its Ed25519 signature of `signedBytes` with `key` (the device side of the protocol).
    public func answer(with key: Curve25519.Signing.PrivateKey) throws -> ChallengeAnswer {
        ChallengeAnswer(challenge: self, signature: Array(try key.signature(for: signedBytes)))
    }
}

/// A device's answer to a challenge: its Ed25519 signature of the challenge's canonical bytes.
public struct ChallengeAnswer: Sendable, Hashable {
    /// The challenge answered.
    public let challenge: Challenge
    /// The device's signature of `challenge.signedBytes` (64 bytes).
    public let signature: [UInt8]

    /// An answer.
    public init(challenge: Challenge, signature: [UInt8]) {
        self.challenge = challenge
        self.signature = signature
    }
}

/// A landmark's signed record of one measurement round: the challenge, the device's signature of it, the
/// round-trip time of each probe and their minimum, all signed by the landmark (`signedBytes`).
///
/// A landmark (`clearance landmark serve`, over any transport) builds one with `signed(answer:probesMs:key:)`
/// once its probes are done; the service checks it with `MeasurementVerifier`.
public struct MeasurementRecord: Sendable, Hashable {
    /// The challenge the round answered (device, landmark, nonce, issued-at).
    public let challenge: Challenge
    /// Each probe's round-trip time, ms, in the order measured.
    public let probesMs: [Double]
    /// The smallest of `probesMs`: the round's distance bound.
    public let minimumMs: Double
    /// The device's signature of the challenge (empty when it sent none).
    public let deviceSignature: [UInt8]
    /// The landmark's signature of `signedBytes` (empty when unsigned).
    public let landmarkSignature: [UInt8]

    /// A record as received (checked by `MeasurementVerifier`, not here).
    public init(challenge: Challenge, probesMs: [Double], minimumMs: Double, deviceSignature: [UInt8], landmarkSignature: [UInt8]) {
        self.challenge = challenge
        self.probesMs = probesMs
        self.minimumMs = minimumMs
        self.deviceSignature = deviceSignature
        self.landmarkSignature = landmarkSignature
    }

    /// The device id.
    public var device: String { challenge.device }
    /// The landmark id.
    public var landmark: String { challenge.landmark }

    /// The record of a round, signed by the landmark's `key`; the minimum is taken from `probesMs`.
    public static func signed(answer: ChallengeAnswer, probesMs: [Double], key: Curve25519.Signing.PrivateKey) throws -> MeasurementRecord {
        let unsigned = MeasurementRecord(
            challenge: answer.challenge, probesMs: probesMs, minimumMs: probesMs.min() ?? .nan, deviceSignature: answer.signature,
            landmarkSignature: [])
        return MeasurementRecord(
            challenge: unsigned.challenge, probesMs: probesMs, minimumMs: unsigned.minimumMs, deviceSignature: answer.signature,
            landmarkSignature: Array(try key.signature(for: unsigned.signedBytes)))
    }

    /// The canonical bytes the landmark signs: version, kind `measurement`, the challenge's fields, the probe
    /// count and each probe, the minimum, and the device's signature.
    public var signedBytes: [UInt8] {
        var encoding = CanonicalBytes(.measurement)
        encoding.append(text: challenge.landmark)
        encoding.append(text: challenge.device)
        encoding.append(bytes: challenge.nonce)
        encoding.append(integer: challenge.issuedAtMs)
        encoding.append(integer: Int64(probesMs.count))
        for probe in probesMs { encoding.append(number: probe) }
        encoding.append(number: minimumMs)
        encoding.append(bytes: deviceSignature)
        return encoding.bytes
    }
}
