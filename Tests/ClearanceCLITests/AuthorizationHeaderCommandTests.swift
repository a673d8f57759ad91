import Store
import Testing

/// End-to-end: the real gate and the real API read the `Authorization` header the same way (one table, both binaries).
@Suite(.serialized) struct AuthorizationHeaderCommandTests {
    /// How the gate and the API must both read an `Authorization` header (`{c}` stands for a valid credential).
    static let headers: [(header: String?, accepted: Bool)] = [
        ("Bearer {c}", true), ("bearer {c}", true), ("BEARER {c}", true), ("bEaReR {c}", true),
        (nil, false), ("Bearer", false), ("Bearer ", false), ("Bearer  {c}", false), ("Bearer {c} {c}", false),
        ("Bearer {c},x", false), ("Bearer\t{c}", false), ("Basic {c}", false), ("{c}", false), ("Bearer: {c}", false),
        ("Token {c}", false), ("Bearer \u{7F}{c}", false), ("Bearer {c}\u{01}", false), ("Bearer {c}=x", false),
    ]

    @Test func theGateAndTheAPIReadTheAuthorizationHeaderTheSameWay() async throws {
        let (server, artefacts, token, _, spool) = try await GateSpoolCommandTests.released(.sqlite)
        defer { server.stop() }
        let gate = try await EnforceCommandTests.GateProcess.start(artifacts: artefacts, database: server.database, spool: spool)
        defer { gate.stop() }
        let secret = try #require(server.keys[.screener])
        for (header, accepted) in Self.headers {
            let atGate = try RawHTTP.status(
                port: gate.port, path: "/artifacts/turbine-cooling-data", authorization: header?.replacingOccurrences(of: "{c}", with: token))
            let atAPI = try RawHTTP.status(port: server.port, path: "/v1/artifacts", authorization: header?.replacingOccurrences(of: "{c}", with: secret))
            let shown = (header ?? "(none)").debugDescription
            if accepted {
                #expect(atGate == 200 && atAPI == 200, "\(shown): gate \(atGate), API \(atAPI)")
            } else {
                #expect([400, 401].contains(atGate) && atGate == atAPI, "\(shown): gate \(atGate), API \(atAPI)")
            }
        }
    }
}
