import Foundation
import Testing

/// End-to-end: recording and reading licences with the CLI.
@Suite struct LicensesCommandTests {
    @Test func aLicenceIsRecordedOnceListedWithItsBalanceAndAudited() async throws {
        let database = try await Server.freshDatabase(.sqlite)
        let add = [
            "licenses", "add", "D1234567", "--kind", "bis-license", "--eccn", "3A001.b", "--destination", "jp",
            "--consignee", "Tokyo Devices KK", "--value-limit", "50000", "--quantity-limit", "10",
            "--valid-from", "2026-01-01", "--valid-to", "2027-12-31", "--condition", "No reexport", "--database", database,
        ]
        let first = try await CLI.run(add)
        #expect(first.status == 0, "\(first.stderr)")
        let again = try await CLI.run(add)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        let shown = try jsonObject(try await CLI.run(["licenses", "show", "D1234567", "--database", database]).stdout)
        let license = try #require(shown["license"] as? [String: Any])
        #expect(license["destinations"] as? [String] == ["JP"])
        #expect(shown["quantity_used"] as? Int == 0)
        #expect(try await CLI.run(["licenses", "list", "--database", database]).stdout.split(separator: "\n").count == 1)
        let bad = try await CLI.run(["licenses", "add", "X1", "--kind", "permit", "--eccn", "4A994", "--destination", "DE", "--valid-from", "2026-01-01", "--valid-to", "2026-02-01", "--database", database])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--kind"))
        let notADay = try await CLI.run(["licenses", "add", "X2", "--kind", "bis-license", "--eccn", "4A994", "--destination", "DE", "--valid-from", "2026-13-01", "--valid-to", "2027-02-01", "--database", database])
        #expect(notADay.status == 2)
        #expect(notADay.stderr.contains("--valid-from must be YYYY-MM-DD, got '2026-13-01'"))
        #expect(try await CLI.run(["licenses", "show", "NONE", "--database", database]).status == 2)
        #expect(try await CLI.run(["audit", "list", "--database", database]).stdout.contains("\"action\":\"license.add\""))
    }
}
