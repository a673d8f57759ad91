import Foundation
import Testing

/// End-to-end: the built `clearance duty` binary on one line and on a ledger, its JSON contract and errors.
@Suite("clearance duty: one entry, a ledger, and bad input")
struct DutyCommandTests {
    @Test("one entry as JSON has the contract's keys, layers and total")
    func oneEntryAsJSON() async throws {
        let result = try await CLI.run(["duty", "--hts", "9405.42.84", "--origin", "DE", "--value", "10000", "--date", "2025-09-15", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        for key in ["hts", "origin", "date", "value", "layers", "excluded", "needs", "total_rate_percent", "total_amount", "data_version"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let layers = try #require(object["layers"] as? [[String: Any]])
        #expect(layers.map { $0["heading"] as? String } == ["9405.42.84", "9903.02.20"])
        #expect(layers.map { $0["kind"] as? String } == ["mfn", "ieepa"])
        #expect(layers[1]["rate_percent"] as? Double == 11.1)
        #expect(layers[1]["amount"] as? Double == 1110)
        #expect(layers[1]["effective_from"] as? String == "2025-08-07")
        #expect(layers[1]["effective_to"] as? String == "2026-02-20")
        for layer in layers {
            for key in ["kind", "heading", "rate_percent", "amount", "basis", "effective_from", "effective_to"] {
                #expect(layer.keys.contains(key), "layer lacks \(key)")
            }
        }
        #expect(object["total_rate_percent"] as? Double == 15)
        #expect(object["total_amount"] as? Double == 1500)
        #expect(object["conditional"] as? Bool == false)
    }

    @Test("one entry as text shows each layer, what was not applied and the total")
    func oneEntryAsText() async throws {
        let result = try await CLI.run(["duty", "--hts", "7606.12.30", "--origin", "CN", "--value", "10000", "--date", "2025-09-01"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("9903.85.02"))
        #expect(result.stdout.contains("9903.91.01"))
        #expect(result.stdout.contains("Not applied:"))
        #expect(result.stdout.contains("Total: 98% = USD 9800.00"))
    }

    @Test("--usmca-qualifying removes the Mexico duty (C.4 example 9)")
    func usmcaQualifyingFlag() async throws {
        let result = try await CLI.run(["duty", "--hts", "85044095", "--origin", "mx", "--value", "10000", "--date", "2025-06-01", "--usmca-qualifying", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try jsonObject(result.stdout)["total_amount"] as? Double == 0)
    }

    @Test("bad input exits 2 naming the field: unknown HTS with nearest codes, country, malformed value, date before the data")
    func badInput() async throws {
        let cases: [([String], String)] = [
            (["--hts", "8471.30.02", "--origin", "CN", "--value", "10", "--date", "2025-06-01"], "nearest valid numbers: "),
            (["--hts", "8471.30", "--origin", "CN", "--value", "10", "--date", "2025-06-01"], "hts:"),
            (["--hts", "8471.30.01", "--origin", "ZZ", "--value", "10", "--date", "2025-06-01"], "origin:"),
            (["--hts", "8471.30.01", "--origin", "CN", "--value", "ten", "--date", "2025-06-01"], "value:"),
            (["--hts", "8471.30.01", "--origin", "CN", "--value", "10", "--date", "2024-12-31"], "begins with entries on 2025-01-01"),
            (["--hts", "8471.30.01", "--origin", "CN", "--value", "10", "--date", "2025-06-01", "--automobile-part", "maybe"], "--automobile-part"),
        ]
        for (arguments, message) in cases {
            let result = try await CLI.run(["duty"] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.stdout)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    @Test("a ledger gives one JSON line per line in order, errors with line and field, and a summary")
    func ledger() async throws {
        let ledger = """
            id,hts,origin,value,date
            A,8507.60.00,CN,10000,2025-06-01
            B,9405.42.84,VN,10000,2025-09-15
            C,8471.30.02,CN,10000,2025-06-01
            D,9405.42.84,DE,abc,2025-09-15
            E,8504.40.95,MX,10000,2025-06-01

            """
        let result = try await CLI.run(["duty", "--input", "-", "--format", "jsonl", "--summary"], stdin: ledger)
        #expect(result.status == 1, "a ledger with bad lines exits 1")
        let lines = result.stdout.split(separator: "\n").map { try? jsonObject($0) }
        #expect(lines.count == 5)
        #expect(lines.map { $0?["line"] as? Int } == [2, 3, 4, 5, 6])
        #expect(lines.map { $0?["id"] as? String } == ["A", "B", "C", "D", "E"])
        #expect(lines[0]?["total_amount"] as? Double == 4090)
        #expect(lines[1]?["total_amount"] as? Double == 2390)
        #expect(lines[2]?["field"] as? String == "hts")
        #expect((lines[2]?["error"] as? String)?.contains("line 4") == true)
        #expect(lines[3]?["field"] as? String == "value")
        #expect(result.stderr.contains("Ledger: 3 lines, 2 with errors"))
        #expect(result.stderr.contains("By layer:"))
        #expect(result.stderr.contains("By origin:"))
        #expect(result.stderr.contains("By HTS chapter:"))
    }

    @Test("--compare-date gives each line's duty at both dates and the layers that change; the JSON summary totals them")
    func compareDate() async throws {
        let ledger = "hts,origin,value,date\n8471.30.01,CN,10000,2025-09-15\n9405.42.84,VN,10000,2025-09-15\n"
        let lines = try await CLI.run(["duty", "--input", "-", "--compare-date", "2026-03-02"], stdin: ledger)
        #expect(lines.status == 0, "\(lines.stderr)")
        let rows = try lines.stdout.split(separator: "\n").map { try jsonObject($0) }
        #expect(rows[0]["total_amount"] as? Double == 2000)
        #expect(rows[0]["compare_total_amount"] as? Double == 1000)
        #expect(rows[0]["difference"] as? Double == -1000)
        #expect(rows[0]["removed"] as? [String] == ["9903.01.24 20%"])
        #expect(rows[0]["added"] as? [String] == ["9903.03.01 10%"])
        #expect(rows[1]["compare_total_amount"] as? Double == 1390)
        let summary = try await CLI.run(["duty", "--input", "-", "--compare-date", "2026-03-02", "--summary", "--format", "json"], stdin: ledger)
        #expect(summary.status == 0, "\(summary.stderr)")
        let object = try #require(try jsonObject(summary.stdout)["summary"] as? [String: Any])
        #expect(object["lines"] as? Int == 2)
        #expect(object["duty"] as? Double == 4390)
        #expect(object["compare_duty"] as? Double == 2390)
        let origins = try #require(object["by_origin"] as? [[String: Any]])
        #expect(origins.map { $0["origin"] as? String } == ["VN", "CN"])
        let layers = try #require(object["by_layer"] as? [[String: Any]])
        #expect(layers.contains { $0["layer"] as? String == "section122 9903.03.01" && $0["compare_duty"] as? Double == 2000 })
    }

    @Test("a ledger without the required columns is refused naming the column")
    func ledgerHeader() async throws {
        let result = try await CLI.run(["duty", "--input", "-"], stdin: "hts,value\n8471.30.01,10\n")
        #expect(result.status == 2)
        #expect(result.stderr.contains("field origin"))
    }
}
