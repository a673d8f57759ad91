import Audit
import Foundation
import Operations
import Store
import Synchronization

/// Signs an audit checkpoint at the end of every command that appended records, for every store it
/// opened (`DatabaseOption.open` registers them): one signature, so the end of the chain a command
/// wrote is anchored before the command returns.
enum CommandCheckpoints {
    private static let stores = Mutex<[(store: any Store, head: Int64?)]>([])

    /// Remembers `store` and its head when opened.
    static func opened(_ store: any Store) async {
        let head = try? await store.auditHead()?.sequence
        stores.withLock { $0.append((store, head)) }
    }

    /// Checkpoints every opened store whose head moved past its last checkpoint; false (said on standard
    /// error) when one could not be made.
    static func finish() async -> Bool {
        let opened = stores.withLock { stores in
            defer { stores.removeAll() }
            return stores
        }
        var made = true
        for (store, before) in opened {
            do {
                guard let head = try await store.auditHead(), head.sequence != before else { continue }
                _ = try await AuditCheckpointer(store: store).checkpointIfMoved(actor: DatabaseOption.actor)
            } catch {
                let message = (error as? StoreError)?.message ?? String(describing: error)
                FileHandle.standardError.write(Data("clearance: the audit checkpoint could not be made: \(message)\n".utf8))
                made = false
            }
        }
        return made
    }
}
