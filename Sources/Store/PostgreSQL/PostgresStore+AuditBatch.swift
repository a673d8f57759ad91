import Audit
import Logging
import PostgresNIO
import Synchronization

/// The chain's head as this store's last batch left it, and whether another writer was seen appending
/// since: only a hint. A batch written after the head says so in the statement itself (the head row must
/// still hold it), and anything else takes the locked path, which reads the head row.
final class AuditHeadHint: Sendable {
    private struct State {
        var head: AuditHead?
        var shared = false
    }

    private let state = Mutex(State())

    /// The head to try the next batch after in one statement: nil before the first batch, and while another
    /// writer appends too (the statement would mostly find the head moved, and wait for a commit to learn it).
    var expected: AuditHead? { state.withLock { $0.shared ? nil : $0.head } }

    /// Remembers the head a batch left; `found` is the head the locked path read (nil for a one-statement
    /// batch): another writer appended since this store's last batch if it is not the head that batch left.
    func wrote(_ last: AuditRecord, found: AuditHead?) {
        state.withLock { state in
            if let found { state.shared = state.head != nil && found != state.head }
            state.head = AuditHead(sequence: last.sequence, hash: last.hash)
        }
    }
}

extension PostgresStore {
    /// How a one-statement batch went.
    enum HeadedAppend: Equatable {
        /// Every record was inserted and the head row moved to the last.
        case appended
        /// Nothing was written: another writer had moved the head row here.
        case moved(AuditHead)
    }

    /// Writes one group commit's drafts.
    ///
    /// Once the store has seen the head, the batch is tried as ONE statement (one round trip, its own
    /// transaction and commit): it waits for the audit lock and the head row as the locked path does, and
    /// moves the row and inserts the records only if the row holds the head the records were chained
    /// after; the lock is never held while the client computes or a message crosses the network. When
    /// another writer appended meanwhile (or before the first batch, or while another writer was last seen
    /// appending: `AuditHeadHint`), the batch takes the locked path: a
    /// transaction queues for the lock, takes the head row, reads the head and appends after it. Retrying
    /// the one statement instead would let a writer with batches ready win every time against one that
    /// must chain again; the lock's queue serves them in turn. Either way the records follow the head row,
    /// nobody appends between the read of the head they were chained after and their commit, and they are
    /// stamped after that read, so timestamps follow the chain's order as under the lock.
    static func appendBatch(
        _ drafts: [AuditDraft], leases: PostgresLeases, logger: Logger, now: @escaping @Sendable () -> Int64, hint: AuditHeadHint
    ) async throws(StoreError) -> [AuditRecord] {
        do {
            if let head = hint.expected {
                let records = chain(drafts, after: head, timestamp: now())
                guard let last = records.last else { return [] }
                let appended = try await leases.withConnection { connection in
                    try await appendIfHead(head, records: records, last: last, connection: connection, logger: logger)
                }
                if appended == .appended {
                    hint.wrote(last, found: nil)
                    return records
                }
            }
            let (found, records) = try await leases.withTransaction(logger: logger) { connection in
                try await appendReadingHead(drafts, connection: connection, logger: logger, stamp: now)
            }
            if let last = records.last { hint.wrote(last, found: found) }
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

    /// One statement: takes the audit lock and then the head row (waiting for them like the locked path, in
    /// the same order, so it cannot deadlock with it), and if the row holds `head`, moves it to `last` and
    /// inserts `records`; otherwise writes nothing and answers the head row as it found it (FOR UPDATE
    /// returns the row as last committed, even when the lock was waited for mid-statement).
    static func appendIfHead(
        _ head: AuditHead, records: [AuditRecord], last: AuditRecord, connection: PostgresConnection, logger: Logger
    ) async throws -> HeadedAppend {
        var outcome: (inserted: Int64, sequence: Int64?, hash: String?) = (-1, nil, nil)
        for try await row in try await connection.query(
            """
            WITH found AS (
                SELECT h.sequence, h.hash FROM pg_advisory_xact_lock(\(auditLock)) AS l, audit_head AS h WHERE h.id = 1 FOR UPDATE OF h),
            moved AS (
                UPDATE audit_head SET sequence = \(last.sequence), hash = \(last.hash)
                WHERE id = 1 AND EXISTS (SELECT 1 FROM found WHERE found.sequence = \(head.sequence) AND found.hash = \(head.hash))
                RETURNING 1),
            inserted AS (
                INSERT INTO audit_log (sequence, timestamp, actor, action, input_digest, result, versions, previous_hash, hash)
                SELECT * FROM unnest(\(records.map(\.sequence))::bigint[], \(records.map(\.timestamp))::bigint[],
                    \(records.map(\.actor))::text[], \(records.map(\.action))::text[], \(records.map(\.inputDigest))::text[],
                    \(records.map(\.result))::text[], \(records.map(\.versions))::text[], \(records.map(\.previousHash))::text[],
                    \(records.map(\.hash))::text[])
                WHERE EXISTS (SELECT 1 FROM moved)
                RETURNING 1)
            SELECT (SELECT count(*) FROM inserted), (SELECT sequence FROM found), (SELECT hash FROM found)
            """, logger: logger
        ).decode((Int64, Int64?, String?).self) {
            outcome = row
        }
        switch outcome {
        case (Int64(records.count), let sequence, let hash) where sequence == head.sequence && hash == head.hash:
            return .appended
        case (0, let sequence?, let hash?) where AuditHead(sequence: sequence, hash: hash) != head:
            return .moved(AuditHead(sequence: sequence, hash: hash))
        case (0, nil, _), (0, _, nil):
            throw StoreError.missingAuditHead
        case (let inserted, let sequence, let hash):
            throw StoreError(
                .database, "an audit batch of \(records.count) records after record \(head.sequence) was inserted as \(inserted) records "
                    + "(the head row read \(sequence.map(String.init) ?? "nothing") \(hash ?? ""))")
        }
    }

    /// Appends records for `drafts`, in order, inside the caller's transaction, under the audit advisory lock
    /// and the head row's lock (one statement takes both and reads the row): they follow the head row, not the
    /// last stored record, so records deleted from the end leave a gap the next append makes visible. One
    /// statement inserts them all and moves the head row. They are stamped with `stamp()`, read once the lock
    /// is held (so timestamps follow the chain's order).
    static func append(_ drafts: [AuditDraft], connection: PostgresConnection, logger: Logger, stamp: () -> Int64)
        async throws -> [AuditRecord]
    {
        try await appendReadingHead(drafts, connection: connection, logger: logger, stamp: stamp).records
    }

    /// `append`, answering also the head it found.
    static func appendReadingHead(_ drafts: [AuditDraft], connection: PostgresConnection, logger: Logger, stamp: () -> Int64)
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
