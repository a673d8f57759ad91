import Audit
import Foundation
import Monitor
import Store

/// A measurement record as a landmark posts it: the signed fields, with the nonce and signatures in base64.
public struct MeasurementSubmission: Sendable, Hashable, Codable {
    public var device: String
    public var landmark: String
    /// The challenge's 32 random bytes, base64.
    public var nonce: String
    /// When the challenge was issued, ms since 1970.
    public var issuedAt: Int64
    /// Each probe's round-trip time, ms.
    public var rttMs: [Double]
    /// The smallest probe, ms.
    public var minRttMs: Double
    /// The device's signature of the challenge, base64 (nil or empty: unsigned).
    public var deviceSignature: String?
    /// The landmark's signature of the record, base64 (nil or empty: unsigned).
    public var landmarkSignature: String?

    public init(
        device: String, landmark: String, nonce: String, issuedAt: Int64, rttMs: [Double], minRttMs: Double, deviceSignature: String?,
        landmarkSignature: String?
    ) {
        self.device = device
        self.landmark = landmark
        self.nonce = nonce
        self.issuedAt = issuedAt
        self.rttMs = rttMs
        self.minRttMs = minRttMs
        self.deviceSignature = deviceSignature
        self.landmarkSignature = landmarkSignature
    }

    /// The submission of a signed record (what a landmark posts).
    public init(_ record: MeasurementRecord) {
        self.init(
            device: record.device, landmark: record.landmark, nonce: Data(record.challenge.nonce).base64EncodedString(),
            issuedAt: record.challenge.issuedAtMs, rttMs: record.probesMs, minRttMs: record.minimumMs,
            deviceSignature: Data(record.deviceSignature).base64EncodedString(), landmarkSignature: Data(record.landmarkSignature).base64EncodedString())
    }

    /// The record it carries, or the refusal naming the field that is not base64.
    public func decoded() -> Result<MeasurementRecord, MeasurementRefusal> {
        var fields: [[UInt8]] = []
        for (text, field) in [(nonce as String?, "nonce"), (deviceSignature, "device_signature"), (landmarkSignature, "landmark_signature")] {
            guard let text, !text.isEmpty else {
                fields.append([])
                continue
            }
            guard let data = Data(base64Encoded: text) else { return .failure(MeasurementRefusal(.malformed(field: field, reason: "is not base64"))) }
            fields.append(Array(data))
        }
        return .success(
            MeasurementRecord(
                challenge: Challenge(landmark: landmark, device: device, nonce: fields[0], issuedAtMs: issuedAt), probesMs: rttMs, minimumMs: minRttMs,
                deviceSignature: fields[1], landmarkSignature: fields[2]))
    }
}

/// A measurement record refused, with its reason (`problem.code` names it for the API).
public struct MeasurementRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public let problem: MeasurementProblem

    public init(_ problem: MeasurementProblem) {
        self.problem = problem
    }

    public var description: String { problem.description }
}

extension MonitorService {
    /// Verifies a posted record and stores it: the landmark and device must be registered and the landmark
    /// trusted, both signatures must verify against their registered keys, the challenge must be within the late window
    /// (`MeasurementVerifier`; a late record is stored and audited as late), and the
    /// nonce unused (checked by the store's unique constraint in the transaction that stores the record and its
    /// audit record). A refusal is audited (`monitor.measurement.refuse`, with the code) and thrown as
    /// `MeasurementRefusal`; nothing else is written then.
    public func acceptMeasurement(_ submission: MeasurementSubmission, actor: String) async throws -> MeasurementRow {
        let now = clock()
        let record: MeasurementRecord
        switch submission.decoded() {
        case .success(let decoded): record = decoded
        case .failure(let refusal):
            try await refuse(refusal, submission: submission, input: Data(ExclusionJSON.encode(submission).utf8), actor: actor)
        }
        let input = Data(record.signedBytes + record.landmarkSignature)
        if let problem = MeasurementVerifier.shapeProblem(of: record) {
            try await refuse(MeasurementRefusal(problem), submission: submission, input: input, actor: actor)
        }
        let parties = try await registry.measurementParties(landmark: record.landmark, device: record.device)
        guard let landmark = parties.landmark else {
            try await refuse(MeasurementRefusal(.unknownLandmark(record.landmark)), submission: submission, input: input, actor: actor)
        }
        guard landmark.trusted else {
            try await refuse(MeasurementRefusal(.distrustedLandmark(record.landmark)), submission: submission, input: input, actor: actor)
        }
        guard let device = parties.device else {
            try await refuse(MeasurementRefusal(.unknownDevice(record.device)), submission: submission, input: input, actor: actor)
        }
        let deviceKey = try Self.storedKey(device.publicKey, "device \(device.id): monitor_devices.public_key")
        let landmarkKey = try Self.storedKey(landmark.publicKey, "landmark \(landmark.id): monitor_landmarks.public_key")
        if let problem = verifier.problem(of: record, deviceKey: deviceKey, landmarkKey: landmarkKey, nowMs: now) {
            try await refuse(MeasurementRefusal(problem), submission: submission, input: input, actor: actor)
        }
        // The nonce is stored in its one canonical base64 form: the same bytes written differently are the same nonce.
        let row = MeasurementRow(
            device: record.device, landmark: record.landmark, nonce: Data(record.challenge.nonce).base64EncodedString(), issuedAt: record.challenge.issuedAtMs, receivedAt: now,
            probesMs: record.probesMs, minimumMs: record.minimumMs, deviceSignature: Data(record.deviceSignature).base64EncodedString(),
            landmarkSignature: Data(record.landmarkSignature).base64EncodedString())
        let audit = AuditDraft(
            actor: actor, action: "monitor.measurement", input: input,
            result: "device \(row.device) by landmark \(row.landmark): min \(row.minimumMs) ms over \(row.probesMs.count) probes, "
                + "challenge issued at \(row.issuedAt)"
                + (verifier.isLate(issuedAtMs: row.issuedAt, receivedAtMs: now) ? "; late: received \(now - row.issuedAt) ms after its challenge" : ""),
            versions: "")
        switch await Self.store(row, audit: audit, in: registry) {
        case .success(let stored): return stored
        case .failure(let error) where error.kind == .conflict:
            try await refuse(MeasurementRefusal(.replayedNonce), submission: submission, input: input, actor: actor)
        case .failure(let error): throw error
        }
    }

    /// Stores an accepted record; the store's refusal (a used nonce: `conflict`) is returned, not thrown.
    private static func store(_ row: MeasurementRow, audit: AuditDraft, in registry: any MonitorStore) async -> Result<MeasurementRow, StoreError> {
        do {
            return .success(try await registry.recordMeasurement(row, audit: audit))
        } catch {
            return .failure(error)
        }
    }

    /// Audits a refusal and throws it.
    private func refuse(_ refusal: MeasurementRefusal, submission: MeasurementSubmission, input: Data, actor: String) async throws -> Never {
        _ = try await store.appendAudit(
            AuditDraft(
                actor: actor, action: "monitor.measurement.refuse", input: input,
                result: "refused \(refusal.problem.code) (\(refusal.problem.field)): \(refusal.problem); device \(submission.device), "
                    + "landmark \(submission.landmark)", versions: ""))
        throw refusal
    }

    /// A registered key as stored; one that is not Ed25519 is a damaged row, named.
    static func storedKey(_ text: String, _ place: String) throws(StoreError) -> AttestationKey {
        guard case .success(let key) = AttestationKey.parse(base64: text) else {
            throw StoreError(.database, "\(place) is not a raw Ed25519 public key")
        }
        return key
    }
}
