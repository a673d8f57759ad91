import Foundation
import Testing

/// End-to-end on a real `clearance serve`: an admin takes a landmark out of service and back through the API.
@Suite(.serialized) struct LandmarkTrustAPITests {
    @Test(
        "a landmark distrusted through the API has its records refused until it is trusted again; each change is audited, a repeat is a conflict",
        arguments: Server.Backend.allCases)
    func trustIsSetThroughTheAPI(backend: Server.Backend) async throws {
        let server = try await MeasurementIntakeAPITests.registry(backend)
        defer { server.stop() }
        let device = try MeasurementIntakeAPITests.key(1)
        let landmark = try MeasurementIntakeAPITests.key(2)
        let trust = "/v1/landmarks/lm-fra/trust"

        let distrusted = try await server.request("POST", trust, json: ["trusted": false, "reason": "its RTTs to lm-par break the speed of light"])
        #expect(distrusted.status == 200 && distrusted.json["trusted"] as? Bool == false, "\(distrusted.text)")
        let refused = try await server.request(
            "POST", "/v1/monitor/measurements", role: .landmark,
            json: try MeasurementIntakeAPITests.record(seed: 40, deviceKey: device, landmarkKey: landmark))
        #expect(refused.status == 422 && MeasurementIntakeAPITests.code(refused) == "distrusted_landmark", "\(refused.text)")

        #expect(try await server.request("POST", trust, json: ["trusted": false, "reason": "again"]).status == 409)
        #expect(try await server.request("POST", trust, role: .analyst, json: ["trusted": true, "reason": "fixed"]).status == 403)
        #expect(try await server.request("POST", "/v1/landmarks/lm-none/trust", json: ["trusted": true, "reason": "fixed"]).status == 404)
        let blank = try await server.request("POST", trust, json: ["trusted": true, "reason": "   "])
        #expect(blank.status == 400 && (blank.json["error"] as? [String: Any])?["field"] as? String == "reason", "\(blank.text)")

        let trusted = try await server.request("POST", trust, json: ["trusted": true, "reason": "re-surveyed on site"])
        #expect(trusted.status == 200 && trusted.json["trusted"] as? Bool == true, "\(trusted.text)")
        let accepted = try await server.request(
            "POST", "/v1/monitor/measurements", role: .landmark,
            json: try MeasurementIntakeAPITests.record(seed: 41, deviceKey: device, landmarkKey: landmark))
        #expect(accepted.status == 201, "\(accepted.text)")

        let records = try await server.request("GET", "/v1/audit?limit=10000", role: .analyst).json["records"] as? [[String: Any]] ?? []
        let changes = records.compactMap { $0["action"] as? String }.filter { $0.hasPrefix("monitor.landmark.") && $0 != "monitor.landmark.register" }
        #expect(changes == ["monitor.landmark.distrust", "monitor.landmark.trust"], "\(changes)")
    }
}
