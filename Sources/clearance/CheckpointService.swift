import Foundation
import Operations
import ServiceLifecycle
import Store

/// Signs an audit checkpoint whenever `every` records were appended since the last one, and once more
/// at shutdown (run it before the HTTP server in a service group, so it stops after the server drained).
struct CheckpointService: Service, CustomStringConvertible {
    let checkpointer: AuditCheckpointer
    let every: Int64
    let poll: Duration
    let actor: String
    /// Its name in the service group's log (never the store's contents).
    var description: String { "CheckpointService(every: \(every) records)" }

    func run() async throws {
        var last = (try? await checkpointer.store.lastAuditCheckpoint()?.sequence) ?? 0
        var reported: String?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: poll) }
            guard !Task.isShuttingDownGracefully else { break }
            do {
                // A store that does not answer (PostgreSQL down) must not hold up the shutdown: the final
                // checkpoint below is the one that matters then.
                last = try await cancelWhenGracefulShutdown { [checkpointer, every, actor, last] in
                    guard let head = try await checkpointer.store.auditHead() else { throw StoreError.missingAuditHead }
                    return head.sequence - last >= every ? try await checkpointer.checkpoint(actor: actor).sequence : last
                }
                reported = nil
            } catch where Task.isShuttingDownGracefully {
                break
            } catch {
                reported = Self.report(error, unless: reported)
            }
        }
        do {
            _ = try await checkpointer.checkpointIfMoved(actor: actor)
        } catch {
            _ = Self.report(error, unless: nil)
        }
    }

    /// Says why a checkpoint failed on standard error, unless it is what was said last time; returns what was said.
    private static func report(_ error: any Error, unless previous: String?) -> String {
        let message = (error as? StoreError)?.message ?? String(describing: error)
        if message != previous {
            FileHandle.standardError.write(Data("clearance serve: the audit checkpoint could not be made: \(message)\n".utf8))
        }
        return message
    }
}
