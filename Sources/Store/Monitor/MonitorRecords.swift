/// A registered device: a piece of released controlled hardware (or an installed copy of controlled
/// software) with its attestation key and where it is licensed to be.
public struct DeviceRecord: Sendable, Hashable, Codable {
    /// The device id, as challenges and measurement records name it.
    public var id: String
    /// The raw 32-byte Ed25519 attestation public key, base64.
    public var publicKey: String
    /// The ECCN it was classified under.
    public var eccn: String
    /// Its serial number.
    public var serial: String
    /// The licence or release authorisation it was released under.
    public var authorizationID: String
    /// The end user (a stored party).
    public var endUserPartyID: String
    /// The licensed country (ISO 3166 alpha-2).
    public var country: String
    /// The licensed site, when the licence names one.
    public var site: LicensedSite?
    /// How often the device is expected to check in, seconds.
    public var checkInIntervalSeconds: Int64
    /// When it was registered, ms since 1970.
    public var registeredAt: Int64

    public init(
        id: String, publicKey: String, eccn: String, serial: String, authorizationID: String, endUserPartyID: String, country: String,
        site: LicensedSite?, checkInIntervalSeconds: Int64, registeredAt: Int64
    ) {
        self.id = id
        self.publicKey = publicKey
        self.eccn = eccn
        self.serial = serial
        self.authorizationID = authorizationID
        self.endUserPartyID = endUserPartyID
        self.country = country
        self.site = site
        self.checkInIntervalSeconds = checkInIntervalSeconds
        self.registeredAt = registeredAt
    }
}

/// A licensed site: a centre and a radius.
public struct LicensedSite: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double
    public var radiusKm: Double

    public init(latitude: Double, longitude: Double, radiusKm: Double) {
        self.latitude = latitude
        self.longitude = longitude
        self.radiusKm = radiusKm
    }
}

/// The landmark and the device a posted measurement record names, as registered (nil: not registered).
public struct MeasurementParties: Sendable, Hashable {
    public var landmark: LandmarkRecord?
    public var device: DeviceRecord?

    public init(landmark: LandmarkRecord?, device: DeviceRecord?) {
        self.landmark = landmark
        self.device = device
    }
}

/// A registered landmark: a measurement server at a known place with its signing key.
public struct LandmarkRecord: Sendable, Hashable, Codable {
    public var id: String
    public var latitude: Double
    public var longitude: Double
    /// The country it stands in (ISO 3166 alpha-2).
    public var country: String
    /// The raw 32-byte Ed25519 public key it signs measurement records with, base64.
    public var publicKey: String
    /// Whether its records are accepted now.
    public var trusted: Bool
    /// When it was registered, ms since 1970.
    public var registeredAt: Int64
    /// When its trust was last changed, ms since 1970 (nil: never since registration).
    public var trustChangedAt: Int64?

    public init(
        id: String, latitude: Double, longitude: Double, country: String, publicKey: String, trusted: Bool, registeredAt: Int64,
        trustChangedAt: Int64? = nil
    ) {
        self.id = id
        self.latitude = latitude
        self.longitude = longitude
        self.country = country
        self.publicKey = publicKey
        self.trusted = trusted
        self.registeredAt = registeredAt
        self.trustChangedAt = trustChangedAt
    }
}

/// An accepted measurement record as stored: everything that was signed, so the proof can be checked again.
/// What a verdict reads of an accepted record to find its round's smallest RTT per landmark (not the signatures
/// or probes, which it reads only for the records it cites).
public struct MeasurementSummary: Sendable, Hashable {
    public var id: Int64
    public var landmark: String
    /// When the landmark issued the challenge, ms since 1970.
    public var issuedAt: Int64
    /// When the service accepted the record, ms since 1970.
    public var receivedAt: Int64
    /// The smallest probe, ms.
    public var minimumMs: Double

    public init(id: Int64, landmark: String, issuedAt: Int64, receivedAt: Int64, minimumMs: Double) {
        self.id = id
        self.landmark = landmark
        self.issuedAt = issuedAt
        self.receivedAt = receivedAt
        self.minimumMs = minimumMs
    }
}

public struct MeasurementRow: Sendable, Hashable, Codable {
    /// The row id (0 before it is stored).
    public var id: Int64
    public var device: String
    public var landmark: String
    /// The challenge nonce, base64 (unique: a nonce is accepted once).
    public var nonce: String
    /// When the challenge was issued, ms since 1970.
    public var issuedAt: Int64
    /// When the service accepted the record, ms since 1970.
    public var receivedAt: Int64
    /// Each probe's round-trip time, ms.
    public var probesMs: [Double]
    /// The smallest probe, ms.
    public var minimumMs: Double
    /// The device's signature of the challenge, base64.
    public var deviceSignature: String
    /// The landmark's signature of the record, base64.
    public var landmarkSignature: String

    public init(
        id: Int64 = 0, device: String, landmark: String, nonce: String, issuedAt: Int64, receivedAt: Int64, probesMs: [Double], minimumMs: Double,
        deviceSignature: String, landmarkSignature: String
    ) {
        self.id = id
        self.device = device
        self.landmark = landmark
        self.nonce = nonce
        self.issuedAt = issuedAt
        self.receivedAt = receivedAt
        self.probesMs = probesMs
        self.minimumMs = minimumMs
        self.deviceSignature = deviceSignature
        self.landmarkSignature = landmarkSignature
    }
}
