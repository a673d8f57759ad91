import Foundation
import Store
import Testing

/// End-to-end: the decision point reads a stored licence's days as days; a licence whose stored validity cannot be
/// read stops the authorisation with the licence and field named (it never counts as valid on every day).
@Suite struct LicenceDaysCommandTests {
    /// Runs raw SQL on the store at `database` (SQLite file or PostgreSQL URL).
    static func execute(_ sql: String, on database: String) async throws {
        let store = try await StoreLocation(database).open(leaseTimeout: PostgresStore.testLeaseTimeout)
        defer { (store as? PostgresStore)?.shutdown() }
        if let sqlite = store as? SQLiteStore {
            try await sqlite.execute(sql)
        } else if let postgres = store as? PostgresStore {
            try await postgres.execute(sql)
        }
    }

    @Test(arguments: Server.Backend.allCases)
    func aStoredLicenceWhoseLastDayCannotBeReadStopsTheAuthorisation(backend: Server.Backend) async throws {
        let database = try await Server.freshDatabase(backend)
        let parties = try CLI.temporaryFile("id,name,type,country,dob\nC-1001,Shenzhen Lumen Photonics Co,organization,CN,\n")
        #expect(try await CLI.run(["parties", "import", parties, "--database", database]).status == 0)
        let add = try await CLI.run([
            "licenses", "add", "D7654321", "--kind", "bis-license", "--eccn", "9E003.a", "--destination", "CN",
            "--end-user", "Shenzhen Lumen Photonics Co", "--quantity-limit", "5", "--valid-from", "2026-01-01", "--valid-to", "2026-12-31",
            "--database", database,
        ])
        #expect(add.status == 0, "\(add.stderr)")
        let authorize = [
            "authorize", "--party", "C-1001", "--eccn", "9E003.a", "--destination", "CN", "--date", "2027-06-01", "--database", database,
        ]
        let expired = try await CLI.run(authorize)
        #expect(expired.status == 1, "\(expired.stdout)\(expired.stderr)")
        #expect(expired.stdout.hasPrefix("DENY") && expired.stdout.contains("expired on 2026-12-31"), "\(expired.stdout)")

        try await Self.execute(
            #"UPDATE licenses SET record_json = replace(record_json, '"valid_to":"2026-12-31"', '"valid_to":"2026-12-32"')"#, on: database)
        let unreadable = try await CLI.run(authorize)
        #expect(unreadable.status == 1, "\(unreadable.stdout)\(unreadable.stderr)")
        #expect(!unreadable.stdout.contains("PERMIT"), "\(unreadable.stdout)")
        #expect(
            unreadable.stderr.contains("licence D7654321") && unreadable.stderr.contains("valid_to") && unreadable.stderr.contains("2026-12-32"),
            "\(unreadable.stderr)")
        let shown = try jsonObject(try await CLI.run(["licenses", "show", "D7654321", "--database", database]).stdout)
        #expect(shown["quantity_used"] as? Int == 0, "nothing is drawn on a licence that cannot be read")
    }
}
