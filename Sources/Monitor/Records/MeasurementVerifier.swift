/// Why a measurement record is refused. Each reason has a stable `code` (the API's error code) and a
/// message naming the field at fault.
public enum MeasurementProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whose signature a record can lack.
    public enum Signer: String, Sendable, Hashable {
        case device, landmark
    }

    /// A field is malformed (empty or overlong id, a nonce that is not 32 bytes, no probes or too many).
    case malformed(field: String, reason: String)
    /// A round-trip time is not a usable measurement (negative, zero, not a number, absurdly long), or the
    /// stated minimum is not the smallest probe.
    case badRTT(field: String, reason: String)
    /// A signature is missing.
    case unsigned(Signer)
    /// The device's signature does not verify against its registered key over the challenge.
    case wrongDeviceSignature
    /// The landmark's signature does not verify against its registered key over the record.
    case wrongLandmarkSignature
    /// The challenge was issued longer ago than even a late record may be (`MeasurementVerifier.lateWindowMs`).
    case stale(ageMs: Int64, windowMs: Int64)
    /// The challenge's issue time is later than now (beyond the allowed clock skew).
    case inFuture(aheadMs: Int64, skewMs: Int64)
    /// The challenge's nonce was already used by an accepted record (found by the store).
    case replayedNonce
    /// No device is registered with the record's device id.
    case unknownDevice(String)
    /// No landmark is registered with the record's landmark id.
    case unknownLandmark(String)
    /// The landmark is registered but not trusted now.
    case distrustedLandmark(String)

    /// The stable code of the reason (`malformed_record`, `bad_rtt`, `unsigned_record`, `bad_device_signature`,
    /// `bad_landmark_signature`, `stale_challenge`, `future_challenge`, `replayed_nonce`, `unknown_device`,
    /// `unknown_landmark`, `distrusted_landmark`).
    public var code: String {
        switch self {
        case .malformed: "malformed_record"
        case .badRTT: "bad_rtt"
        case .unsigned: "unsigned_record"
        case .wrongDeviceSignature: "bad_device_signature"
        case .wrongLandmarkSignature: "bad_landmark_signature"
        case .stale: "stale_challenge"
        case .inFuture: "future_challenge"
        case .replayedNonce: "replayed_nonce"
        case .unknownDevice: "unknown_device"
        case .unknownLandmark: "unknown_landmark"
        case .distrustedLandmark: "distrusted_landmark"
        }
    }

    /// The field the reason is about.
    public var field: String {
        switch self {
        case .malformed(let field, _), .badRTT(let field, _): field
        case .unsigned(let signer): "\(signer.rawValue)_signature"
        case .wrongDeviceSignature: "device_signature"
        case .wrongLandmarkSignature: "landmark_signature"
        case .stale, .inFuture: "issued_at"
        case .replayedNonce: "nonce"
        case .unknownDevice: "device"
        case .unknownLandmark, .distrustedLandmark: "landmark"
        }
    }

    public var description: String {
        switch self {
        case .malformed(let field, let reason), .badRTT(let field, let reason): "\(field) \(reason)"
        case .unsigned(let signer): "the record has no \(signer.rawValue) signature (\(field))"
        case .wrongDeviceSignature: "device_signature is not the device's registered key's signature of the challenge"
        case .wrongLandmarkSignature: "landmark_signature is not the landmark's registered key's signature of the record"
        case .stale(let age, let window): "issued_at is \(age) ms old: the challenge is stale (a record is taken at most \(window) ms after its challenge)"
        case .inFuture(let ahead, let skew): "issued_at is \(ahead) ms in the future (at most \(skew) ms of clock skew is allowed)"
        case .replayedNonce: "nonce was already used by an accepted record: a replayed challenge"
        case .unknownDevice(let id): "device \"\(id)\" is not registered"
        case .unknownLandmark(let id): "landmark \"\(id)\" is not registered"
        case .distrustedLandmark(let id): "landmark \"\(id)\" is not trusted"
        }
    }
}

/// Checks a measurement record against the registered keys of its device and landmark and the clock: its
/// shape, both signatures and its freshness. Pure: the caller passes the keys and "now"; whether the nonce
/// was used before is the store's check (`MeasurementProblem.replayedNonce`).
///
/// A record that arrives more than `windowMs` after its challenge was issued is **late** (a landmark's spool posted
/// it after an outage): it is still evidence — the landmark timed the device's answer when it was given, signed
/// the record then, and the nonce is accepted once ever — but it says where the device was, not where it is, so
/// it never joins the current round (it is judged with the records measured with it). One older than
/// `lateWindowMs` is **stale** and refused.
public struct MeasurementVerifier: Sendable, Hashable {
    /// How old a challenge may be when its record arrives for the record to be timely, ms.
    public let windowMs: Int64
    /// How old a challenge may be when its record arrives at all (a late record), ms.
    public let lateWindowMs: Int64
    /// How far in the future a challenge's issue time may be (clock skew), ms.
    public let skewMs: Int64

    /// Five minutes to be timely, seven days to arrive late, and 30 s of skew by default.
    public init(windowMs: Int64 = 300_000, lateWindowMs: Int64 = 7 * 86_400_000, skewMs: Int64 = 30_000) {
        self.windowMs = windowMs
        self.lateWindowMs = max(lateWindowMs, windowMs)
        self.skewMs = skewMs
    }

    /// Whether a record of a challenge issued at `issuedAtMs` and received at `receivedAtMs` arrived late.
    public func isLate(issuedAtMs: Int64, receivedAtMs: Int64) -> Bool {
        let (age, overflow) = receivedAtMs.subtractingReportingOverflow(issuedAtMs)
        return overflow ? receivedAtMs > issuedAtMs : age > windowMs
    }

    /// The first problem of `record` (shape, signatures present, freshness, the landmark's then the device's
    /// signature), or nil when it is sound.
    public func problem(of record: MeasurementRecord, deviceKey: AttestationKey, landmarkKey: AttestationKey, nowMs: Int64)
        -> MeasurementProblem?
    {
        if let problem = Self.shapeProblem(of: record) { return problem }
        if record.deviceSignature.isEmpty { return .unsigned(.device) }
        if record.landmarkSignature.isEmpty { return .unsigned(.landmark) }
        if let problem = freshnessProblem(issuedAtMs: record.challenge.issuedAtMs, nowMs: nowMs) { return problem }
        guard landmarkKey.isValidSignature(record.landmarkSignature, of: record.signedBytes) else { return .wrongLandmarkSignature }
        guard deviceKey.isValidSignature(record.deviceSignature, of: record.challenge.signedBytes) else { return .wrongDeviceSignature }
        return nil
    }

    /// Whether a challenge issued at `issuedAtMs` may still be recorded at `nowMs` (timely or late).
    public func freshnessProblem(issuedAtMs: Int64, nowMs: Int64) -> MeasurementProblem? {
        let (age, overflow) = nowMs.subtractingReportingOverflow(issuedAtMs)
        if overflow { return issuedAtMs > nowMs ? .inFuture(aheadMs: .max, skewMs: skewMs) : .stale(ageMs: .max, windowMs: lateWindowMs) }
        if age > lateWindowMs { return .stale(ageMs: age, windowMs: lateWindowMs) }
        if age < -skewMs { return .inFuture(aheadMs: age == .min ? .max : -age, skewMs: skewMs) }
        return nil
    }

    /// What is wrong with the record's fields regardless of keys and clock: ids, nonce, probes, minimum.
    public static func shapeProblem(of record: MeasurementRecord) -> MeasurementProblem? {
        if let problem = idProblem(record.challenge.device, field: "device") { return problem }
        if let problem = idProblem(record.challenge.landmark, field: "landmark") { return problem }
        guard record.challenge.nonce.count == SignedRecordLimits.nonceLength else {
            return .malformed(field: "nonce", reason: "is \(record.challenge.nonce.count) bytes; a challenge nonce is \(SignedRecordLimits.nonceLength)")
        }
        guard !record.probesMs.isEmpty else { return .malformed(field: "rtt_ms", reason: "has no probes") }
        guard record.probesMs.count <= SignedRecordLimits.maximumProbes else {
            return .malformed(field: "rtt_ms", reason: "has \(record.probesMs.count) probes; at most \(SignedRecordLimits.maximumProbes)")
        }
        for (index, probe) in record.probesMs.enumerated() {
            if let reason = MeasuredRTT.problem(rttMs: probe) { return .badRTT(field: "rtt_ms[\(index)]", reason: "\(probe) ms \(reason)") }
        }
        if let reason = MeasuredRTT.problem(rttMs: record.minimumMs) { return .badRTT(field: "min_rtt_ms", reason: "\(record.minimumMs) ms \(reason)") }
        guard let smallest = record.probesMs.min(), record.minimumMs == smallest else {
            return .badRTT(field: "min_rtt_ms", reason: "is \(record.minimumMs) ms but the smallest probe is \(record.probesMs.min() ?? .nan) ms")
        }
        for signature in [("device_signature", record.deviceSignature), ("landmark_signature", record.landmarkSignature)]
        where !signature.1.isEmpty && signature.1.count != SignedRecordLimits.signatureLength {
            return .malformed(field: signature.0, reason: "is \(signature.1.count) bytes; an Ed25519 signature is \(SignedRecordLimits.signatureLength)")
        }
        return nil
    }

    /// What is wrong with a device or landmark id (empty, longer than 128 bytes, a space or control character), or nil.
    public static func idProblem(_ id: String, field: String) -> MeasurementProblem? {
        if id.isEmpty { return .malformed(field: field, reason: "is empty") }
        if id.utf8.count > SignedRecordLimits.maximumIDLength {
            return .malformed(field: field, reason: "is longer than \(SignedRecordLimits.maximumIDLength) bytes")
        }
        if id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) {
            return .malformed(field: field, reason: "contains a space or control character")
        }
        return nil
    }
}
