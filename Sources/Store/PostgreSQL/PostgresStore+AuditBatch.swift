import Audit
import Logging
import PostgresNIO
import Synchronization

/// What a store remembers of the chain's head between its group commits: the head its last batch left, and
/// whether the head was still there when the store next looked (nobody else appended in between).
///
/// Only a hint: a batch written after it says so in the statement itself (the head row must still be this
/// head), and anything else takes the locked path, which reads the head row.
final class AuditHeadHint: Sendable {
    private struct State {
        var head: AuditHead?
        var alone = false
    }

    private let state = Mutex(State())

    /// The head to try the next batch after, when the last look found no other writer.
    var expected: AuditHead? { state.withLock { $0.alone ? $0.head : nil } }

    /// Records the head a batch left; `found` is the head the locked path read (nil after a one-statement batch).
    func wrote(_ head: AuditHead, found: AuditHead?) {
        state.withLock { state in
            if let found { state.alone = found == state.head }
            state.head = head
        }
    }
}

extension PostgresStore {
    /// Writes one group commit's drafts.
    ///
    /// When this store's last batch left the head and nobody else had appended before it, the batch is first
    /// tried as ONE statement (one round trip, its own transaction and commit): it moves the head row only if
    /// the row still holds that head and the audit lock is free at that moment, and inserts the records only
    /// if it did. Otherwise, or when that statement changes nothing, the batch is written on the locked path:
    /// a transaction takes the audit lock and the head row, reads the head and appends after it. Either way
    /// the records follow the head row, and are stamped after the head they follow was known (so timestamps
    /// follow the chain's order, as under the lock).
    static func appendBatch(
        _ drafts: [AuditDraft], client: PostgresClient, logger: Logger, now: @Sendable () -> Int64, hint: AuditHeadHint
    ) async throws(StoreError) -> [AuditRecord] {
        do {
            if let expected = hint.expected {
                let records = chain(drafts, after: expected, timestamp: now())
                if let last = records.last, try await appendIfHead(expected, records: records, last: last, client: client, logger: logger) {
                    hint.wrote(AuditHead(sequence: last.sequence, hash: last.hash), found: nil)
                    return records
                }
            }
            let (found, records) = try await client.withTransaction(logger: logger) { connection in
                try await appendLocked(drafts, connection: connection, logger: logger, stamp: now)
            }
            if let last = records.last { hint.wrote(AuditHead(sequence: last.sequence, hash: last.hash), found: found) }
            return records
        } catch {
            throw wrap(error)
        }
    }

    /// Records for `drafts` after `head`, all stamped `timestamp`.
    static func chain(_ drafts: [AuditDraft], after head: AuditHead, timestamp: Int64) -> [AuditRecord] {
        var previous = (sequence: head.sequence, hash: head.hash)
        var records: [AuditRecord] = []
        records.reserveCapacity(drafts.count)
        for draft in drafts {
            let record = draft.record(after: previous, timestamp: timestamp)
            records.append(record)
            previous = (record.sequence, record.hash)
        }
        return records
    }

    /// One statement: moves the head row from `head` to `last` if the row holds `head` and the audit lock is
    /// free, and inserts `records` only if it moved. True if it did (every record inserted).
    private static func appendIfHead(
        _ head: AuditHead, records: [AuditRecord], last: AuditRecord, client: PostgresClient, logger: Logger
    ) async throws -> Bool {
        var inserted: Int64 = -1
        for try await count in try await client.query(
            """
            WITH moved AS (
                UPDATE audit_head SET sequence = \(last.sequence), hash = \(last.hash)
                WHERE id = 1 AND sequence = \(head.sequence) AND hash = \(head.hash) AND pg_try_advisory_xact_lock(\(auditLock))
                RETURNING 1),
            inserted AS (
                INSERT INTO audit_log (sequence, timestamp, actor, action, input_digest, result, versions, previous_hash, hash)
                SELECT * FROM unnest(\(records.map(\.sequence))::bigint[], \(records.map(\.timestamp))::bigint[],
                    \(records.map(\.actor))::text[], \(records.map(\.action))::text[], \(records.map(\.inputDigest))::text[],
                    \(records.map(\.result))::text[], \(records.map(\.versions))::text[], \(records.map(\.previousHash))::text[],
                    \(records.map(\.hash))::text[])
                WHERE EXISTS (SELECT 1 FROM moved)
                RETURNING 1)
            SELECT count(*) FROM inserted
            """, logger: logger
        ).decode(Int64.self) {
            inserted = count
        }
        guard inserted == 0 || inserted == Int64(records.count) else {
            throw StoreError(.database, "an audit batch of \(records.count) records was inserted as \(inserted) records")
        }
        return inserted > 0
    }

    /// Appends records for `drafts`, in order, inside the caller's transaction, under the audit advisory lock
    /// and the head row's lock (one statement takes both and reads the row): they follow the head row, not the
    /// last stored record, so records deleted from the end leave a gap the next append makes visible. One
    /// statement inserts them all and moves the head row. They are stamped with `stamp()`, read once the lock
    /// is held (so timestamps follow the chain's order). Returns the head found and the records.
    static func appendLocked(_ drafts: [AuditDraft], connection: PostgresConnection, logger: Logger, stamp: () -> Int64)
        async throws -> (found: AuditHead, records: [AuditRecord])
    {
        var head: AuditHead?
        // FOR UPDATE returns the row as last committed even when the lock was waited for mid-statement.
        for try await (sequence, hash) in try await connection.query(
            "SELECT h.sequence, h.hash FROM pg_advisory_xact_lock(\(auditLock)) AS l, audit_head AS h WHERE h.id = 1 FOR UPDATE OF h",
            logger: logger
        ).decode((Int64, String).self) {
            head = AuditHead(sequence: sequence, hash: hash)
        }
        guard let found = head else { throw StoreError.missingAuditHead }
        let records = chain(drafts, after: found, timestamp: stamp())
        guard let last = records.last else { return (found, []) }
        try await connection.query(
            """
            WITH moved AS (UPDATE audit_head SET sequence = \(last.sequence), hash = \(last.hash) WHERE id = 1)
            INSERT INTO audit_log (sequence, timestamp, actor, action, input_digest, result, versions, previous_hash, hash)
            SELECT * FROM unnest(\(records.map(\.sequence))::bigint[], \(records.map(\.timestamp))::bigint[],
                \(records.map(\.actor))::text[], \(records.map(\.action))::text[], \(records.map(\.inputDigest))::text[],
                \(records.map(\.result))::text[], \(records.map(\.versions))::text[], \(records.map(\.previousHash))::text[],
                \(records.map(\.hash))::text[])
            """, logger: logger)
        return (found, records)
    }
}
