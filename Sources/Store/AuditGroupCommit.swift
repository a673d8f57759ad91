import Audit

/// Group commit for audit appends: appends that arrive while a batch is being written wait together
/// and are written as the next batch, in one transaction (one lock on the chain's head, one commit,
/// one flush to disk), in arrival order.
///
/// A waiter is answered only after the transaction holding its records committed. When that
/// transaction fails, every waiter in it gets the error: nothing is answered as recorded that is not.
/// One batch is written at a time per store; several stores (or processes) on one database still
/// serialise on the database's lock, each batch following the head row it finds there.
actor AuditGroupCommit {
    /// Writes `drafts` after the chain's head in one transaction and returns their records, in order.
    typealias Write = @Sendable ([AuditDraft]) async throws(StoreError) -> [AuditRecord]

    /// The most records one batch gathers (one caller's group is never split, so a batch may hold more).
    static let defaultMaximumBatch = 256

    private struct Waiter {
        let drafts: [AuditDraft]
        let continuation: CheckedContinuation<Result<[AuditRecord], StoreError>, Never>
    }

    private let write: Write
    private let maximumBatch: Int
    private var waiting: [Waiter] = []
    private var writing = false

    /// A group commit writing its batches with `write`, at most `maximumBatch` records each.
    init(maximumBatch: Int = AuditGroupCommit.defaultMaximumBatch, write: @escaping Write) {
        self.maximumBatch = max(1, maximumBatch)
        self.write = write
    }

    /// Appends `drafts` together (contiguous, in order, all or none) in the next batch; returns their records
    /// once that batch committed.
    func append(_ drafts: [AuditDraft]) async throws(StoreError) -> [AuditRecord] {
        guard !drafts.isEmpty else { return [] }
        return try await withCheckedContinuation { continuation in
            waiting.append(Waiter(drafts: drafts, continuation: continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }.get()
    }

    /// Writes batches until nobody waits.
    private func drain() async {
        while !waiting.isEmpty {
            var taken = 0
            var count = 0
            for waiter in waiting {
                if taken > 0 && count + waiter.drafts.count > maximumBatch { break }
                taken += 1
                count += waiter.drafts.count
            }
            let batch = Array(waiting.prefix(taken))
            waiting.removeFirst(taken)
            let drafts = batch.flatMap(\.drafts)
            let outcome: Result<[AuditRecord], StoreError>
            do {
                outcome = .success(try await write(drafts))
            } catch {
                outcome = .failure(error)
            }
            Self.answer(batch, with: outcome, expecting: drafts.count)
        }
        writing = false
    }

    /// Hands each waiter its own records, or every waiter the batch's error.
    private static func answer(_ batch: [Waiter], with outcome: Result<[AuditRecord], StoreError>, expecting count: Int) {
        switch outcome {
        case .success(let records) where records.count == count:
            var start = 0
            for waiter in batch {
                let end = start + waiter.drafts.count
                waiter.continuation.resume(returning: .success(Array(records[start..<end])))
                start = end
            }
        case .success(let records):
            let error = StoreError(.database, "an audit batch of \(count) records was written as \(records.count) records")
            for waiter in batch { waiter.continuation.resume(returning: .failure(error)) }
        case .failure(let error):
            for waiter in batch { waiter.continuation.resume(returning: .failure(error)) }
        }
    }
}
