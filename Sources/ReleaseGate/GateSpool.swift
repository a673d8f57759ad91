import Dispatch
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import DataFormats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One gate event as spooled: an id (so a replayed spool never records it twice), when, and which gate.
public struct SpooledGateEvent: Sendable, Hashable, Codable {
    /// Unique per event: `ge_` and 32 hex digits.
    public var id: String
    /// When the gate answered, in milliseconds since 1970.
    public var at: Int64
    /// The gate that answered (the audit record's actor).
    public var gate: String
    public var event: GateEvent

    public init(id: String, at: Int64, gate: String, event: GateEvent) {
        self.id = id
        self.at = at
        self.gate = gate
        self.event = event
    }
}

/// A gate auditor that never forgets: each event is appended to a spool file (and, by default, fsync'd:
/// see `Sync`) before the gate answers, then written to the store in batches and removed from the spool only once the store
/// has committed it.
///
/// The spool is a directory of append-only JSON-lines segments (`00000000000000000001.jsonl`, …). Writes
/// from concurrent requests share one `fsync` (group commit). Every `interval` the current segment is
/// closed and the closed segments are handed to `writer` in order, `batchSize` events at a time, then
/// deleted; a segment left by a crash is simply a closed segment at the next start, so the spool is
/// replayed on start. `writer` must be idempotent by event id (a crash between the store's commit and
/// the deletion replays the segment). While a segment cannot be written, `record` throws and the gate
/// refuses the request. One gate per directory: a lock file keeps a second one out.
public final class GateSpool: GateAuditor, Service {
    /// When spooled events reach the disk itself (past the operating system's cache).
    public enum Sync: String, Sendable, CaseIterable {
        /// Each answer waits for its event's `fsync` (shared by concurrent requests): no answered event is
        /// lost even if the machine loses power. Costs one `fsync` per answer on an idle gate.
        case everyEvent = "every-event"
        /// Each answer waits for its event's `write` to the spool file, which survives the gate process being
        /// killed; the files are `fsync`'d every `interval`, so a crash of the whole machine can lose at most
        /// the events of the last interval.
        case interval
    }

    /// Writes events to the store in one transaction, skipping ids already recorded; throws if nothing was committed.
    public typealias Writer = @Sendable (_ events: [SpooledGateEvent]) async throws -> Void

    /// The spool directory.
    public let directory: URL
    private let gate: String
    private let interval: Duration
    private let sync: Sync
    private let batchSize: Int
    private let writer: Writer
    private let logger: Logger
    private let lockDescriptor: Int32
    private let queue = DispatchQueue(label: "clearance.gate.spool")
    private let state: Mutex<State>
    /// The last failure to write the store (`flush`) and to write the spool (`record`), logged once each.
    private let problem = Mutex<String?>(nil)
    private let writeProblem = Mutex<String?>(nil)

    private struct Waiter: Sendable {
        var line: Data
        var done: CheckedContinuation<Void, any Error>
    }

    private struct State: Sendable {
        var waiting: [Waiter] = []
        var writing = false
        /// The segment appends go to; every lower-numbered segment is closed.
        var segment: UInt64
        /// Whether the current segment's file exists (its directory entry fsync'd).
        var segmentExists = false
    }

    /// Opens (creating if needed) the spool in `directory` for the gate named `gate`; segments left by an
    /// earlier run are written to the store by `run()` first.
    public init(
        directory: URL, gate: String, interval: Duration = .milliseconds(200), sync: Sync = .everyEvent, batchSize: Int = 500,
        logger: Logger, writer: @escaping Writer
    ) throws(GateAuditError) {
        let path = directory.path
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw GateAuditError(place: path, problem: "the spool directory cannot be created (\(error.localizedDescription))")
        }
        let lock = open(path + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw GateAuditError(place: path + "/lock", problem: "cannot be created: \(Self.errorText())") }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            close(lock)
            throw GateAuditError(place: path, problem: "the spool is in use by another gate (each gate needs its own --spool)")
        }
        let segments: [UInt64]
        do throws(GateAuditError) {
            segments = try Self.segments(in: directory)
        } catch {
            close(lock)
            throw error
        }
        self.directory = directory
        self.gate = gate
        self.interval = interval
        self.sync = sync
        self.batchSize = max(1, batchSize)
        self.writer = writer
        self.logger = logger
        self.lockDescriptor = lock
        self.state = Mutex(State(segment: (segments.last ?? 0) + 1))
    }

    deinit {
        close(lockDescriptor)
    }

    /// Appends `event` to the spool and returns once it is on disk; throws (and the gate refuses) if it cannot be.
    public func record(_ event: GateEvent) async throws(GateAuditError) {
        let spooled = SpooledGateEvent(
            id: "ge_" + (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined(),
            at: Int64((Date().timeIntervalSince1970 * 1000).rounded()), gate: gate, event: event)
        var lines = JSONLines()
        do {
            try lines.append(spooled, using: JSONEncoder())
        } catch {
            throw GateAuditError(place: directory.path, problem: "the event cannot be encoded: \(error)")
        }
        let line = lines.data
        do {
            try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
                let start = state.withLock { state in
                    state.waiting.append(Waiter(line: line, done: done))
                    defer { state.writing = true }
                    return !state.writing
                }
                if start { queue.async { self.drain() } }
            }
        } catch let error as GateAuditError {
            throw error
        } catch {
            throw GateAuditError(place: directory.path, problem: "\(error)")
        }
    }

    /// Writes the spooled events to the store every `interval` until the service group shuts down, then once more.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await flush()
            try? await Task.sleep(for: interval)
        }
        await flush()
    }

    /// Closes the current segment and writes every closed segment to the store, oldest first, deleting
    /// each once committed; stops at the first failure (to retry in order next time). Returns whether
    /// every event spooled before the call is now in the store.
    @discardableResult
    public func flush() async -> Bool {
        await closeSegment()
        do throws(GateAuditError) {
            let current = state.withLock { $0.segment }
            if sync == .interval { try syncClosedSegments(before: current) }
            for segment in try Self.segments(in: directory) where segment < current {
                let file = segmentURL(segment)
                let events = try Self.read(file, logger: logger)
                var start = 0
                while start < events.count {
                    let batch = Array(events[start..<min(start + batchSize, events.count)])
                    do {
                        try await writer(batch)
                    } catch {
                        throw GateAuditError(place: file.path, problem: "the store did not record \(events.count - start) spooled events (kept for the next try): \(error)")
                    }
                    start += batch.count
                }
                guard unlink(file.path) == 0 || errno == ENOENT else {
                    throw GateAuditError(place: file.path, problem: "recorded, but cannot be removed from the spool: \(Self.errorText())")
                }
                Self.syncDirectory(directory.path)
            }
            if problem.withLock({ $0 }) != nil {
                problem.withLock { $0 = nil }
                logger.warning("gate spool \(directory.path): the store records spooled events again")
            }
            return true
        } catch {
            let text = error.description
            let changed = problem.withLock { last in
                defer { last = text }
                return last != text
            }
            if changed { logger.error("gate spool: \(text)") }
            return false
        }
    }

    // MARK: - Writing

    /// Runs on `queue`: writes what is waiting in one append and one fsync, then answers every waiter.
    private func drain() {
        let (batch, segment, exists) = state.withLock { state in
            defer { state.waiting.removeAll() }
            return (state.waiting, state.segment, state.segmentExists)
        }
        var data = Data()
        for waiter in batch { data.append(waiter.line) }
        let file = segmentURL(segment).path
        let result = Self.append(data, to: file, directory: directory.path, fresh: !exists, sync: sync == .everyEvent)
        let more = state.withLock { state in
            switch result {
            case .success: state.segmentExists = true
            case .failure:
                // A failed append may have left a torn line: later events go to a new segment after it.
                state.segment += 1
                state.segmentExists = false
            }
            state.writing = !state.waiting.isEmpty
            return state.writing
        }
        let text: String? = switch result {
        case .success: nil
        case .failure(let error): error.description
        }
        let previous = writeProblem.withLock { last in
            defer { last = text }
            return last
        }
        if let text, text != previous {
            logger.error("gate spool: \(text); every request is refused (503) until the spool can be written")
        } else if text == nil, previous != nil {
            logger.warning("gate spool \(directory.path): writable again; answering requests")
        }
        for waiter in batch {
            switch result {
            case .success: waiter.done.resume()
            case .failure(let error): waiter.done.resume(throwing: error)
            }
        }
        if more { queue.async { self.drain() } }
    }

    /// Moves appends to a new segment (on `queue`, so no append is in flight into the closed one).
    private func closeSegment() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async {
                self.state.withLock { state in
                    if state.segmentExists {
                        state.segment += 1
                        state.segmentExists = false
                    }
                }
                done.resume()
            }
        }
    }

    /// `fsync`s every closed segment and the directory (the `interval` policy's periodic sync).
    private func syncClosedSegments(before current: UInt64) throws(GateAuditError) {
        for segment in try Self.segments(in: directory) where segment < current {
            let path = segmentURL(segment).path
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw GateAuditError(place: path, problem: "cannot be opened to sync: \(Self.errorText())") }
            defer { close(descriptor) }
            guard fsync(descriptor) == 0 else { throw GateAuditError(place: path, problem: "cannot be synced to disk: \(Self.errorText())") }
        }
        guard Self.syncDirectory(directory.path) else {
            throw GateAuditError(place: directory.path, problem: "cannot be synced to disk: \(Self.errorText())")
        }
    }

    private static func append(_ data: Data, to path: String, directory: String, fresh: Bool, sync: Bool) -> Result<Void, GateAuditError> {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return .failure(GateAuditError(place: path, problem: "cannot be opened for appending: \(errorText())")) }
        defer { close(descriptor) }
        let size = lseek(descriptor, 0, SEEK_END)
        let written = data.withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, base + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return 0
        }
        guard written == 0 else {
            if size >= 0 { _ = ftruncate(descriptor, size) }
            return .failure(GateAuditError(place: path, problem: "cannot be written: \(String(cString: strerror(written)))"))
        }
        guard sync else { return .success(()) }
        guard fsync(descriptor) == 0 else { return .failure(GateAuditError(place: path, problem: "cannot be synced to disk: \(errorText())")) }
        if fresh, !syncDirectory(directory) {
            return .failure(GateAuditError(place: directory, problem: "the new spool file's entry cannot be synced to disk: \(errorText())"))
        }
        return .success(())
    }

    @discardableResult
    private static func syncDirectory(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return fsync(descriptor) == 0
    }

    // MARK: - Reading

    private func segmentURL(_ segment: UInt64) -> URL {
        let digits = String(segment)
        return directory.appendingPathComponent(String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".jsonl")
    }

    /// The segment numbers in the directory, in order.
    private static func segments(in directory: URL) throws(GateAuditError) -> [UInt64] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw GateAuditError(place: directory.path, problem: "the spool directory cannot be read (\(error.localizedDescription))")
        }
        return names.compactMap { name in
            guard name.hasSuffix(".jsonl"), name.count == 26 else { return nil }
            return UInt64(name.dropLast(6))
        }.sorted()
    }

    /// The events of a segment. A last line without its newline is an append that never completed (its
    /// request was never answered) and is skipped; any other line that is not an event stops the replay,
    /// naming the file and line.
    static func read(_ file: URL, logger: Logger) throws(GateAuditError) -> [SpooledGateEvent] {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw GateAuditError(place: file.path, problem: "cannot be read (\(error.localizedDescription))")
        }
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        if let last = lines.last, !last.isEmpty {
            logger.warning("gate spool \(file.path): skipping an unfinished last line (\(last.count) bytes) that was never acknowledged")
        }
        lines.removeLast()
        var events: [SpooledGateEvent] = []
        let decoder = JSONDecoder()
        for (index, line) in lines.enumerated() {
            do {
                events.append(try decoder.decode(SpooledGateEvent.self, from: line))
            } catch {
                throw GateAuditError(place: "\(file.path):\(index + 1)", problem: "is not a spooled gate event (left in place; fix or move the file): \(error)")
            }
        }
        return events
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
