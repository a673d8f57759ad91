import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Store
import Testing

/// End-to-end with the real `clearance gate`: what it answered is recorded even when the store refused
/// writes at the time or the gate was killed; while its spool cannot be written it answers nothing.
@Suite(.serialized) struct GateSpoolCommandTests {
    /// A server with a licensed party and the walkthrough's artefact, a PERMIT token, and a fresh spool directory.
    static func released(_ backend: Server.Backend) async throws -> (server: Server, artefacts: String, token: String, decision: String, spool: String) {
        let server = try await Server.start(backend)
        let (directory, _) = try EnforceCommandTests.artefacts()
        _ = try await server.request("POST", "/v1/parties", role: .analyst, json: ["parties": [["id": "C-1001", "name": EnforceCommandTests.party]]])
        _ = try await server.request("POST", "/v1/licenses", json: EnforceCommandTests.license())
        _ = try await server.request("POST", "/v1/artifacts", json: ["artifacts": [["id": "turbine-cooling-data", "eccn": "9E003.a"]]])
        let permit = try await server.request(
            "POST", "/v1/authorize", role: .screener, json: ["party": "C-1001", "artifact": "turbine-cooling-data", "destination": "CN"])
        let token = try #require(permit.json["token"] as? String, "\(permit.text)")
        let decision = try #require(permit.json["decision_id"] as? String)
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-gate-spool-\(UUID().uuidString)").path
        return (server, directory, token, decision, spool)
    }

    /// Raw SQL on the server's store, from this process (a second client of the same database).
    static func execute(_ sql: String, on database: String) async throws {
        if database.hasPrefix("postgres") {
            let store = try PostgresStore(url: database, leaseTimeout: PostgresStore.testLeaseTimeout)
            defer { store.shutdown() }
            try await store.execute(sql)
        } else {
            try await SQLiteStore(path: database).execute(sql)
        }
    }

    /// Makes the store refuse every audit write (a real refusal by the database, as a full disk or a
    /// revoked privilege would), or lifts it.
    static func refuseWrites(_ refuse: Bool, on database: String) async throws {
        switch (database.hasPrefix("postgres"), refuse) {
        case (true, true):
            try await execute(
                "CREATE OR REPLACE FUNCTION refuse_writes() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'the store refuses writes'; END $$ LANGUAGE plpgsql",
                on: database)
            try await execute("CREATE TRIGGER refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_writes()", on: database)
        case (true, false): try await execute("DROP TRIGGER refuse ON audit_log", on: database)
        case (false, true):
            try await execute("CREATE TRIGGER refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'the store refuses writes'); END", on: database)
        case (false, false): try await execute("DROP TRIGGER refuse", on: database)
        }
    }

    /// The gate.release records naming `decision`, waiting up to 20 s for `count` of them.
    static func releases(of decision: String, on server: Server, awaiting count: Int) async throws -> Int {
        let start = Date()
        var found = 0
        while Date().timeIntervalSince(start) < 20 {
            let records = try await server.request("GET", "/v1/audit?limit=1000", role: .analyst).json["records"] as? [[String: Any]] ?? []
            found = records.filter { $0["action"] as? String == "gate.release" && ($0["result"] as? String)?.contains(decision) == true }.count
            if found >= count { return found }
            try await Task.sleep(for: .milliseconds(100))
        }
        return found
    }

    static func spooledLines(_ spool: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: spool).filter { $0.hasSuffix(".jsonl") }.flatMap { name in
            try String(contentsOfFile: spool + "/" + name, encoding: .utf8).split(separator: "\n").map(String.init)
        }
    }

    @Test(arguments: Server.Backend.allCases)
    func releasesAnsweredWhileTheStoreRefusesWritesOrBeforeAKillAreRecordedOnceWhenItIsBack(backend: Server.Backend) async throws {
        let (server, artefacts, token, decision, spool) = try await Self.released(backend)
        defer { server.stop() }
        var gate = try await EnforceCommandTests.GateProcess.start(artifacts: artefacts, database: server.database, spool: spool)

        try await Self.refuseWrites(true, on: server.database)
        #expect(try await gate.download("turbine-cooling-data", token: token).status == 200, "the release is answered: its record is on disk")
        try await Task.sleep(for: .milliseconds(800))
        #expect(try Self.spooledLines(spool).filter { $0.contains(decision) }.count == 1, "still spooled: the store refused it")
        try await Self.refuseWrites(false, on: server.database)
        #expect(try await Self.releases(of: decision, on: server, awaiting: 1) == 1, "recorded once the store is back")

        try await Self.refuseWrites(true, on: server.database)
        #expect(try await gate.download("turbine-cooling-data", token: token, range: "bytes=0-9").status == 206)
        kill(gate.process.processIdentifier, SIGKILL)
        gate.process.waitUntilExit()
        #expect(try Self.spooledLines(spool).contains { $0.contains("bytes=0-9") }, "the killed gate's answer is in its spool")
        try await Self.refuseWrites(false, on: server.database)

        gate = try await EnforceCommandTests.GateProcess.start(artifacts: artefacts, database: server.database, spool: spool)
        defer { gate.stop() }
        #expect(try await Self.releases(of: decision, on: server, awaiting: 2) == 2, "the restarted gate replays its spool")
        try await Task.sleep(for: .milliseconds(800))
        #expect(try await Self.releases(of: decision, on: server, awaiting: 2) == 2, "and records nothing twice")
        #expect(try Self.spooledLines(spool).isEmpty)
        #expect(try await server.request("GET", "/v1/audit/verify", role: .analyst).json["intact"] as? Bool == true)
    }

    @Test func whileItsSpoolCannotBeWrittenTheGateRefusesEveryRequestWith503() async throws {
        let (server, artefacts, token, decision, spool) = try await Self.released(.sqlite)
        defer { server.stop() }
        let gate = try await EnforceCommandTests.GateProcess.start(artifacts: artefacts, database: server.database, spool: spool)
        defer { gate.stop() }
        // The tests run as root, who may write anywhere: a file where the spool directory was makes it unwritable.
        try FileManager.default.moveItem(atPath: spool, toPath: spool + ".moved")
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: spool))
        let refused = try await gate.download("turbine-cooling-data", token: token)
        #expect(refused.status == 503)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("audit_unavailable"))
        #expect(try await gate.download("turbine-cooling-data", token: nil).status == 503)

        try FileManager.default.removeItem(atPath: spool)
        try FileManager.default.moveItem(atPath: spool + ".moved", toPath: spool)
        #expect(try await gate.download("turbine-cooling-data", token: token).status == 200)
        #expect(try await Self.releases(of: decision, on: server, awaiting: 1) == 1, "only the answered release is recorded")
    }
}
