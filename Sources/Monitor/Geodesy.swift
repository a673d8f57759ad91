import Foundation

/// A place on the Earth's surface in degrees (WGS84 latitude and longitude).
public struct GeoPoint: Sendable, Hashable {
    /// Degrees north, -90 to 90.
    public let latitude: Double
    /// Degrees east, -180 to 180.
    public let longitude: Double

    /// A point, or nil when a coordinate is not a finite number in its range.
    public init?(latitude: Double, longitude: Double) {
        guard latitude.isFinite, longitude.isFinite, (-90...90).contains(latitude), (-180...180).contains(longitude) else {
            return nil
        }
        self.latitude = latitude
        self.longitude = longitude
    }

    /// The point as a unit vector from the Earth's centre.
    public var vector: UnitVector { UnitVector(latitude: latitude, longitude: longitude) }
}

/// A point on the unit sphere: the geometry the engine computes with (no flat map anywhere).
public struct UnitVector: Sendable, Hashable {
    /// The component towards latitude 0, longitude 0.
    public var x: Double
    /// The component towards latitude 0, longitude 90 E.
    public var y: Double
    /// The component towards the North Pole.
    public var z: Double

    /// The vector of a latitude and longitude in degrees.
    public init(latitude: Double, longitude: Double) {
        let phi = latitude * .pi / 180, lambda = longitude * .pi / 180
        let c = cos(phi)
        self.init(x: c * cos(lambda), y: c * sin(lambda), z: sin(phi))
    }

    /// A vector from its components (not normalised here).
    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The dot product: the cosine of the angle between two unit vectors.
    @inline(__always) public func dot(_ other: UnitVector) -> Double { x * other.x + y * other.y + z * other.z }

    /// The central angle to `other`, in radians (0 to pi), computed without acos's loss near 0.
    public func angle(to other: UnitVector) -> Double {
        let cx = y * other.z - z * other.y, cy = z * other.x - x * other.z, cz = x * other.y - y * other.x
        return atan2((cx * cx + cy * cy + cz * cz).squareRoot(), dot(other))
    }

    /// This vector scaled to unit length, or nil for the zero vector.
    public var normalised: UnitVector? {
        let n = (x * x + y * y + z * z).squareRoot()
        guard n > 1e-12 else { return nil }
        return UnitVector(x: x / n, y: y / n, z: z / n)
    }

    /// The latitude and longitude of this (unit) vector.
    public var point: GeoPoint {
        let lat = atan2(z, (x * x + y * y).squareRoot()) * 180 / .pi
        let lon = atan2(y, x) * 180 / .pi
        return GeoPoint(latitude: min(90, max(-90, lat)), longitude: min(180, max(-180, lon)))
            ?? GeoPoint(latitude: 0, longitude: 0)!
    }
}

/// The sphere the engine measures on.
public enum Earth {
    /// The WGS84 mean radius R1 = (2a + b) / 3, in km. Great-circle distances on this sphere differ from
    /// the ellipsoid's geodesics by at most about 0.5%; every bound the engine proves allows for that (see
    /// `Earth.sphereErrorFraction`).
    public static let radiusKm = 6371.0088
    /// The largest relative difference between a great-circle distance on the mean sphere and the WGS84
    /// geodesic between the same points (about 0.56%, at the poles versus the equator). Distance bounds are
    /// widened by this fraction so that a proof on the sphere holds on the ellipsoid.
    public static let sphereErrorFraction = 0.0056

    /// The great-circle (haversine) distance in km between two points.
    public static func distanceKm(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        let phi1 = a.latitude * .pi / 180, phi2 = b.latitude * .pi / 180
        let dPhi = phi2 - phi1, dLambda = (b.longitude - a.longitude) * .pi / 180
        let h = sin(dPhi / 2) * sin(dPhi / 2) + cos(phi1) * cos(phi2) * sin(dLambda / 2) * sin(dLambda / 2)
        return 2 * radiusKm * asin(min(1, h.squareRoot()))
    }
}

/// The signal speed a distance bound assumes, in km per millisecond (one way).
public struct SignalSpeed: Sendable, Hashable {
    /// Light in optical fibre (refractive index about 1.47): the default.
    public static let fibre = SignalSpeed(uncheckedKmPerMs: 200)
    /// Light in vacuum: the bound that holds even against microwave or free-space links.
    public static let vacuum = SignalSpeed(uncheckedKmPerMs: 299.792458)

    /// Kilometres per millisecond.
    public let kmPerMs: Double

    /// A speed, or nil unless it is a finite number above 0 and at most the speed of light in vacuum.
    public init?(kmPerMs: Double) {
        guard kmPerMs.isFinite, kmPerMs > 0, kmPerMs <= 299.792458 else { return nil }
        self.kmPerMs = kmPerMs
    }

    private init(uncheckedKmPerMs: Double) { kmPerMs = uncheckedKmPerMs }

    /// The farthest a device can be from a landmark that measured `rttMs` to it: rtt / 2 * v.
    @inline(__always) public func maxDistanceKm(rttMs: Double) -> Double { rttMs / 2 * kmPerMs }
}
