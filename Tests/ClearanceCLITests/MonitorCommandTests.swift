import Foundation
import Testing

@Suite("clearance monitor locate: the evaluation contract, end to end")
struct MonitorCommandTests {
    static let landmarks = """
        id,latitude,longitude,country
        paris,48.8566,2.3522,FR
        berlin,52.52,13.405,DE
        tokyo,35.6762,139.6503,JP

        """
    static let pairs = "a,b,rtt_ms\nparis,berlin,15\nparis,tokyo,230\nberlin,tokyo,240\n"

    func locate(measurements: String, claims: String, extra: [String] = []) async throws -> CLI.Output {
        let l = try CLI.temporaryFile(Self.landmarks, name: "L.csv"), p = try CLI.temporaryFile(Self.pairs, name: "P.csv")
        let m = try CLI.temporaryFile(measurements, name: "M.csv"), c = try CLI.temporaryFile(claims, name: "C.csv")
        return try await CLI.run(["monitor", "locate", "--landmarks", l, "--measurements", m, "--claims", c, "--calibration", p, "--format", "jsonl"] + extra)
    }

    @Test("one JSON line per claim, in order, with the contract's keys and the stated speed")
    func locatesClaims() async throws {
        let output = try await locate(measurements: "device,landmark,rtt_ms\nd1,paris,1\nd1,berlin,9\nd1,tokyo,235\nd2,tokyo,1.5\n",
                                claims: "device,country\nd1,FR\nd2,FR\nd1,DE\n")
        #expect(output.status == 0, "\(output.stderr)")
        let rows = try output.stdout.split(separator: "\n").map { try jsonObject($0) }
        #expect(rows.count == 3)
        #expect(rows.map { $0["device"] as? String } == ["d1", "d2", "d1"])
        #expect(rows.map { $0["verdict"] as? String } == ["verified", "violation", "violation"])
        for row in rows {
            #expect(Set(row.keys) == ["device", "claimed", "verdict", "likely", "possible_countries", "estimate", "evidence", "assumptions"])
        }
        #expect(rows[1]["possible_countries"] as? [String] == ["JP"])
        #expect((rows[0]["assumptions"] as? [String: Any])?["speed_km_per_ms"] as? Double == 200)
        let vacuum = try await locate(measurements: "device,landmark,rtt_ms\nd1,paris,1\n", claims: "device,country\nd1,FR\n",
                                extra: ["--speed-km-per-ms", "299.79"])
        let row = try jsonObject(vacuum.stdout.split(separator: "\n")[0])
        #expect((row["assumptions"] as? [String: Any])?["speed_km_per_ms"] as? Double == 299.79)
        #expect((row["evidence"] as? [[String: Any]])?.first?["max_distance_km"] as? Double == 149.9)
    }

    @Test("bad rows print error lines naming the file and line, and the exit status is 1")
    func badRows() async throws {
        let output = try await locate(measurements: "device,landmark,rtt_ms\nd1,paris,1\nd2,atlantis,3\n",
                                claims: "device,country\nd1,FR\nd2,FR\nd1,XX\n")
        #expect(output.status == 1)
        let rows = try output.stdout.split(separator: "\n").map { try jsonObject($0) }
        #expect(rows.count == 3)
        #expect(rows[0]["verdict"] as? String == "verified")
        let error = try #require(rows[1]["error"] as? String)
        #expect(error.hasSuffix("M.csv:3: unknown landmark 'atlantis'"))
        #expect((rows[2]["error"] as? String)?.hasSuffix("C.csv:4: unknown country code 'XX'") == true)
    }

    @Test("a speed above light in vacuum or a format other than jsonl is a usage error")
    func usage() async throws {
        let tooFast = try await locate(measurements: "device,landmark,rtt_ms\nd1,paris,1\n", claims: "device,country\nd1,FR\n",
                                 extra: ["--speed-km-per-ms", "400"])
        #expect(tooFast.status == 2)
        #expect(tooFast.stderr.contains("--speed-km-per-ms"))
    }
}
