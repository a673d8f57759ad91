import Logging
import Store

/// Where the intake hands accepted records' devices for their verdict, right after the response: one device at a
/// time, each device queued at most once however many of its records arrive meanwhile (its next evaluation covers
/// them all), so the request path stays one store write.
///
/// Why after the response: locating costs a read of the round and a second transaction; inside the request it
/// would halve the intake's rate. Nothing is lost by it: a record is stored before its device is queued, every
/// verdict records the highest record id it covered, and `MonitorVerdicts.catchUp` (run when `clearance serve`
/// starts, and by `clearance monitor sweep`) locates every device with records newer than its latest verdict.
public actor MonitorVerdictQueue {
    public let verdicts: MonitorVerdicts
    private let logger: Logger
    private var pending: [String] = []
    private var queued: Set<String> = []
    private var draining = false

    public init(verdicts: MonitorVerdicts, logger: Logger = Logger(label: "clearance.monitor")) {
        self.verdicts = verdicts
        self.logger = logger
    }

    /// Queues `device` for a verdict over its current round (nothing when it is queued already).
    public func submit(device: String) {
        guard queued.insert(device).inserted else { return }
        pending.append(device)
        guard !draining else { return }
        draining = true
        Task { await self.drain() }
    }

    /// How many devices wait for their verdict.
    public var backlog: Int { pending.count }

    private func drain() async {
        while !pending.isEmpty {
            let device = pending.removeFirst()
            queued.remove(device)
            do {
                _ = try await verdicts.evaluate(device: device)
            } catch {
                // Left for the catch-up: the device's records stay newer than its latest verdict.
                logger.error("the verdict of device \(device) could not be stored: \(error)")
            }
        }
        draining = false
    }
}
