import DataFormats
import Foundation
import Hummingbird
import Monitor
import Operations
import Store

/// The monitoring registry and the signed measurement intake: `/v1/devices`, `/v1/landmarks`,
/// `/v1/monitor/measurements`. Admins register and set a landmark's trust, analysts read, landmark (and admin) keys
/// post records.
extension APIHandler {
    func listDevices(_ input: Operations.ListDevices.Input) async throws -> Operations.ListDevices.Output {
        _ = try RequestState.require(.analyst)
        let limit = try Self.limit(input.query.limit, default: 100, maximum: 1000)
        let devices = try await monitor().devices(after: try Self.after(input.query.after), limit: limit)
        return .ok(.init(body: .json(.init(devices: devices.map(Self.device), next: devices.count == limit ? devices.last?.id : nil))))
    }

    func registerDevice(_ input: Operations.RegisterDevice.Input) async throws -> Operations.RegisterDevice.Output {
        let key = try RequestState.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.invalid("body", "the body must be a device as JSON") }
        let draft = DeviceDraft(
            id: body.id, publicKey: body.publicKey, eccn: body.eccn, serial: try FieldText.required(body.serial, "serial", limit: InputText.nameLimit),
            authorizationID: body.authorizationId, endUserPartyID: body.endUserPartyId, country: body.country, siteLatitude: body.site?.latitude,
            siteLongitude: body.site?.longitude, siteRadiusKm: body.site?.radiusKm, checkInIntervalSeconds: body.checkInIntervalSeconds)
        return .created(.init(body: .json(Self.device(try await monitor().registerDevice(draft, actor: key.id)))))
    }

    func getDevice(_ input: Operations.GetDevice.Input) async throws -> Operations.GetDevice.Output {
        _ = try RequestState.require(.analyst)
        return .ok(.init(body: .json(Self.device(try await monitor().device(id: input.path.id)))))
    }

    func listLandmarks(_ input: Operations.ListLandmarks.Input) async throws -> Operations.ListLandmarks.Output {
        _ = try RequestState.require(.analyst)
        let limit = try Self.limit(input.query.limit, default: 100, maximum: 1000)
        let landmarks = try await monitor().landmarks(after: try Self.after(input.query.after), limit: limit)
        return .ok(.init(body: .json(.init(landmarks: landmarks.map(Self.landmark), next: landmarks.count == limit ? landmarks.last?.id : nil))))
    }

    func registerLandmark(_ input: Operations.RegisterLandmark.Input) async throws -> Operations.RegisterLandmark.Output {
        let key = try RequestState.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.invalid("body", "the body must be a landmark as JSON") }
        let draft = LandmarkDraft(
            id: body.id, latitude: body.latitude, longitude: body.longitude, country: body.country, publicKey: body.publicKey,
            trusted: body.trusted ?? true)
        return .created(.init(body: .json(Self.landmark(try await monitor().registerLandmark(draft, actor: key.id)))))
    }

    func getLandmark(_ input: Operations.GetLandmark.Input) async throws -> Operations.GetLandmark.Output {
        _ = try RequestState.require(.analyst)
        return .ok(.init(body: .json(Self.landmark(try await monitor().landmark(id: input.path.id)))))
    }

    func setLandmarkTrust(_ input: Operations.SetLandmarkTrust.Input) async throws -> Operations.SetLandmarkTrust.Output {
        let key = try RequestState.require(.admin)
        guard case .json(let body) = input.body else {
            throw APIError.invalid("body", #"the body must be {"trusted": true|false, "reason": "…"} as JSON"#)
        }
        let reason = try FieldText.required(body.reason, "reason", limit: InputText.freeTextLimit, multiline: true)
        let landmark = try await monitor().setTrust(landmark: input.path.id, trusted: body.trusted, reason: reason, actor: key.id)
        return .ok(.init(body: .json(Self.landmark(landmark))))
    }

    func submitMeasurement(_ input: Operations.SubmitMeasurement.Input) async throws -> Operations.SubmitMeasurement.Output {
        let key = try RequestState.require(.landmark)
        guard key.role == .landmark || key.role == .admin else {
            throw APIError(.forbidden, "forbidden", "posting measurement records needs a landmark or admin key; the key \(key.id) is \(key.role.rawValue)")
        }
        guard case .json(let body) = input.body else { throw APIError.invalid("body", "the body must be a measurement record as JSON") }
        let submission = MeasurementSubmission(
            device: body.device, landmark: body.landmark, nonce: body.nonce, issuedAt: body.issuedAt, rttMs: body.rttMs, minRttMs: body.minRttMs,
            deviceSignature: body.deviceSignature, landmarkSignature: body.landmarkSignature)
        do {
            let row = try await monitor().acceptMeasurement(submission, actor: key.id)
            await verdictQueue?.submit(device: row.device)
            return .created(
                .init(
                    body: .json(
                        .init(
                            id: row.id, device: row.device, landmark: row.landmark, nonce: row.nonce, issuedAt: row.issuedAt, receivedAt: row.receivedAt,
                            rttMs: row.probesMs, minRttMs: row.minimumMs, deviceSignature: row.deviceSignature, landmarkSignature: row.landmarkSignature))))
        } catch let refusal as MeasurementRefusal {
            throw APIError(Self.status(refusal.problem), refusal.problem.code, refusal.problem.description, field: refusal.problem.field)
        }
    }

    /// The HTTP status of a refused record: 400 for its shape, 401 for its signatures, 409 for a replay, 422 for the rest.
    static func status(_ problem: MeasurementProblem) -> HTTPResponse.Status {
        switch problem {
        case .malformed, .badRTT: .badRequest
        case .unsigned, .wrongDeviceSignature, .wrongLandmarkSignature: .unauthorized
        case .replayedNonce: .conflict
        case .stale, .inFuture, .unknownDevice, .unknownLandmark, .distrustedLandmark: .unprocessableContent
        }
    }

    /// An `after` query parameter of the registry's pages: the last id of the page before ("" when absent), at most
    /// 128 characters as the document says (a cursor longer than any id in bytes simply ends the pages).
    static func after(_ given: String?) throws(APIError) -> String {
        guard let given else { return "" }
        guard given.unicodeScalars.count <= SignedRecordLimits.maximumIDLength else {
            throw APIError.invalid("after", "after must be an id of at most \(SignedRecordLimits.maximumIDLength) characters")
        }
        return given
    }

    private func monitor() throws(StoreError) -> MonitorService {
        try MonitorService(store: service.store)
    }

    static func device(_ device: DeviceRecord) -> Components.Schemas.Device {
        Components.Schemas.Device(
            id: device.id, publicKey: device.publicKey, eccn: device.eccn, serial: device.serial, authorizationId: device.authorizationID,
            endUserPartyId: device.endUserPartyID, country: device.country,
            site: device.site.map { Components.Schemas.Site(latitude: $0.latitude, longitude: $0.longitude, radiusKm: $0.radiusKm) },
            checkInIntervalSeconds: device.checkInIntervalSeconds, registeredAt: device.registeredAt)
    }

    static func landmark(_ landmark: LandmarkRecord) -> Components.Schemas.Landmark {
        Components.Schemas.Landmark(
            id: landmark.id, latitude: landmark.latitude, longitude: landmark.longitude, country: landmark.country, publicKey: landmark.publicKey,
            trusted: landmark.trusted, registeredAt: landmark.registeredAt, trustChangedAt: landmark.trustChangedAt)
    }
}
