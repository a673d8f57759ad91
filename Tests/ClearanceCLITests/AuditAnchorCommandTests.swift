import Foundation
import Store
import Testing

/// `clearance audit checkpoint|verify`, the checkpoint every command signs, and the key-encryption key, end to end.
@Suite struct AuditAnchorCommandTests {
    /// A fresh SQLite store with three API keys created through the CLI (each command checkpoints at its end).
    static func store() async throws -> String {
        let database = try CLI.temporaryFile("", name: "clearance.sqlite").replacingOccurrences(of: "clearance.sqlite", with: "audit.sqlite")
        for role in ["screener", "analyst", "admin"] {
            let created = try await CLI.run(["keys", "create", "--role", role, "--database", database])
            #expect(created.status == 0, "\(created.stderr)")
        }
        return database
    }

    @Test("every command that appended records signs a checkpoint, and verify checks it")
    func commandsCheckpoint() async throws {
        let database = try await Self.store()
        let verified = try await CLI.run(["audit", "verify", "--database", database])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("audit chain intact: 4 records"), "3 keys and the audit key")
        #expect(verified.stdout.contains("3 checkpoint(s) verified"))
        #expect(verified.stdout.contains("over record 4)"))
        let store = try SQLiteStore(path: database)
        let records = try await store.auditRecords(after: 0, limit: 10)
        try await store.execute("DELETE FROM audit_log WHERE sequence = 4")
        try await store.execute("UPDATE audit_head SET sequence = 3, hash = '\(records[2].hash)'")
        let cut = try await CLI.run(["audit", "verify", "--database", database])
        #expect(cut.status == 1)
        #expect(cut.stdout.contains("audit chain INCOMPLETE: record 4 is missing: checkpoint signed at"), "\(cut.stdout)")
        #expect(cut.stdout.contains("covers record 4, the chain ends at 3"))
    }

    @Test("an exported checkpoint catches a store cut below it and forged everywhere")
    func exportedCheckpointCatchesAForgedStore() async throws {
        let database = try await Self.store()
        let file = try CLI.temporaryFile("", name: "checkpoint.json")
        let made = try await CLI.run(["audit", "checkpoint", "--output", file, "--database", database])
        #expect(made.status == 0, "\(made.stderr)")
        let exported = try jsonObject(String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self))
        #expect(exported["sequence"] as? Int == 4)
        #expect((exported["public_key"] as? String)?.isEmpty == false)
        #expect(try jsonObject(made.stdout)["signature"] as? String == exported["signature"] as? String, "printed and written alike")

        let store = try SQLiteStore(path: database)
        let records = try await store.auditRecords(after: 0, limit: 10)
        try await store.execute("DELETE FROM audit_log WHERE sequence > 2")
        try await store.execute("DELETE FROM audit_checkpoints")
        try await store.execute("UPDATE audit_head SET sequence = 2, hash = '\(records[1].hash)'")
        #expect(try await CLI.run(["audit", "verify", "--database", database]).status == 0, "the store alone cannot tell")
        let caught = try await CLI.run(["audit", "verify", "--checkpoint", file, "--database", database])
        #expect(caught.status == 1)
        #expect(caught.stdout.contains("records 3–4 are missing: \(file) (signed at"), "\(caught.stdout)")
        #expect(caught.stdout.contains("covers record 4, the chain ends at 2"))

        let garbage = try CLI.temporaryFile("{\"format\": \"nope\"}", name: "checkpoint.json")
        let refused = try await CLI.run(["audit", "verify", "--checkpoint", garbage, "--database", database])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains(garbage))
    }

    @Test("a named KEK file that is missing or readable by others is refused by name; nothing is signed")
    func badKEKIsRefused() async throws {
        let database = try await Self.store()
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString)").path
        let rotate = try await CLI.run(["token", "rotate", "--database", database], environment: ["CLEARANCE_KEK_FILE": missing])
        #expect(rotate.status != 0)
        #expect(rotate.stderr.contains(missing), "\(rotate.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing), "a named file is never created")

        let loose = try CLI.temporaryFile(String(repeating: "k", count: 32), name: "kek")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: loose)
        let checkpoint = try await CLI.run(["audit", "checkpoint", "--database", database], environment: ["CLEARANCE_KEK_FILE": loose])
        #expect(checkpoint.status == 1)
        #expect(checkpoint.stderr.contains(loose) && checkpoint.stderr.contains("group or others"), "\(checkpoint.stderr)")

        let other = try CLI.temporaryFile(String(repeating: "z", count: 32), name: "kek")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: other)
        let wrong = try await CLI.run(["audit", "checkpoint", "--database", database], environment: ["CLEARANCE_KEK_FILE": other])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("wrong key-encryption key?"), "\(wrong.stderr)")
    }

    @Test("without CLEARANCE_KEK_FILE the default key file is created once under XDG_CONFIG_HOME and said so once")
    func defaultKEKIsCreatedOnce() async throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)").path
        let database = try CLI.temporaryFile("", name: "clearance.sqlite").replacingOccurrences(of: "clearance.sqlite", with: "kek.sqlite")
        let environment = ["CLEARANCE_KEK_FILE": "", "XDG_CONFIG_HOME": config]
        let first = try await CLI.run(["keys", "create", "--role", "admin", "--database", database], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("created the key-encryption key \(config)/clearance/kek"))
        let attributes = try FileManager.default.attributesOfItem(atPath: config + "/clearance/kek")
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let second = try await CLI.run(["audit", "checkpoint", "--database", database], environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("created"))
    }

    @Test("serve signs a checkpoint at shutdown, and GET /v1/audit/verify reports records missing from the end")
    func serveCheckpointsAndTheAPIReports() async throws {
        let server = try await Server.start(.sqlite)
        for index in 0..<3 {
            _ = try await server.request("POST", "/v1/screen", role: .screener, json: ["name": "Party \(index)"])
        }
        let intact = try await server.request("GET", "/v1/audit/verify", role: .analyst).json
        #expect(intact["intact"] as? Bool == true, "\(intact)")
        #expect(intact["chain_end"] as? Int == intact["head_sequence"] as? Int)
        #expect((intact["problems"] as? [Any])?.isEmpty == true)
        #expect(server.stop() == 0)
        let verified = try await CLI.run(["audit", "verify", "--database", server.database])
        let end = try #require(intact["chain_end"] as? Int)
        #expect(verified.stdout.contains("over record \(end))"), "the shutdown checkpoint covers the last record: \(verified.stdout)")

        let store = try SQLiteStore(path: server.database)
        let records = try await store.auditRecords(after: 0, limit: 100)
        try await store.execute("DELETE FROM audit_log WHERE sequence > \(end - 3)")
        try await store.execute("UPDATE audit_head SET sequence = \(end - 3), hash = '\(records[end - 4].hash)'")
        let restarted = try await Server.restart(server)
        defer { restarted.stop() }
        let cut = try await restarted.request("GET", "/v1/audit/verify", role: .analyst).json
        #expect(cut["intact"] as? Bool == false)
        #expect(cut["missing_from"] as? Int == end - 2)
        #expect(cut["missing_through"] as? Int == end)
        #expect(cut["checked"] as? Int == end - 3, "the original field is kept")
        #expect((cut["problem"] as? String)?.contains("records \(end - 2)–\(end) are missing: checkpoint signed at") == true, "\(cut)")
    }
}
