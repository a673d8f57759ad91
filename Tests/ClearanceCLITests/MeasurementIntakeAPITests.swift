import Crypto
import Foundation
import Monitor
import Store
import Testing

/// End-to-end on a real `clearance serve`: the registry routes and the signed measurement intake.
@Suite(.serialized) struct MeasurementIntakeAPITests {
    /// Keys from fixed seeds, so every run signs the same way.
    static func key(_ seed: UInt8) throws -> Curve25519.Signing.PrivateKey {
        try Curve25519.Signing.PrivateKey(rawRepresentation: (0..<32).map { UInt8($0) &* 31 &+ seed })
    }

    static func base64(_ key: Curve25519.Signing.PrivateKey) -> String { key.publicKey.rawRepresentation.base64EncodedString() }

    static var nowMs: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// The audit trail without the verdicts, which the service computes and audits in the background whenever its
    /// queue gets to an accepted record's device: they are not the intake's records.
    static func auditRecordsButVerdicts(_ server: Server) async throws -> [[String: Any]] {
        (try await server.request("GET", "/v1/audit?limit=10000", role: .analyst).json["records"] as? [[String: Any]] ?? [])
            .filter { $0["action"] as? String != "monitor.verdict" }
    }

    /// A record of `device` by `landmark`, signed by the given keys, its nonce from `seed`.
    static func record(
        seed: UInt64, device: String = "gpu-1", landmark: String = "lm-fra", deviceKey: Curve25519.Signing.PrivateKey, landmarkKey: Curve25519.Signing.PrivateKey,
        issuedAt: Int64 = nowMs, probes: [Double] = [4.5, 3.75, 5]
    ) throws -> [String: Any] {
        var generator = SplitMix(seed: seed)
        let challenge = Challenge.issue(landmark: landmark, device: device, issuedAtMs: issuedAt, using: &generator)
        let record = try MeasurementRecord.signed(answer: try challenge.answer(with: deviceKey), probesMs: probes, key: landmarkKey)
        return [
            "device": device, "landmark": landmark, "nonce": Data(record.challenge.nonce).base64EncodedString(), "issued_at": issuedAt,
            "rtt_ms": probes, "min_rtt_ms": record.minimumMs, "device_signature": Data(record.deviceSignature).base64EncodedString(),
            "landmark_signature": Data(record.landmarkSignature).base64EncodedString(),
        ]
    }

    /// A server with party acme-de, licence D7654321, device gpu-1, trusted landmark lm-fra and distrusted lm-bad.
    static func registry(_ backend: Server.Backend) async throws -> Server {
        let server = try await Server.start(backend)
        #expect(try await server.request("POST", "/v1/licenses", json: EnforceCommandTests.license()).status == 201)
        #expect(try await server.request("POST", "/v1/parties", role: .analyst, json: ["parties": [["id": "acme-de", "name": "Acme Rechenzentrum GmbH", "country": "DE"]]]).status == 200)
        let device: [String: Any] = [
            "id": "gpu-1", "public_key": base64(try key(1)), "eccn": "4A090.a", "serial": "SN1", "authorization_id": "D7654321",
            "end_user_party_id": "acme-de", "country": "DE", "site": ["latitude": 50.11, "longitude": 8.68, "radius_km": 30], "check_in_interval_seconds": 3600,
        ]
        let registered = try await server.request("POST", "/v1/devices", json: device)
        #expect(registered.status == 201, "\(registered.text)")
        for (id, seed, trusted) in [("lm-fra", UInt8(2), true), ("lm-bad", UInt8(3), false)] {
            let landmark: [String: Any] = ["id": id, "latitude": 50.11, "longitude": 8.68, "country": "DE", "public_key": base64(try key(seed)), "trusted": trusted]
            #expect(try await server.request("POST", "/v1/landmarks", json: landmark).status == 201)
        }
        return server
    }

    static func code(_ reply: Server.Reply) -> String? { (reply.json["error"] as? [String: Any])?["code"] as? String }

    @Test("devices and landmarks: admins register, analysts read page by page, others are refused, bad keys named", arguments: Server.Backend.allCases)
    func registryRoutes(backend: Server.Backend) async throws {
        let server = try await Self.registry(backend)
        defer { server.stop() }
        let page = try await server.request("GET", "/v1/devices?limit=1", role: .analyst)
        #expect(page.status == 200)
        #expect((page.json["devices"] as? [[String: Any]])?.first?["end_user_party_id"] as? String == "acme-de")
        #expect(page.json["next"] as? String == "gpu-1")
        #expect((try await server.request("GET", "/v1/devices?after=gpu-1", role: .analyst).json["devices"] as? [Any])?.isEmpty == true)
        let one = try await server.request("GET", "/v1/devices/gpu-1", role: .analyst)
        #expect((one.json["site"] as? [String: Any])?["radius_km"] as? Double == 30)
        #expect(try await server.request("GET", "/v1/devices/nope", role: .analyst).status == 404)
        for query in ["limit=0", "limit=-1", "limit=1001", "after=" + String(repeating: "x", count: 129)] {
            let refused = try await server.request("GET", "/v1/devices?\(query)", role: .analyst)
            #expect(refused.status == 400 && Self.code(refused) == "invalid_field", "\(query): \(refused.text)")
            #expect(try await server.request("GET", "/v1/landmarks?\(query)", role: .analyst).status == 400, "\(query)")
        }
        #expect(try await server.request("GET", "/v1/devices", role: .screener).status == 403)
        #expect(try await server.request("GET", "/v1/devices", role: .landmark).status == 403)
        let landmarks = try await server.request("GET", "/v1/landmarks", role: .analyst)
        #expect((landmarks.json["landmarks"] as? [[String: Any]])?.map { $0["trusted"] as? Bool } == [false, true])
        #expect(try await server.request("GET", "/v1/landmarks/lm-fra", role: .analyst).json["country"] as? String == "DE")
        let byAnalyst = try await server.request("POST", "/v1/landmarks", role: .analyst, json: ["id": "x", "latitude": 1, "longitude": 1, "country": "DE", "public_key": Self.base64(try Self.key(9))])
        #expect(byAnalyst.status == 403)
        let p256 = try P256.Signing.PrivateKey(rawRepresentation: Data(repeating: 7, count: 32)).publicKey.derRepresentation.base64EncodedString()
        let badKey = try await server.request("POST", "/v1/landmarks", json: ["id": "x", "latitude": 1, "longitude": 1, "country": "DE", "public_key": p256])
        #expect(badKey.status == 400 && (badKey.json["error"] as? [String: Any])?["field"] as? String == "public_key", "\(badKey.text)")
        #expect(try await server.request("POST", "/v1/landmarks", json: ["id": "lm-fra", "latitude": 1, "longitude": 1, "country": "DE", "public_key": Self.base64(try Self.key(9))]).status == 409)
    }

    @Test("a signed record is accepted once; every refusal names its reason with its status and is audited, and writes nothing else", arguments: Server.Backend.allCases)
    func intake(backend: Server.Backend) async throws {
        let server = try await Self.registry(backend)
        defer { server.stop() }
        let device = try Self.key(1), landmark = try Self.key(2), stranger = try Self.key(7)
        let good = try Self.record(seed: 1, deviceKey: device, landmarkKey: landmark)
        let accepted = try await server.request("POST", "/v1/monitor/measurements", role: .landmark, json: good)
        #expect(accepted.status == 201, "\(accepted.text)")
        #expect(accepted.json["min_rtt_ms"] as? Double == 3.75 && accepted.json["nonce"] as? String == good["nonce"] as? String)
        #expect(try await server.request("POST", "/v1/monitor/measurements", role: .admin, json: try Self.record(seed: 2, deviceKey: device, landmarkKey: landmark)).status == 201)
        #expect(try await server.request("POST", "/v1/monitor/measurements", role: .analyst, json: try Self.record(seed: 3, deviceKey: device, landmarkKey: landmark)).status == 403)
        #expect(try await server.request("POST", "/v1/monitor/measurements", role: nil, json: good).status == 401)

        var tampered = try Self.record(seed: 4, deviceKey: device, landmarkKey: landmark)
        tampered["rtt_ms"] = [4.5, 1, 5]
        tampered["min_rtt_ms"] = 1
        var unsigned = try Self.record(seed: 5, deviceKey: device, landmarkKey: landmark)
        unsigned.removeValue(forKey: "device_signature")
        var negative = try Self.record(seed: 6, deviceKey: device, landmarkKey: landmark)
        negative["rtt_ms"] = [-1.0]
        negative["min_rtt_ms"] = -1.0
        let refusals: [([String: Any], Int, String)] = [
            (good, 409, "replayed_nonce"),
            (tampered, 401, "bad_landmark_signature"),
            (try Self.record(seed: 7, deviceKey: stranger, landmarkKey: landmark), 401, "bad_device_signature"),
            (unsigned, 401, "unsigned_record"),
            (try Self.record(seed: 8, deviceKey: device, landmarkKey: landmark, issuedAt: Self.nowMs - 8 * 86_400_000), 422, "stale_challenge"),
            (try Self.record(seed: 9, deviceKey: device, landmarkKey: landmark, issuedAt: Self.nowMs + 600_000), 422, "future_challenge"),
            (try Self.record(seed: 10, device: "gpu-9", deviceKey: device, landmarkKey: landmark), 422, "unknown_device"),
            (try Self.record(seed: 11, landmark: "lm-nope", deviceKey: device, landmarkKey: landmark), 422, "unknown_landmark"),
            (try Self.record(seed: 12, landmark: "lm-bad", deviceKey: device, landmarkKey: try Self.key(3)), 422, "distrusted_landmark"),
            (negative, 400, "bad_rtt"),
            (try Self.record(seed: 13, deviceKey: device, landmarkKey: landmark, probes: [6_000]), 400, "bad_rtt"),
        ]
        let auditBefore = try await Self.auditRecordsButVerdicts(server).count
        for (body, status, code) in refusals {
            let reply = try await server.request("POST", "/v1/monitor/measurements", role: .landmark, json: body)
            #expect(reply.status == status && Self.code(reply) == code, "\(code): \(reply.status) \(reply.text)")
        }
        let records = try await Self.auditRecordsButVerdicts(server)
        #expect(records.count == auditBefore + refusals.count)
        let refused = records.filter { $0["action"] as? String == "monitor.measurement.refuse" }
        #expect(refused.count == refusals.count)
        for (_, _, code) in refusals { #expect(refused.contains { ($0["result"] as? String)?.contains(code) == true }, "\(code) not audited") }
        #expect(records.filter { $0["action"] as? String == "monitor.measurement" }.count == 2)
    }

    @Test("of the same signed record posted eight times at once exactly one is accepted; the rest are refused as replays", arguments: Server.Backend.allCases)
    func concurrentReplays(backend: Server.Backend) async throws {
        let server = try await Self.registry(backend)
        defer { server.stop() }
        let body = try Self.record(seed: 42, deviceKey: try Self.key(1), landmarkKey: try Self.key(2))
        let data = try JSONSerialization.data(withJSONObject: body)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try await server.request("POST", "/v1/monitor/measurements", role: .landmark, body: data).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
        #expect(statuses.filter { $0 == 409 }.count == 7, "\(statuses)")
    }
}

/// SplitMix64: the seeded generator behind these tests' nonces.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
