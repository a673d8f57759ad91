import Foundation
import Testing
@testable import Monitor

@Suite("monitor locate's files and JSON lines")
struct LocateBatchTests {
    static let landmarks = "id,latitude,longitude,country\nparis,48.8566,2.3522,FR\ntokyo,35.6762,139.6503,JP\n"
    static let pairs = "a,b,rtt_ms\nparis,tokyo,230\n"

    func run(landmarks: String = Self.landmarks, measurements: String, claims: String, pairs: String? = Self.pairs) -> (lines: [String], failures: Int) {
        LocateBatch.run(
            index: Bundled.index, landmarks: NamedInput(name: "L.csv", data: Data(landmarks.utf8)),
            measurements: NamedInput(name: "M.csv", data: Data(measurements.utf8)), claims: NamedInput(name: "C.csv", data: Data(claims.utf8)),
            calibration: pairs.map { NamedInput(name: "P.csv", data: Data($0.utf8)) }, speed: .fibre)
    }

    func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("one line per claim row in order, with exactly the contract's keys")
    func contractKeys() throws {
        let result = run(measurements: "device,landmark,rtt_ms\nd1,paris,1\nd1,tokyo,240\nd2,tokyo,2\n",
                         claims: "device,country\nd1,FR\nd2,FR\nd1,DE\n")
        #expect(result.failures == 0)
        #expect(result.lines.count == 3)
        let rows = try result.lines.map(object)
        #expect(rows.map { $0["device"] as? String } == ["d1", "d2", "d1"])
        #expect(Set(rows[0].keys) == ["device", "claimed", "verdict", "likely", "possible_countries", "estimate", "evidence", "assumptions"])
        #expect(rows[0]["verdict"] as? String == "verified")
        #expect(rows[1]["verdict"] as? String == "violation")
        #expect(rows[2]["verdict"] as? String == "violation")
        #expect((rows[0]["claimed"] as? [String: Any])?["country"] as? String == "FR")
        let estimate = try #require(rows[0]["estimate"] as? [String: Any])
        #expect(Set(estimate.keys) == ["latitude", "longitude", "radius_km"])
        let evidence = try #require(rows[0]["evidence"] as? [[String: Any]])
        #expect(evidence.map { Set($0.keys) } == [["landmark", "rtt_ms", "max_distance_km"], ["landmark", "rtt_ms", "max_distance_km"]])
        #expect(evidence[0]["max_distance_km"] as? Double == 100)
        let assumptions = try #require(rows[0]["assumptions"] as? [String: Any])
        #expect(assumptions["speed_km_per_ms"] as? Double == 200)
    }

    @Test("a site claim echoes its coordinates and radius")
    func siteClaim() throws {
        let result = run(measurements: "device,landmark,rtt_ms\nd1,paris,0.5\n",
                         claims: "device,country,latitude,longitude,radius_km\nd1,FR,48.85,2.35,150\nd1,FR,,,\n")
        let rows = try result.lines.map(object)
        let claimed = try #require(rows[0]["claimed"] as? [String: Any])
        #expect(Set(claimed.keys) == ["country", "latitude", "longitude", "radius_km"])
        #expect(rows[0]["verdict"] as? String == "verified")
        #expect(Set(try #require(rows[1]["claimed"] as? [String: Any]).keys) == ["country"])
    }

    @Test("bad claim and measurement rows get error lines naming file and line; the others are still located")
    func badRows() throws {
        let result = run(
            measurements: "device,landmark,rtt_ms\nd1,paris,1\nd2,mars,3\nd3,paris,-4\nd4,paris,99999\nd5,paris,abc\n",
            claims: "device,country\nd1,FR\nd2,FR\nd3,FR\nd4,FR\nd5,FR\nd1,ZZ\nd6,FR\nd1\n")
        #expect(result.failures == 7)
        let rows = try result.lines.map(object)
        #expect(rows.count == 8)
        #expect(rows[0]["verdict"] as? String == "verified")
        #expect(rows[1]["error"] as? String == "C.csv:3: the device's measurements are unusable: M.csv:3: unknown landmark 'mars'")
        #expect((rows[2]["error"] as? String)?.contains("M.csv:4: field rtt_ms -4.0 must be above 0 ms") == true)
        #expect((rows[3]["error"] as? String)?.contains("M.csv:5: field rtt_ms 99999.0 is above 5000 ms") == true)
        #expect((rows[4]["error"] as? String)?.contains("M.csv:6: field rtt_ms 'abc' is not a number") == true)
        #expect(rows[5]["error"] as? String == "C.csv:7: unknown country code 'ZZ'")
        #expect(rows[6]["error"] as? String == "C.csv:8: device 'd6' has no rows in M.csv")
        #expect(rows[7]["error"] as? String == "C.csv:9: expected 2 fields as in the header, found 1")
    }

    @Test("bad landmark or calibration rows and missing columns stop the run with every problem named")
    func fatalProblems() throws {
        let badLandmarks = run(landmarks: "id,latitude,longitude,country\nparis,48.8566,2.3522,FR\nx,95,0,FR\ny,1,2,FRA\nparis,1,2,FR\n",
                               measurements: "device,landmark,rtt_ms\nd1,paris,1\n", claims: "device,country\nd1,FR\n", pairs: nil)
        let errors = try badLandmarks.lines.map { try object($0)["error"] as? String }
        #expect(errors == [
            "L.csv:3: coordinates (95.0, 0.0) are off the globe: latitude must be -90 to 90, longitude -180 to 180",
            "L.csv:4: field country 'FRA' is not an ISO 3166 alpha-2 code",
            "L.csv:5: landmark 'paris' appears twice",
        ])
        #expect(badLandmarks.failures == 3)
        let missing = run(measurements: "device,landmark\nd1,paris\n", claims: "device,country\nd1,FR\n")
        #expect(try missing.lines.map { try object($0)["error"] as? String }
            == ["M.csv:1: missing column 'rtt_ms' (the header must name device,landmark,rtt_ms)"])
        let badPairs = run(measurements: "device,landmark,rtt_ms\nd1,paris,1\n", claims: "device,country\nd1,FR\n", pairs: "a,b,rtt_ms\nparis,moon,3\n")
        #expect(try badPairs.lines.map { try object($0)["error"] as? String } == ["P.csv:2: unknown landmark 'moon'"])
    }

    @Test("numbers are written rounded, without trailing zeros")
    func numbers() {
        #expect(LocationJSON.fixed(200, 3) == "200")
        #expect(LocationJSON.fixed(23.1204, 3) == "23.12")
        #expect(LocationJSON.fixed(-0.05, 1) == "-0.1")
        #expect(LocationJSON.fixed(0.0004, 3) == "0")
        #expect(LocationJSON.fixed(1.05, 2) == "1.05")
    }
}
