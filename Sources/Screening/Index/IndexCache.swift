import Crypto
import Foundation

/// Keeps index snapshots on disk, one per exact set of list files, and builds one when missing.
///
/// The key is a SHA-256 over the snapshot format, the word tables and rules of name analysis
/// (`NameRulesFingerprint`) and, for every selected list, its manifest entry and the bytes of each of
/// its files: replacing a list file, editing the manifest, changing a rule or upgrading Clearance all
/// lead to a fresh build, never to a stale index.
public struct IndexCache: Sendable {
    /// The folder holding the snapshots (created when the first one is written).
    public let directory: URL

    /// A cache in `directory`; see `defaultDirectory()`.
    public init(directory: URL) {
        self.directory = directory
    }

    /// `$CLEARANCE_CACHE_DIR`, else `$XDG_CACHE_HOME/clearance`, else `~/.cache/clearance`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment["CLEARANCE_CACHE_DIR"], !path.isEmpty { return URL(fileURLWithPath: path, isDirectory: true) }
        if let path = environment["XDG_CACHE_HOME"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true).appendingPathComponent("clearance", isDirectory: true)
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/clearance", isDirectory: true)
    }

    /// The lists and index for `listsDirectory`: from a snapshot when one matches, else parsed, built and stored.
    public func load(listsDirectory: URL, sources: Set<String>?) throws -> (lists: [ParsedList], index: ScreeningIndex, fromSnapshot: Bool) {
        let key = try Self.key(listsDirectory: listsDirectory, sources: sources)
        let file = directory.appendingPathComponent("index-\(key).bin")
        if let snapshot = Self.snapshot(at: file) { return (snapshot.lists, snapshot.index, true) }
        let lock = lockBuilding(file)
        defer { Self.unlock(lock) }
        if let snapshot = Self.snapshot(at: file) { return (snapshot.lists, snapshot.index, true) }
        let lists = try ListLoader.load(directory: listsDirectory, sources: sources)
        let index = ScreeningIndex(lists: lists)
        store(IndexSnapshot.encode(lists: lists, index: index), at: file)
        return (lists, index, false)
    }

    /// The lists and index a store holds, identified by `fingerprint` (a digest the caller computes over every
    /// stored list version and the exact bytes of its entities): from a snapshot when one was stored under it,
    /// else `build()` is read, indexed and stored. A snapshot is only a cache: a damaged one is rebuilt.
    public func load(
        storedListsFingerprint fingerprint: String, build: () throws -> [ParsedList]
    ) rethrows -> (lists: [ParsedList], index: ScreeningIndex, fromSnapshot: Bool) {
        var hasher = SHA256()
        hasher.update(data: Data("snapshot-\(IndexSnapshot.formatVersion)".utf8))
        hasher.update(data: Data(NameRulesFingerprint.text.utf8))
        hasher.update(data: Data("stored-lists \(fingerprint)".utf8))
        let key = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let file = directory.appendingPathComponent("stored-\(key).bin")
        if let snapshot = Self.snapshot(at: file) { return (snapshot.lists, snapshot.index, true) }
        let lock = lockBuilding(file)
        defer { Self.unlock(lock) }
        if let snapshot = Self.snapshot(at: file) { return (snapshot.lists, snapshot.index, true) }
        let lists = try build()
        let index = ScreeningIndex(lists: lists)
        store(IndexSnapshot.encode(lists: lists, index: index), at: file)
        evictStoredSnapshots(keeping: file)
        return (lists, index, false)
    }

    /// The snapshot in `file`, when it can be read whole and is sound.
    private static func snapshot(at file: URL) -> (lists: [ParsedList], index: ScreeningIndex)? {
        guard let bytes = contents(of: file) else { return nil }
        return try? IndexSnapshot.decode(bytes)
    }

    /// Takes the lock on building `file` (`flock` on a file beside it), so that processes starting together build
    /// one snapshot while the others wait and read it. A lock that cannot be taken only costs a duplicate build.
    private func lockBuilding(_ file: URL) -> Int32? {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let descriptor = open(file.path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                return nil
            }
        }
        return descriptor
    }

    private static func unlock(_ descriptor: Int32?) {
        guard let descriptor else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// How many snapshots of stored lists are kept: each list refresh of a store makes a new one.
    static let storedSnapshotsKept = 6

    /// Removes the oldest snapshots of stored lists beyond `storedSnapshotsKept`, never `kept`.
    private func evictStoredSnapshots(keeping kept: URL) {
        let keys: [URLResourceKey] = [.contentModificationDateKey]
        guard let files = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: keys) else { return }
        let snapshots = files.filter { $0.lastPathComponent.hasPrefix("stored-") && $0.pathExtension == "bin" }
            .map { ($0, (try? $0.resourceValues(forKeys: Set(keys)).contentModificationDate) ?? .distantPast) }
            .sorted { $0.1 > $1.1 }
        for (file, _) in snapshots.dropFirst(Self.storedSnapshotsKept) where file.lastPathComponent != kept.lastPathComponent {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(atPath: file.path + ".lock")
        }
    }

    /// The bytes of `file`, read straight into an array (through `Data` they would be copied once more),
    /// or nil when it cannot be read whole.
    static func contents(of file: URL) -> [UInt8]? {
        let descriptor = open(file.path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size >= 0 else { return nil }
        let size = Int(status.st_size)
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return complete = size == 0 }
            while count < size {
                let got = read(descriptor, base + count, size - count)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { break }
                count += got
            }
            complete = count == size
        }
        return complete ? bytes : nil
    }

    /// Writes next to the target and renames, so a reader never sees half a snapshot.
    /// A cache that cannot be written only costs speed, so failures are ignored.
    private func store(_ bytes: [UInt8], at file: URL) {
        let temporary = directory.appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(bytes).write(to: temporary)
            // rename(2) replaces the target atomically: a reader sees the old file or the new one.
            guard rename(temporary.path, file.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
        }
    }

    /// The snapshot key of the lists in `listsDirectory`; `rules` is the name rules' fingerprint.
    static func key(listsDirectory: URL, sources: Set<String>?, rules: String = NameRulesFingerprint.text) throws -> String {
        let manifest = try ListManifest.read(from: listsDirectory)
        if let sources {
            let available = manifest.lists.map(\.source)
            let unknown = sources.subtracting(available)
            if !unknown.isEmpty { throw ListLoadError.unknownSources(unknown.sorted(), available: available) }
        }
        var hasher = SHA256()
        hasher.update(data: Data("snapshot-\(IndexSnapshot.formatVersion)".utf8))
        hasher.update(data: Data(rules.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for entry in manifest.lists where sources?.contains(entry.source) ?? true {
            hasher.update(data: try encoder.encode(entry))
            for (role, path) in entry.files.all {
                let url = listsDirectory.appendingPathComponent(path)
                guard FileManager.default.fileExists(atPath: url.path) else {
                    throw ListLoadError.missingFile(path: url.path, source: entry.source, role: role)
                }
                do {
                    hasher.update(data: try Data(contentsOf: url, options: .mappedIfSafe))
                } catch {
                    throw ListLoadError.unreadableFile(path: url.path, detail: error.localizedDescription)
                }
            }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
