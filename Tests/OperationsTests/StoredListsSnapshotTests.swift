import Foundation
import Screening
import Store
import Testing

@testable import Operations

/// Opening a service reads the index over the store's lists from a snapshot kept under a digest of exactly what the
/// store holds: a process that opens an unchanged store answers as one that built the index, and any change to a
/// stored list builds (and keeps) a new snapshot, never the old index.
@Suite struct StoredListsSnapshotTests {
    static let queries = ["Ivan Petrovich Sidorov", "Rostekh Orbita", "Northwind Optronics", "Omar Farouk Bashir", "Harbourside Bakery"]

    static func answers(_ service: ComplianceService) -> [[Match]] {
        queries.map { service.screener.screen(ScreeningQuery(name: $0), options: ScreeningOptions(threshold: 0.5)) }
    }

    static func snapshots(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("stored-") && $0.pathExtension == "bin" }
    }

    static func inode(_ file: URL) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.systemFileNumber] as? Int)
    }

    @Test("a service reopened on an unchanged store reads the snapshot of its lists and answers as the index built from them", arguments: ServiceBackend.allCases)
    func reopeningAnUnchangedStoreReadsTheSnapshot(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stored-lists-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = IndexCache(directory: folder)

        let first = try await Harness.open(harness.store, indexCache: cache)
        let written = try #require(try Self.snapshots(in: folder).first)
        #expect(try Self.snapshots(in: folder).count == 1)
        let second = try await Harness.open(harness.store, indexCache: cache)
        #expect(try Self.snapshots(in: folder) == [written])
        #expect(try Self.inode(written) == (try Self.inode(try #require(try Self.snapshots(in: folder).first))), "read, not written again")

        let built = Self.answers(harness.service)
        #expect(built.contains { !$0.isEmpty }, "the queries find listed parties")
        #expect(Self.answers(first) == built)
        #expect(Self.answers(second) == built)
        #expect(second.listVersions == harness.service.listVersions)
    }

    @Test("a new version of one stored list is indexed afresh under a new snapshot; the old one is never used for it", arguments: ServiceBackend.allCases)
    func aChangedStoredListBuildsANewSnapshot(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stored-lists-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = IndexCache(directory: folder)
        let before = try await Harness.open(harness.store, indexCache: cache)
        #expect(before.screener.screen(ScreeningQuery(name: "Lars Ekdahl Marine")).isEmpty)

        let renamed = FixtureLists.list("us-dpl", [Entity(id: "us-dpl:2", source: "us-dpl", type: .organization, name: "LARS EKDAHL MARINE")])
        _ = try await harness.service.importList(renamed, actor: "key_admin", force: true)
        let after = try await Harness.open(harness.store, indexCache: cache)
        #expect(try Self.snapshots(in: folder).count == 2)
        #expect(after.screener.screen(ScreeningQuery(name: "Lars Ekdahl Marine")).first?.entityID == "us-dpl:2")
        #expect(after.screener.screen(ScreeningQuery(name: "Northwind Optronics Trading")).isEmpty, "the replaced entity is gone")
    }

    @Test("the digest of the stored lists changes with any byte of any stored entity and with any version's metadata")
    func theFingerprintCoversEveryStoredByte() throws {
        let version = try JSONDecoder().decode(ListVersionRecord.self, from: Data(#"""
            {"id":1,"source":"un","name":"UN","published":"2026-01-15","sha256":"abc","entity_count":2,"imported_at":0,"active":true}
            """#.utf8))
        let entities = [
            StoredEntity(id: "un:1", digest: "d1", json: #"{"name":"A"}"#), StoredEntity(id: "un:2", digest: "d2", json: #"{"name":"B"}"#),
        ]
        let base = EntityCoding.fingerprint([(version, entities)])
        var edited = entities
        edited[1] = StoredEntity(id: "un:2", digest: "d2", json: #"{"name":"C"}"#)
        #expect(EntityCoding.fingerprint([(version, edited)]) != base, "same digest column, different bytes")
        #expect(EntityCoding.fingerprint([(version, Array(entities.prefix(1)))]) != base)
        var republished = version
        republished.published = "2026-02-01"
        #expect(EntityCoding.fingerprint([(republished, entities)]) != base)
        #expect(EntityCoding.fingerprint([(version, entities)]) == base)
    }
}
