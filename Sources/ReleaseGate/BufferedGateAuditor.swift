import ServiceLifecycle
import Synchronization

/// A gate auditor that answers at once and writes events in batches every `interval`, so a download
/// does not wait for the audit store.
///
/// Run it as a service started before the HTTP server (so it stops after it): on shutdown it writes
/// what is left. A crash can lose at most the last interval's events; the authorisations they act on
/// were audited before their tokens existed.
public final class BufferedGateAuditor: GateAuditor, Service {
    public typealias Flush = @Sendable ([GateEvent]) async -> Void

    private let pending = Mutex<[GateEvent]>([])
    private let interval: Duration
    private let flush: Flush

    public init(interval: Duration, flush: @escaping Flush) {
        self.interval = interval
        self.flush = flush
    }

    public func record(_ event: GateEvent) async {
        pending.withLock { $0.append(event) }
    }

    /// Writes every pending event now.
    public func flushPending() async {
        let batch = pending.withLock { events in
            defer { events.removeAll(keepingCapacity: true) }
            return events
        }
        if !batch.isEmpty { await flush(batch) }
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await flushPending()
        }
        await flushPending()
    }
}
