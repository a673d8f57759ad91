import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import ReleaseGate
import ReleaseTokens
import Synchronization
import Testing

/// The gate middleware: a file leaves only with a valid, unrevoked token for that artefact; every
/// refusal is audited; nothing outside the directory can be reached.
@Suite struct ReleaseGateTests {
    /// Collects what the gate reports.
    final class Events: GateAuditor {
        let events = Mutex<[GateEvent]>([])
        func record(_ event: GateEvent) async throws(GateAuditError) { events.withLock { $0.append(event) } }
        var all: [GateEvent] { events.withLock { $0 } }
    }

    struct Fixture {
        let directory: URL
        let content: Data
        let revocations: RevocationList
        let events: Events
        let app: Application<RouterResponder<BasicRequestContext>>
    }

    /// The gate over a fresh artefact directory, reporting to `Events`, or to `auditor` when given.
    static func fixture(auditor: (any GateAuditor)? = nil) async throws -> Fixture {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-gate-\(UUID().uuidString)")
        let directory = root.appendingPathComponent("controlled")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        let content = Data((0..<50_000).map { UInt8($0 % 251) })
        try content.write(to: directory.appendingPathComponent("data/cooling.bin"))
        try Data("outside the gate".utf8).write(to: root.appendingPathComponent("secret.txt"))
        try Data(#"{"artifacts":[{"id":"turbine-cooling-data","path":"data/cooling.bin","eccn":"9E003.a"}]}"#.utf8)
            .write(to: directory.appendingPathComponent("manifest.json"))
        let manifest = try ArtifactManifest(directory: directory)
        let verifier = CurrentVerifier(try await ReleaseTokenTests.verifier())
        let revocations = RevocationList()
        let events = Events()
        let router = Router()
        router.add(middleware: ReleaseGateMiddleware(manifest: manifest, verifier: verifier, revocations: revocations, auditor: auditor ?? events))
        router.get("/healthz") { _, _ in "ok" }
        return Fixture(directory: directory, content: content, revocations: revocations, events: events, app: Application(router: router))
    }

    static func bearer(_ token: String, _ extra: HTTPFields = [:]) -> HTTPFields {
        var headers = extra
        headers[.authorization] = "Bearer \(token)"
        return headers
    }

    @Test func aValidTokenDownloadsTheWholeFileAndARangeOfIt() async throws {
        let fixture = try await Self.fixture()
        let token = try await ReleaseTokenTests.sign(ReleaseTokenTests.claims())
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/artifacts/turbine-cooling-data", method: .get, headers: Self.bearer(token)) { response in
                #expect(response.status == .ok)
                #expect(Data(buffer: response.body) == fixture.content)
                #expect(response.headers[.eTag] != nil)
            }
            try await client.execute(
                uri: "/artifacts/turbine-cooling-data", method: .get, headers: Self.bearer(token, [.range: "bytes=100-199"])
            ) { response in
                #expect(response.status == .partialContent)
                #expect(Data(buffer: response.body) == fixture.content[100...199])
                #expect(response.headers[.contentRange] == "bytes 100-199/50000")
            }
            try await client.execute(uri: "/artifacts/turbine-cooling-data", method: .head, headers: Self.bearer(token)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentLength] == "50000")
            }
        }
        #expect(fixture.events.all.filter { $0.outcome == .released }.count == 3)
        #expect(fixture.events.all.allSatisfy { $0.decisionID == "az_0123" && $0.subject == "C-1001" })
    }

    @Test func everyRefusalHasItsStatusCodeAndIsAudited() async throws {
        let fixture = try await Self.fixture()
        let otherArtefact = try await ReleaseTokenTests.sign(ReleaseTokenTests.claims(artifact: "model-weights"))
        let expired = try await ReleaseTokenTests.sign(ReleaseTokenTests.claims(expiresIn: -10))
        let wrongAudience = try await ReleaseTokenTests.sign(ReleaseTokenTests.claims(audience: ["partner-gate"]))
        let forged = try await ReleaseTokenTests.sign(
            ReleaseTokenTests.claims(), with: SigningKey(id: ReleaseTokenTests.key.id, privateKey: SigningKey.generate().privateKey))
        let cases: [(HTTPFields, HTTPResponse.Status, String)] = [
            ([:], .unauthorized, "missing_token"),
            ([.authorization: "Basic dXNlcjpwYXNz"], .unauthorized, "missing_token"),
            (Self.bearer("not.a.token"), .unauthorized, "malformed"),
            (Self.bearer(forged), .unauthorized, "bad_signature"),
            (Self.bearer(expired), .unauthorized, "expired"),
            (Self.bearer(wrongAudience), .forbidden, "wrong_audience"),
            (Self.bearer(otherArtefact), .forbidden, "wrong_artifact"),
        ]
        try await fixture.app.test(.router) { client in
            for (headers, status, code) in cases {
                try await client.execute(uri: "/artifacts/turbine-cooling-data", method: .get, headers: headers) { response in
                    #expect(response.status == status, "\(code)")
                    #expect(String(buffer: response.body).contains(#""code":"\#(code)""#), "\(String(buffer: response.body))")
                }
            }
        }
        let denials = fixture.events.all
        #expect(denials.count == cases.count && denials.allSatisfy { $0.outcome == .denied })
        #expect(denials.map { String($0.detail.prefix { $0 != ":" }) } == cases.map(\.2))
    }

    @Test func aTokenIsRefusedOnceItsDecisionIsRevokedEvenIfReplayed() async throws {
        let fixture = try await Self.fixture()
        let token = try await ReleaseTokenTests.sign(ReleaseTokenTests.claims())
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/artifacts/turbine-cooling-data", method: .get, headers: Self.bearer(token)) { response in
                #expect(response.status == .ok)
            }
            fixture.revocations.add([Revocation(sequence: 1, decisionID: "az_0123", reason: "party C-1001 confirmed as us-dpl:1")])
            for _ in 0..<2 {
                try await client.execute(uri: "/artifacts/turbine-cooling-data", method: .get, headers: Self.bearer(token)) { response in
                    #expect(response.status == .forbidden)
                    #expect(String(buffer: response.body).contains("us-dpl:1"))
                }
            }
        }
        #expect(fixture.events.all.last?.detail.hasPrefix("revoked") == true)
    }

    @Test func nothingOutsideTheManifestCanBeReached() async throws {
        let fixture = try await Self.fixture()
        let token = try await ReleaseTokenTests.sign(ReleaseTokenTests.claims())
        let attempts = [
            "/artifacts/../secret.txt", "/artifacts/..%2Fsecret.txt", "/artifacts/%2e%2e%2fsecret.txt", "/artifacts/data/cooling.bin",
            "/artifacts/manifest.json", "/artifacts/turbine-cooling-data/../../secret.txt", "/artifacts/", "/manifest.json",
            "/data/cooling.bin",
        ]
        try await fixture.app.test(.router) { client in
            for path in attempts {
                try await client.execute(uri: path, method: .get, headers: Self.bearer(token)) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(!String(buffer: response.body).contains("outside the gate"))
                    #expect(Data(buffer: response.body) != fixture.content)
                }
            }
            try await client.execute(uri: "/artifacts/turbine-cooling-data", method: .post, headers: Self.bearer(token)) { response in
                #expect(response.status == .methodNotAllowed)
            }
        }
    }

    @Test func aManifestPathLeavingTheDirectoryIsRejectedAtLoadNamingTheEntry() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: directory.appendingPathComponent("ok.bin"))
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("escape").path, withDestinationPath: "/etc/hostname")
        let cases: [(String, String)] = [
            (#"{"id":"a","path":"../etc/passwd","eccn":"EAR99"}"#, "path"),
            (#"{"id":"a","path":"/etc/passwd","eccn":"EAR99"}"#, "path"),
            (#"{"id":"a","path":"escape","eccn":"EAR99"}"#, "path"),
            (#"{"id":"a","path":"missing.bin","eccn":"EAR99"}"#, "path"),
            (#"{"id":"a/b","path":"ok.bin","eccn":"EAR99"}"#, "id"),
            (#"{"id":"a","path":"ok.bin","eccn":" "}"#, "eccn"),
        ]
        for (entry, field) in cases {
            try Data(#"{"artifacts":[{"id":"fine","path":"ok.bin","eccn":"EAR99"},\#(entry)]}"#.utf8)
                .write(to: directory.appendingPathComponent("manifest.json"))
            do {
                _ = try ArtifactManifest(directory: directory)
                Issue.record("\(entry) must be rejected")
            } catch {
                #expect(error.entry == 2 && error.field == field, "\(error)")
                #expect(error.description.contains("manifest.json: artifact 2, field \"\(field)\""))
            }
        }
    }

    @Test func aTokensItemMustLieOnTheArtefactsClassificationPath() {
        #expect(ReleaseGateMiddleware<BasicRequestContext>.classification("9E003.a", matches: "9E003.a"))
        #expect(ReleaseGateMiddleware<BasicRequestContext>.classification("9E003", matches: "9E003.a"))
        #expect(!ReleaseGateMiddleware<BasicRequestContext>.classification("EAR99", matches: "9E003.a"))
        #expect(!ReleaseGateMiddleware<BasicRequestContext>.classification("9E003.b", matches: "9E003.a"))
        #expect(!ReleaseGateMiddleware<BasicRequestContext>.classification("", matches: "9E003.a"))
    }
}
