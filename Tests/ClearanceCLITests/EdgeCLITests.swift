import Foundation
import Store
import Testing

/// End-to-end: the real `clearance` binary refuses bad input with exit status 2 and a message naming the
/// line and field (issue 16), and stores nothing for it.
@Suite(.serialized) struct EdgeCLITests {
    /// Writes raw bytes to a new temporary file and returns its path.
    static func file(_ bytes: Data, name: String = "parties.csv") throws -> String {
        let path = try CLI.temporaryFile("", name: name)
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// How many parties and audit records the store at `database` holds.
    static func counts(_ database: String) async throws -> (parties: Int, audit: Int) {
        let store = try await StoreLocation(database).open(leaseTimeout: PostgresStore.testLeaseTimeout)
        defer { (store as? PostgresStore)?.shutdown() }
        return (try await store.partyCount(), try await store.auditRecords(after: 0, limit: 10_000).count)
    }

    @Test(arguments: Server.Backend.allCases)
    func partiesImportRefusesANulInANameAndStoresNothing(backend: Server.Backend) async throws {
        let database = try await Server.freshDatabase(backend)
        var csv = Data("id,name,type,country,dob\nc2,Acme,organization,,\nc1,".utf8)
        csv.append(0)
        csv.append(contentsOf: Data("Banco Nacional de Cuba,organization,,\n".utf8))
        let result = try await CLI.run(["parties", "import", try Self.file(csv), "--database", database])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("line 3") && result.stderr.contains("name") && result.stderr.contains("U+0000"), "\(result.stderr)")
        let stored = try await Self.counts(database)
        #expect(stored.parties == 0)
        #expect(stored.audit == 0)
    }

    @Test func partiesImportRefusesBytesThatAreNotUTF8AndAFourMegabyteName() async throws {
        let database = try await Server.freshDatabase(.sqlite)
        var latin1 = Data("id,name\nc1,Caf".utf8)
        latin1.append(0xE9)
        latin1.append(contentsOf: Data(" de Paris\n".utf8))
        let invalid = try await CLI.run(["parties", "import", try Self.file(latin1), "--database", database])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("line 2") && invalid.stderr.contains("UTF-8"), "\(invalid.stderr)")
        let huge = Data(("id,name\nc1," + String(repeating: "A", count: 4 << 20) + "\n").utf8)
        let long = try await CLI.run(["parties", "import", try Self.file(huge), "--database", database])
        #expect(long.status == 2)
        #expect(long.stderr.contains("line 2") && long.stderr.contains("1000 characters"), "\(long.stderr.prefix(300))")
        #expect(try await Self.counts(database).parties == 0)
    }

    @Test func batchFilesWithAControlCharacterAreRefusedNamingTheLineAndColumn() async throws {
        var csv = Data("id,name\n1,Acme\n2,Banco".utf8)
        csv.append(0x1B)
        csv.append(contentsOf: Data(" Nacional\n".utf8))
        let result = try await CLI.run(["screen", "--input", try Self.file(csv), "--format", "jsonl"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("line 3, column 2") && result.stderr.contains("U+001B"), "\(result.stderr)")
    }

    @Test func authorizeRefusesQuantityZero() async throws {
        let database = try await Server.freshDatabase(.sqlite)
        let result = try await CLI.run(["authorize", "--person", "Li Wei", "--citizenship", "CN", "--eccn", "3E001", "--quantity", "0", "--database", database])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--quantity"), "\(result.stderr)")
        #expect(try await Self.counts(database).audit == 0)
    }

    @Test func licencesAddRefusesAnUnknownDestinationAndECCN() async throws {
        let database = try await Server.freshDatabase(.sqlite)
        let base = ["licenses", "add", "D1", "--kind", "bis-license", "--valid-from", "2026-01-01", "--valid-to", "2026-12-31", "--database", database]
        let destination = try await CLI.run(base + ["--eccn", "3A001.b", "--destination", "NOTACOUNTRY"])
        #expect(destination.status == 2)
        #expect(destination.stderr.contains("NOTACOUNTRY") && destination.stderr.contains("--destination"), "\(destination.stderr)")
        let eccn = try await CLI.run(base + ["--eccn", "laptop", "--destination", "JP"])
        #expect(eccn.status == 2)
        #expect(eccn.stderr.contains("laptop"))
        #expect(try await CLI.run(base + ["--eccn", "3A001.b", "--destination", "hk"]).status == 0)
    }

    @Test func artifactsRegisterRefusesAPathLeavingTheDirectory() async throws {
        let database = try await Server.freshDatabase(.sqlite)
        let directory = URL(fileURLWithPath: try CLI.temporaryFile("", name: "placeholder")).deletingLastPathComponent()
        for path in ["../../etc/passwd", "/etc/passwd"] {
            try Data(#"{"artifacts":[{"id":"x","path":"\#(path)","eccn":"EAR99"}]}"#.utf8).write(to: directory.appendingPathComponent("manifest.json"))
            let result = try await CLI.run(["artifacts", "register", directory.path, "--database", database])
            #expect(result.status == 2, "\(path)")
            #expect(result.stderr.contains("\"path\""), "\(result.stderr)")
        }
        #expect(try await Self.counts(database).audit == 0)
    }

    @Test func argumentsWithAControlCharacterOrBytesThatAreNotUTF8AreRefused() async throws {
        let database = try await Server.freshDatabase(.sqlite)
        let control = try await CLI.run(["cases", "decide", "1", "--decision", "true_match", "--reason", "same\u{1}bank", "--database", database])
        #expect(control.status == 2)
        #expect(control.stderr.contains("--reason") && control.stderr.contains("U+0001"), "\(control.stderr)")
        let name = try await CLI.run(["screen", "Banco\u{7F}Nacional"])
        #expect(name.status == 2)
        #expect(name.stderr.contains("U+007F"))
        let newline = try await CLI.run(["screen", "Banco\nNacional"])
        #expect(newline.status == 2, "a name is one line")
        let reason = try await CLI.run(["cases", "decide", "999", "--decision", "true_match", "--reason", "line one\nline two", "--database", database])
        #expect(!reason.stderr.contains("U+000A"), "a reason may span lines: \(reason.stderr)")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", #""$0" screen "Caf$(printf '\351')""#, CLI.executable.path]
        shell.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        shell.standardError = errors
        try shell.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 2)
        #expect(message.contains("UTF-8"), "\(message)")
    }
}
