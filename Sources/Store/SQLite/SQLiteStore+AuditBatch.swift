import Audit
import GRDB

extension SQLiteStore {
    /// Writes one group commit's drafts in one transaction (the `AuditGroupCommit` of a store on `pool`),
    /// each following the head row, all stamped with one time read inside the transaction.
    static func appendBatch(_ drafts: [AuditDraft], pool: DatabasePool, now: @escaping @Sendable () -> Int64)
        async throws(StoreError) -> [AuditRecord]
    {
        try await run {
            try await pool.write { db in
                let time = now()
                return try drafts.map { draft in try append(draft, db: db, at: time) }
            }
        }
    }
}
