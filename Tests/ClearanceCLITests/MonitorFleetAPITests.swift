import Foundation
import Testing

/// End-to-end on a real `clearance serve`: an accepted record's verdict stored right after the response, the fleet
/// routes, and `clearance monitor status|report|sweep` on the same database.
@Suite(.serialized) struct MonitorFleetAPITests {
    /// The intake tests' registry (gpu-1 licensed at a site in Frankfurt, DE) plus a trusted landmark in Madrid.
    static func scene(_ backend: Server.Backend) async throws -> Server {
        let server = try await MeasurementIntakeAPITests.registry(backend)
        let landmark: [String: Any] = [
            "id": "lm-mad", "latitude": 40.4168, "longitude": -3.7038, "country": "ES", "public_key": MeasurementIntakeAPITests.base64(try MeasurementIntakeAPITests.key(4)),
        ]
        #expect(try await server.request("POST", "/v1/landmarks", json: landmark).status == 201)
        return server
    }

    /// The device's file once its latest verdict is stored (verdicts run right after the intake's response).
    static func file(_ server: Server, _ device: String) async throws -> [String: Any] {
        for _ in 0..<200 {
            let reply = try await server.request("GET", "/v1/monitor/devices/\(device)", role: .analyst)
            if reply.json["latest"] != nil { return reply.json }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("no verdict for \(device) within 20 s")
        return [:]
    }

    @Test("a record from Madrid proves the Frankfurt device elsewhere: its verdict, alert and counts are served, analysts only", arguments: Server.Backend.allCases)
    func violationServed(backend: Server.Backend) async throws {
        let server = try await Self.scene(backend)
        defer { server.stop() }
        let record = try MeasurementIntakeAPITests.record(
            seed: 21, landmark: "lm-mad", deviceKey: try MeasurementIntakeAPITests.key(1), landmarkKey: try MeasurementIntakeAPITests.key(4), probes: [0.9, 0.5])
        let accepted = try await server.request("POST", "/v1/monitor/measurements", role: .landmark, json: record)
        #expect(accepted.status == 201, "\(accepted.text)")
        let file = try await Self.file(server, "gpu-1")
        let latest = try #require(file["latest"] as? [String: Any])
        #expect(latest["verdict"] as? String == "violation" && latest["possible_countries"] as? [String] == ["ES"])
        #expect((latest["evidence"] as? [[String: Any]])?.first?["measurement"] as? Int64 == accepted.json["id"] as? Int64)
        #expect((file["alerts"] as? [[String: Any]])?.map { $0["source"] as? String } == ["monitor.violation"])
        #expect((file["measurements"] as? [[String: Any]])?.count == 1 && (file["verdicts"] as? [Any])?.count == 1)

        let violations = try await server.request("GET", "/v1/monitor/devices?status=violation", role: .analyst)
        #expect(violations.status == 200)
        #expect((violations.json["devices"] as? [[String: Any]])?.map { ($0["device"] as? [String: Any])?["id"] as? String } == ["gpu-1"])
        #expect((try await server.request("GET", "/v1/monitor/devices?status=verified", role: .analyst).json["devices"] as? [Any])?.isEmpty == true)
        let page = try await server.request("GET", "/v1/monitor/devices?limit=1", role: .analyst)
        #expect(page.json["next"] as? String == "gpu-1")
        #expect((try await server.request("GET", "/v1/monitor/devices?after=gpu-1", role: .analyst).json["devices"] as? [Any])?.isEmpty == true)
        for query in ["status=green", "limit=0", "limit=1001"] {
            #expect(try await server.request("GET", "/v1/monitor/devices?\(query)", role: .analyst).status == 400, "\(query)")
        }
        let summary = try await server.request("GET", "/v1/monitor/summary", role: .analyst)
        #expect(summary.json["devices"] as? Int == 1)
        #expect((summary.json["by_verdict"] as? [[String: Any]])?.map { "\($0["verdict"] ?? "")=\($0["devices"] ?? "")" } == ["violation=1"])
        #expect((summary.json["by_country"] as? [[String: Any]])?.map { $0["country"] as? String } == ["ES"])
        for path in ["/v1/monitor/devices", "/v1/monitor/devices/gpu-1", "/v1/monitor/summary"] {
            #expect(try await server.request("GET", path, role: .screener).status == 403, "\(path)")
            #expect(try await server.request("GET", path, role: .landmark).status == 403, "\(path)")
        }
        #expect(try await server.request("GET", "/v1/monitor/devices/nope", role: .analyst).status == 404)

        let report = try await CLI.run(["monitor", "report", "--database", server.database])
        #expect(report.status == 0, "\(report.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        #expect(json["device"] as? String == "gpu-1" && json["authorization"] as? String == "D7654321" && json["end_user"] as? String == "acme-de")
        #expect((json["licensed_location"] as? [String: Any])?["country"] as? String == "DE")
        #expect((json["signed_records"] as? [[String: Any]])?.first?["nonce"] as? String == record["nonce"] as? String)
        let text = try await CLI.run(["monitor", "report", "--device", "gpu-1", "--format", "text", "--database", server.database])
        #expect(text.stdout.hasPrefix("Violation report: device gpu-1") && text.stdout.contains("possible countries: ES"), "\(text.stdout)")
        let status = try await CLI.run(["monitor", "status", "--database", server.database])
        #expect(status.stdout.contains("gpu-1  violation  licensed DE  countries ES") && status.stdout.contains("by country: ES 1"), "\(status.stdout)")
        #expect(try await CLI.run(["monitor", "status", "--status", "green", "--database", server.database]).status != 0)
        let sweep = try await CLI.run(["monitor", "sweep", "--database", server.database])
        #expect(sweep.status == 0 && sweep.stdout.hasPrefix("verdicts stored: 0"), "\(sweep.stdout) \(sweep.stderr)")
    }
}
