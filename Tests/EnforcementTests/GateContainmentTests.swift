import Foundation
import Hummingbird
import HummingbirdTesting
@testable import ReleaseGate
import ReleaseTokens
import Testing

/// The gate checks an artefact's file again on every release: a file swapped for a symlink leading out of the
/// directory after the manifest was loaded is never served, and the refusal is audited.
@Suite struct GateContainmentTests {
    @Test func aFileSwappedForASymlinkOutOfTheDirectoryAfterLoadingIsNotServed() async throws {
        let fixture = try await ReleaseGateTests.fixture()
        let file = fixture.directory.appendingPathComponent("data/cooling.bin")
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createSymbolicLink(
            atPath: file.path, withDestinationPath: fixture.directory.deletingLastPathComponent().appendingPathComponent("secret.txt").path)
        let token = try await ReleaseTokenTests.sign(ReleaseTokenTests.claims())
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/artifacts/turbine-cooling-data", method: .get, headers: ReleaseGateTests.bearer(token)) { response in
                #expect(response.status == .notFound)
                #expect(!String(buffer: response.body).contains("outside the gate"))
            }
        }
        #expect(fixture.events.all.map(\.outcome) == [.denied])
        #expect(fixture.events.all.first?.detail.hasPrefix("outside_directory") == true)
    }

    @Test func aManifestThatIsNotUTF8OrHoldsAControlCharacterIsRejectedAtLoad() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: directory.appendingPathComponent("ok.bin"))
        var latin1 = Data(#"{"artifacts":[{"id":"a","path":"ok.bin","eccn":"EAR99","description":"caf"#.utf8)
        latin1.append(contentsOf: [0xE9, 0x22, 0x7D, 0x5D, 0x7D])
        try latin1.write(to: directory.appendingPathComponent("manifest.json"))
        #expect(throws: ManifestError.self) { try ArtifactManifest(directory: directory) }
        try Data(#"{"artifacts":[{"id":"a","path":"ok.bin","eccn":"EAR99","description":"a\u0000b"}]}"#.utf8)
            .write(to: directory.appendingPathComponent("manifest.json"))
        do {
            _ = try ArtifactManifest(directory: directory)
            Issue.record("a NUL in a description was accepted")
        } catch {
            #expect(error.entry == 1 && error.field == "description", "\(error)")
        }
    }
}
