import Foundation
import Synchronization
import Testing

@testable import Screening

/// Snapshots of stored lists: processes (here, threads) that find none at the same moment build one, not one each.
@Suite struct IndexCacheLockTests {
    /// What the second opener saw.
    final class Observed: Sendable {
        let state = Mutex<(builds: Int, fromSnapshot: Bool, ids: [String])>((0, false, []))
    }

    static let list = ParsedList(
        metadata: ListMetadata(source: "t", name: "T", published: "2026-01-01", sha256: "t"),
        entities: [Entity(id: "t:1", source: "t", type: .organization, name: "KESTREL ORBITAL WORKS")])

    @Test("while one opener builds the snapshot of stored lists, another waits and reads it instead of building its own")
    func aSecondOpenerWaitsForTheFirstBuild() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("index-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = IndexCache(directory: folder)
        let building = DispatchSemaphore(value: 0)
        let second = Observed()
        let first = Thread {
            _ = cache.load(storedListsFingerprint: "same") {
                building.signal()
                Thread.sleep(forTimeInterval: 0.4)
                return [Self.list]
            }
        }
        let finished = DispatchSemaphore(value: 0)
        first.start()
        building.wait()
        Thread {
            let loaded = cache.load(storedListsFingerprint: "same") {
                second.state.withLock { $0.builds += 1 }
                return [Self.list]
            }
            second.state.withLock { $0.fromSnapshot = loaded.fromSnapshot; $0.ids = loaded.index.entities.map(\.id) }
            finished.signal()
        }.start()
        finished.wait()
        let seen = second.state.withLock { $0 }
        #expect(seen.builds == 0, "the second opener built while the first was building")
        #expect(seen.fromSnapshot)
        #expect(seen.ids == ["t:1"])
    }

    @Test("a damaged snapshot of stored lists is built again, never read")
    func aDamagedStoredSnapshotIsRebuilt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("index-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = IndexCache(directory: folder)
        #expect(!cache.load(storedListsFingerprint: "f") { [Self.list] }.fromSnapshot)
        let file = try #require(try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .first { $0.pathExtension == "bin" })
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count - 3] ^= 0x40
        try bytes.write(to: file)
        var rebuilt = false
        let again = cache.load(storedListsFingerprint: "f") {
            rebuilt = true
            return [Self.list]
        }
        #expect(rebuilt && !again.fromSnapshot)
        #expect(cache.load(storedListsFingerprint: "f") { [Self.list] }.fromSnapshot)
    }
}
