import Foundation
import Testing

/// End-to-end through the built `clearance determine`: a value-limited exception is never offered without
/// the value, and the headquarters rule answers from the flags and the batch columns.
@Suite struct DetermineExceptionCommandTests {
    private static func exception(_ code: String, in object: [String: Any]?) -> [String: Any]? {
        (object?["license_exceptions"] as? [[String: Any]])?.first { $0["code"] as? String == code }
    }

    @Test func withoutValueLVSIsUnavailableNamingTheLimit() async throws {
        let result = try await CLI.run([
            "determine", "--eccn", "9A610.x", "--destination", "FR", "--fact", "for-aircraft-in-9A610.b=no", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lvs = try #require(Self.exception("LVS", in: try jsonObject(result.stdout)))
        #expect(lvs["available"] as? Bool == false)
        #expect((lvs["unmet"] as? [String])?.contains { $0.hasPrefix("value not given (limit $1500)") } == true)
        let valued = try await CLI.run([
            "determine", "--eccn", "9A610.x", "--destination", "FR", "--fact", "for-aircraft-in-9A610.b=no", "--value", "1200",
            "--format", "json",
        ])
        #expect(Self.exception("LVS", in: try jsonObject(valued.stdout))?["available"] as? Bool == true)
    }

    @Test func aBatchWithoutTheValueColumnIsNeverClearedByLVS() async throws {
        let rows = ["9A610.x,FR,for-aircraft-in-9A610.b=no", "5A003,BR,component=yes", "9A619.x,DE,", "1A002,BR,", "6A003.a.1,BR,"]
        let without = try CLI.temporaryFile((["eccn,destination,fact"] + rows).joined(separator: "\n") + "\n")
        let result = try await CLI.run(["determine", "--input", without, "--format", "jsonl"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { try? jsonObject($0) }
        #expect(lines.count == rows.count)
        for (row, line) in zip(rows, lines) {
            let lvs = try #require(Self.exception("LVS", in: line), "\(row): LVS not considered")
            #expect(lvs["available"] as? Bool == false, "\(row)")
        }
        let valued = try CLI.temporaryFile(
            (["eccn,destination,fact,value"] + rows.map { $0 + ",100" }).joined(separator: "\n") + "\n", name: "valued.csv")
        let cleared = try await CLI.run(["determine", "--input", valued, "--format", "jsonl"]).stdout.split(separator: "\n")
            .map { try? jsonObject($0) }.filter { Self.exception("LVS", in: $0)?["available"] as? Bool == true }
        #expect(cleared.count >= 3, "with the value the same rows can be cleared by LVS")
    }

    @Test func theHeadquartersRuleAnswersFromTheFlags() async throws {
        let required = try await CLI.run([
            "determine", "--eccn", "3A090.b", "--destination", "MY", "--end-user-country", "MY", "--parent-country", "CN",
        ])
        #expect(required.stdout.hasPrefix("LICENSE_REQUIRED: 3A090.b to MY"), "\(required.stdout)")
        #expect(required.stdout.contains("744.23(a)(3)"))
        let missing = try await CLI.run(["determine", "--eccn", "3A090.b", "--destination", "MY", "--format", "json"])
        let object = try jsonObject(missing.stdout)
        #expect(object["outcome"] as? String == "NEEDS_REVIEW")
        let finding = (object["findings"] as? [[String: Any]])?.first { $0["reason"] as? String == "744.23(a)(3)" }
        #expect(finding?["missing_fact"] as? String == "end-user-country")
    }
}
