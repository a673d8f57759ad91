import Testing
@testable import Monitor

@Suite("Geodesy on the sphere")
struct GeodesyTests {
    @Test("haversine distance matches known great-circle distances within 0.5%")
    func knownDistances() throws {
        let paris = try #require(GeoPoint(latitude: 48.8566, longitude: 2.3522))
        let london = try #require(GeoPoint(latitude: 51.5074, longitude: -0.1278))
        let newYork = try #require(GeoPoint(latitude: 40.7128, longitude: -74.0060))
        let sydney = try #require(GeoPoint(latitude: -33.8688, longitude: 151.2093))
        // Reference great-circle distances (mean-radius sphere): Paris-London 343.5 km, London-New York
        // 5,570 km, New York-Sydney 15,989 km.
        #expect(abs(Earth.distanceKm(paris, london) - 343.5) < 343.5 * 0.005)
        #expect(abs(Earth.distanceKm(london, newYork) - 5570) < 5570 * 0.005)
        #expect(abs(Earth.distanceKm(newYork, sydney) - 15989) < 15989 * 0.005)
        #expect(Earth.distanceKm(paris, paris) == 0)
    }

    @Test("the central angle from unit vectors agrees with haversine, across the antimeridian too")
    func angleAgreesWithHaversine() throws {
        let a = try #require(GeoPoint(latitude: -16.1, longitude: 179.9))
        let b = try #require(GeoPoint(latitude: -16.2, longitude: -179.8))
        let viaVectors = a.vector.angle(to: b.vector) * Earth.radiusKm
        #expect(abs(viaVectors - Earth.distanceKm(a, b)) < 1e-6)
        #expect(viaVectors < 40)
    }

    @Test("coordinates off the globe and impossible speeds are refused")
    func refusesBadValues() {
        #expect(GeoPoint(latitude: 91, longitude: 0) == nil)
        #expect(GeoPoint(latitude: 0, longitude: -180.5) == nil)
        #expect(GeoPoint(latitude: .nan, longitude: 0) == nil)
        #expect(SignalSpeed(kmPerMs: 300) == nil)
        #expect(SignalSpeed(kmPerMs: 0) == nil)
        #expect(SignalSpeed.fibre.maxDistanceKm(rttMs: 10) == 1000)
    }
}
