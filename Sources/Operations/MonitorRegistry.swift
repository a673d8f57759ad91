import Audit
import DataFormats
import Determination
import Foundation
import Monitor
import Store

/// The monitoring registry and the signed measurement intake over one store: devices and landmarks are
/// checked here (an Ed25519 key, an ECCN, a licence or authorisation and an end user that exist, coordinates
/// in range) and registered with their audit record; measurement records are verified and stored by
/// `acceptMeasurement` (MonitorIntake.swift). The HTTP routes and `clearance devices|landmarks` both call these;
/// roles are checked by the adapters (admins register, analysts read, landmarks and admins post records).
public struct MonitorService: Sendable {
    public let store: any Store
    public let registry: any MonitorStore
    /// How fresh a record's challenge must be.
    public let verifier: MeasurementVerifier
    /// Milliseconds since 1970 (injected by tests).
    public let clock: @Sendable () -> Int64

    /// The registry kept by `store`; `unavailable` when that store keeps none.
    public init(
        store: any Store, verifier: MeasurementVerifier = MeasurementVerifier(), clock: @escaping @Sendable () -> Int64 = StoreClock.milliseconds
    ) throws(StoreError) {
        guard let registry = store as? any MonitorStore else { throw StoreError(.unavailable, "this store keeps no monitoring registry") }
        self.store = store
        self.registry = registry
        self.verifier = verifier
        self.clock = clock
    }

    /// The longest check-in interval accepted: one year.
    public static let maximumCheckInSeconds: Int64 = 366 * 24 * 3600

    // MARK: - Devices

    /// Registers a device, audited with `actor`. `InvalidInput` naming the field when one breaks its rule (the
    /// key is not a raw Ed25519 key, the ECCN is not one, no licence or authorisation has the id, the end user
    /// is not a stored party, the site is partial or out of range); `StoreError.conflict` when the id is taken.
    public func registerDevice(_ draft: DeviceDraft, actor: String) async throws -> DeviceRecord {
        try Self.checkID(draft.id)
        let key = try Self.key(draft.publicKey)
        guard ItemClassification(draft.eccn) != nil else { throw InvalidInput("eccn", "\"\(draft.eccn)\" is not an ECCN such as 4A090.a or EAR99") }
        try Self.checkText(draft.serial, "serial")
        try Self.checkCountry(draft.country)
        let site = try Self.site(draft)
        guard (1...Self.maximumCheckInSeconds).contains(draft.checkInIntervalSeconds) else {
            throw InvalidInput("check_in_interval_seconds", "check_in_interval_seconds must be 1 to \(Self.maximumCheckInSeconds) (one year)")
        }
        let licence = try await store.license(id: draft.authorizationID)
        let authorization = licence == nil ? try await store.authorization(id: draft.authorizationID) : nil
        guard licence != nil || authorization != nil else {
            throw InvalidInput("authorization_id", "no licence or release authorisation \(draft.authorizationID) is recorded")
        }
        guard try await store.party(id: draft.endUserPartyID) != nil else {
            throw InvalidInput("end_user", "no party \(draft.endUserPartyID) is stored (import the end user as a party first)")
        }
        let device = DeviceRecord(
            id: draft.id, publicKey: key.base64, eccn: draft.eccn, serial: draft.serial, authorizationID: draft.authorizationID,
            endUserPartyID: draft.endUserPartyID, country: draft.country, site: site, checkInIntervalSeconds: draft.checkInIntervalSeconds,
            registeredAt: clock())
        let place = site.map { " site \($0.latitude),\($0.longitude) r \($0.radiusKm) km" } ?? ""
        try await registry.registerDevice(
            device,
            audit: Self.audit(
                actor, "monitor.device.register", device,
                "device \(device.id) (\(device.eccn), serial \(device.serial)) under \(device.authorizationID) for \(device.endUserPartyID), "
                    + "licensed in \(device.country)\(place), check-in every \(device.checkInIntervalSeconds) s"))
        return device
    }

    /// The device with `id`; `StoreError.notFound` without it.
    public func device(id: String) async throws(StoreError) -> DeviceRecord {
        guard let device = try await registry.device(id: id) else { throw StoreError(.notFound, "no device \(id)") }
        return device
    }

    /// Devices in id order after `after`, at most `limit`.
    public func devices(after: String = "", limit: Int) async throws(StoreError) -> [DeviceRecord] {
        try await registry.devices(after: after, limit: limit)
    }

    // MARK: - Landmarks

    /// Registers a landmark, audited with `actor`. `InvalidInput` naming the field for a bad id, key, country
    /// or coordinate; `StoreError.conflict` when the id is taken.
    public func registerLandmark(_ draft: LandmarkDraft, actor: String) async throws -> LandmarkRecord {
        try Self.checkID(draft.id)
        let key = try Self.key(draft.publicKey)
        try Self.checkCountry(draft.country)
        guard GeoPoint(latitude: draft.latitude, longitude: draft.longitude) != nil else {
            throw InvalidInput(
                draft.latitude.isFinite && (-90...90).contains(draft.latitude) ? "longitude" : "latitude",
                "latitude must be -90 to 90 and longitude -180 to 180 (got \(draft.latitude), \(draft.longitude))")
        }
        let landmark = LandmarkRecord(
            id: draft.id, latitude: draft.latitude, longitude: draft.longitude, country: draft.country, publicKey: key.base64,
            trusted: draft.trusted, registeredAt: clock())
        try await registry.registerLandmark(
            landmark,
            audit: Self.audit(
                actor, "monitor.landmark.register", landmark,
                "landmark \(landmark.id) at \(landmark.latitude),\(landmark.longitude) (\(landmark.country)), \(landmark.trusted ? "trusted" : "not trusted")"))
        return landmark
    }

    /// The landmark with `id`; `StoreError.notFound` without it.
    public func landmark(id: String) async throws(StoreError) -> LandmarkRecord {
        guard let landmark = try await registry.landmark(id: id) else { throw StoreError(.notFound, "no landmark \(id)") }
        return landmark
    }

    /// Landmarks in id order after `after`, at most `limit`.
    public func landmarks(after: String = "", limit: Int) async throws(StoreError) -> [LandmarkRecord] {
        try await registry.landmarks(after: after, limit: limit)
    }

    /// Trusts or distrusts a landmark with a reason, audited; its records are refused while it is distrusted.
    /// `StoreError.notFound` without it, `conflict` when it already is so.
    public func setTrust(landmark id: String, trusted: Bool, reason: String, actor: String) async throws -> LandmarkRecord {
        try Self.checkText(reason, "reason", limit: InputText.freeTextLimit, multiline: true)
        let verb = trusted ? "trust" : "distrust"
        return try await registry.setLandmarkTrust(
            id: id, trusted: trusted, at: clock(),
            audit: AuditDraft(actor: actor, action: "monitor.landmark.\(verb)", input: Data("\(id) \(reason)".utf8), result: "landmark \(id) \(verb)ed: \(reason)", versions: ""))
    }

    // MARK: - Checks

    static func checkID(_ id: String) throws {
        if let problem = MeasurementVerifier.idProblem(id, field: "id") { throw InvalidInput("id", problem.description) }
    }

    static func key(_ text: String) throws -> AttestationKey {
        switch AttestationKey.parse(base64: text) {
        case .success(let key): return key
        case .failure(let problem): throw InvalidInput("public_key", "public_key \(problem)")
        }
    }

    static func checkText(_ text: String, _ field: String, limit: Int = InputText.nameLimit, multiline: Bool = false) throws {
        guard !text.unicodeScalars.allSatisfy(\.properties.isWhitespace) else { throw InvalidInput(field, "\(field) is required") }
        if let problem = InputText.problem(in: text, multiline: multiline, limit: limit) { throw InvalidInput(field, "\(field) \(problem)") }
    }

    static func checkCountry(_ country: String) throws {
        guard country.utf8.count == 2, country.utf8.allSatisfy({ (65...90).contains($0) }) else {
            throw InvalidInput("country", "\"\(country)\" is not an ISO 3166 alpha-2 country code such as DE")
        }
    }

    static func site(_ draft: DeviceDraft) throws -> LicensedSite? {
        switch (draft.siteLatitude, draft.siteLongitude, draft.siteRadiusKm) {
        case (nil, nil, nil): return nil
        case (let latitude?, let longitude?, let radius?):
            guard let centre = GeoPoint(latitude: latitude, longitude: longitude) else {
                throw InvalidInput("site", "the site's latitude must be -90 to 90 and longitude -180 to 180 (got \(latitude), \(longitude))")
            }
            guard Site(centre: centre, radiusKm: radius) != nil else {
                throw InvalidInput("site.radius_km", "the site's radius must be above 0 and below half the Earth's circumference (got \(radius) km)")
            }
            return LicensedSite(latitude: latitude, longitude: longitude, radiusKm: radius)
        default: throw InvalidInput("site", "a site needs its latitude, longitude and radius_km together")
        }
    }

    static func audit(_ actor: String, _ action: String, _ record: some Encodable, _ result: String) -> AuditDraft {
        AuditDraft(actor: actor, action: action, input: Data(ExclusionJSON.encode(record).utf8), result: result, versions: "")
    }
}

/// A device to register, as an admin enters it.
public struct DeviceDraft: Sendable, Hashable {
    public var id: String
    /// The raw 32-byte Ed25519 public key, base64.
    public var publicKey: String
    public var eccn: String
    public var serial: String
    /// The licence or release authorisation it was released under.
    public var authorizationID: String
    /// The end user's party id.
    public var endUserPartyID: String
    public var country: String
    public var siteLatitude: Double?
    public var siteLongitude: Double?
    public var siteRadiusKm: Double?
    public var checkInIntervalSeconds: Int64

    public init(
        id: String, publicKey: String, eccn: String, serial: String, authorizationID: String, endUserPartyID: String, country: String,
        siteLatitude: Double? = nil, siteLongitude: Double? = nil, siteRadiusKm: Double? = nil, checkInIntervalSeconds: Int64
    ) {
        self.id = id
        self.publicKey = publicKey
        self.eccn = eccn
        self.serial = serial
        self.authorizationID = authorizationID
        self.endUserPartyID = endUserPartyID
        self.country = country
        self.siteLatitude = siteLatitude
        self.siteLongitude = siteLongitude
        self.siteRadiusKm = siteRadiusKm
        self.checkInIntervalSeconds = checkInIntervalSeconds
    }
}

/// A landmark to register, as an admin enters it.
public struct LandmarkDraft: Sendable, Hashable {
    public var id: String
    public var latitude: Double
    public var longitude: Double
    public var country: String
    /// The raw 32-byte Ed25519 public key, base64.
    public var publicKey: String
    /// Whether its records are accepted from now (true unless said otherwise).
    public var trusted: Bool

    public init(id: String, latitude: Double, longitude: Double, country: String, publicKey: String, trusted: Bool = true) {
        self.id = id
        self.latitude = latitude
        self.longitude = longitude
        self.country = country
        self.publicKey = publicKey
        self.trusted = trusted
    }
}
