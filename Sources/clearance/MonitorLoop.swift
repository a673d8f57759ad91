import Foundation
import Operations
import ServiceLifecycle

/// `clearance serve`'s monitoring loop: at start, the verdicts of records accepted but not yet located (a restart
/// after a crash); then, every `every`, the same catch-up (a verdict that failed after its response, e.g. while the
/// store was unavailable, is located again without waiting for a restart) and the overdue sweep.
struct MonitorLoop: Service, CustomStringConvertible {
    let verdicts: MonitorVerdicts
    let every: Duration
    /// Its name in the service group's log (ServiceLifecycle describes every service once, at start: the default
    /// description would print the boundary data the verdicts hold).
    var description: String { "MonitorLoop(every: \(every))" }

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { [verdicts] in _ = try await verdicts.catchUp() }
        } catch where !Task.isShuttingDownGracefully {
            Self.report("the verdicts awaiting since the last run could not be stored", error)
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { [every] in try await Task.sleep(for: every) }
            guard !Task.isShuttingDownGracefully else { break }
            do {
                _ = try await cancelWhenGracefulShutdown { [verdicts] in try await verdicts.catchUp() }
                _ = try await cancelWhenGracefulShutdown { [verdicts] in try await verdicts.sweepOverdue() }
            } catch where Task.isShuttingDownGracefully {
                break
            } catch {
                Self.report("the verdict catch-up or the overdue sweep failed", error)
            }
        }
    }

    private static func report(_ what: String, _ error: any Error) {
        FileHandle.standardError.write(Data("clearance serve: \(what): \(error)\n".utf8))
    }
}
