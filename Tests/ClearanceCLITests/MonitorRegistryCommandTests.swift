import Foundation
import Testing

/// End-to-end: registering devices and landmarks with the real binary.
@Suite struct MonitorRegistryCommandTests {
    /// The raw 32-byte key of a fixed seed, base64 (any 32 bytes are an Ed25519 public key's encoding the parser accepts).
    static let deviceKey = Data((0..<32).map { UInt8(truncatingIfNeeded: $0 &* 5 &+ 3) }).base64EncodedString()
    static let landmarkKey = Data((0..<32).map { UInt8(truncatingIfNeeded: $0 &* 11 &+ 1) }).base64EncodedString()

    /// A fresh SQLite store with party acme-de and licence D1234567.
    static func store() async throws -> String {
        let database = try await Server.freshDatabase(.sqlite)
        let parties = try CLI.temporaryFile("id,name,type,country,dob\nacme-de,Acme Rechenzentrum GmbH,organization,DE,\n")
        let imported = try await CLI.run(["parties", "import", parties, "--database", database])
        #expect(imported.status == 0, "\(imported.stderr)")
        let licence = try await CLI.run([
            "licenses", "add", "D1234567", "--kind", "bis-license", "--eccn", "4A090.a", "--destination", "DE", "--valid-from", "2026-01-01",
            "--valid-to", "2027-12-31", "--database", database,
        ])
        #expect(licence.status == 0, "\(licence.stderr)")
        return database
    }

    static func addDevice(_ id: String, key: String = deviceKey, party: String = "acme-de", authorization: String = "D1234567", extra: [String] = [], database: String) async throws -> CLI.Output {
        try await CLI.run(
            ["devices", "add", id, "--public-key=\(key)", "--eccn", "4A090.a", "--serial", "SN-\(id)", "--authorization", authorization, "--end-user", party,
             "--country", "DE", "--check-in-interval", "3600", "--database", database] + extra)
    }

    @Test("a device is registered once with its key, licence, end user and site, shown and listed as JSON, and audited")
    func devicesAddListShow() async throws {
        let database = try await Self.store()
        let added = try await Self.addDevice("gpu-1", extra: ["--site-latitude", "50.11", "--site-longitude", "8.68", "--site-radius-km", "30"], database: database)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("device gpu-1 registered"))
        let again = try await Self.addDevice("gpu-1", database: database)
        #expect(again.status == 2 && again.stderr.contains("gpu-1 is registered"), "\(again.stderr)")
        let shown = try jsonObject(try await CLI.run(["devices", "show", "gpu-1", "--database", database]).stdout)
        #expect(shown["public_key"] as? String == Self.deviceKey)
        #expect(shown["authorization_id"] as? String == "D1234567" && shown["end_user_party_id"] as? String == "acme-de")
        #expect((shown["site"] as? [String: Any])?["radius_km"] as? Double == 30)
        #expect(shown["check_in_interval_seconds"] as? Int == 3600)
        #expect(try await Self.addDevice("gpu-2", database: database).status == 0)
        let listed = try await CLI.run(["devices", "list", "--database", database]).stdout.split(separator: "\n")
        #expect(listed.count == 2 && listed[0].contains("\"id\":\"gpu-1\""))
        #expect(try await CLI.run(["devices", "show", "nope", "--database", database]).status == 2)
        let audit = try await CLI.run(["audit", "list", "--database", database]).stdout
        #expect(audit.components(separatedBy: "\"action\":\"monitor.device.register\"").count == 3)
    }

    @Test("a key that is not a raw Ed25519 key, an unknown end user or licence, or half a site is refused, naming the field, and nothing is stored")
    func devicesRefused() async throws {
        let database = try await Self.store()
        let pem = "-----BEGIN PUBLIC KEY-----MCowBQYDK2VwAyEA-----END PUBLIC KEY-----"
        let cases: [(CLI.Output, String)] = [
            (try await Self.addDevice("d1", key: Data(repeating: 1, count: 33).base64EncodedString(), database: database), "public_key"),
            (try await Self.addDevice("d2", key: pem, database: database), "public_key"),
            (try await Self.addDevice("d3", party: "ghost", database: database), "end_user"),
            (try await Self.addDevice("d4", authorization: "NOPE", database: database), "authorization_id"),
            (try await Self.addDevice("d5", extra: ["--site-latitude", "50"], database: database), "site"),
            (try await Self.addDevice("d6", extra: ["--site-latitude", "95", "--site-longitude", "8", "--site-radius-km", "5"], database: database), "site"),
            (try await Self.addDevice("d 7", database: database), "id"),
        ]
        for (output, field) in cases {
            #expect(output.status == 2, "\(field): \(output.stderr)")
            #expect(output.stderr.contains(field), "\(field): \(output.stderr)")
        }
        #expect(try await CLI.run(["devices", "list", "--database", database]).stdout.isEmpty)
        #expect(!(try await CLI.run(["audit", "list", "--database", database]).stdout.contains("monitor.device")))
    }

    @Test("landmarks are registered, listed, distrusted and trusted again with a reason, each audited; bad coordinates are refused")
    func landmarks() async throws {
        let database = try await Self.store()
        let add = ["landmarks", "add", "lm-fra", "--latitude", "50.11", "--longitude", "8.68", "--country", "DE", "--public-key", Self.landmarkKey, "--database", database]
        let added = try await CLI.run(add)
        #expect(added.status == 0 && added.stdout.contains("(trusted)"), "\(added.stderr)")
        #expect(try await CLI.run(add).status == 2)
        let far = try await CLI.run(["landmarks", "add", "lm-x", "--latitude", "91", "--longitude", "0", "--country", "DE", "--public-key", Self.landmarkKey, "--database", database])
        #expect(far.status == 2 && far.stderr.contains("latitude"), "\(far.stderr)")
        let lower = try await CLI.run(["landmarks", "add", "lm-y", "--latitude", "1", "--longitude", "0", "--country", "de", "--public-key", Self.landmarkKey, "--database", database])
        #expect(lower.status == 2 && lower.stderr.contains("country"), "\(lower.stderr)")
        let distrust = try await CLI.run(["landmarks", "distrust", "lm-fra", "--reason", "RTTs to lm-par break the speed of light", "--database", database])
        #expect(distrust.status == 0, "\(distrust.stderr)")
        #expect(try await CLI.run(["landmarks", "distrust", "lm-fra", "--reason", "again", "--database", database]).status == 2)
        let listed = try jsonObject(try await CLI.run(["landmarks", "list", "--database", database]).stdout)
        #expect(listed["trusted"] as? Bool == false && listed["trust_changed_at"] is Int)
        #expect(try await CLI.run(["landmarks", "trust", "lm-fra", "--reason", "re-surveyed", "--database", database]).status == 0)
        #expect(try await CLI.run(["landmarks", "trust", "nope", "--reason", "x", "--database", database]).status == 2)
        let audit = try await CLI.run(["audit", "list", "--database", database]).stdout
        #expect(audit.contains("\"action\":\"monitor.landmark.distrust\"") && audit.contains("\"action\":\"monitor.landmark.trust\""))
        #expect(audit.contains("break the speed of light"))
    }
}
