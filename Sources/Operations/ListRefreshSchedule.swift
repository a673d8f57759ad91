import AsyncHTTPClient
import Foundation
import Logging
import ServiceLifecycle

/// `clearance serve --refresh-lists EVERY`: `refreshLists` on a schedule inside the service, the first run one
/// interval after start. The store's refresh lock keeps one refresh at a time across every process on the database
/// (a process that finds the lock held waits for it, then finds the lists unchanged). A refresh that fails is
/// logged and recorded (each source's last error is in its refresh state); the schedule goes on. Graceful shutdown
/// stops the wait; a refresh under way is cancelled.
public struct ListRefreshSchedule: Service, CustomStringConvertible {
    let service: ComplianceService
    let downloads: ListDownloads
    let options: ListRefreshOptions
    let every: Duration
    let logger: Logger
    /// Its name in the service group's log (the default description would print every list the service holds).
    public var description: String { "ListRefreshSchedule(every: \(every))" }

    /// A schedule refreshing `downloads` with `options` every `every`.
    public init(service: ComplianceService, downloads: ListDownloads, options: ListRefreshOptions, every: Duration, logger: Logger) {
        self.service = service
        self.downloads = downloads
        self.options = options
        self.every = every
        self.logger = logger
    }

    /// Runs until graceful shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: every)
                } catch {
                    return
                }
                do {
                    let outcomes = try await service.refreshLists(downloads, options: options, actor: "system")
                    for outcome in outcomes where outcome.result == .refused {
                        logger.warning("list refresh refused", metadata: ["source": "\(outcome.source)", "reason": "\(outcome.reason ?? "")"])
                    }
                } catch {
                    logger.error("list refresh failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// `text` (e.g. `6h`, `30m`, `90s`, `7d`) as a duration; nil when it is not a positive whole number with one of those units.
    public static func duration(_ text: String) -> Duration? {
        guard let unit = text.last, let value = Int64(text.dropLast()), value > 0 else { return nil }
        switch unit {
        case "s": return .seconds(value)
        case "m": return .seconds(value * 60)
        case "h": return .seconds(value * 3_600)
        case "d": return .seconds(value * 86_400)
        default: return nil
        }
    }
}
