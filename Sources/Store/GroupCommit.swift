/// Group commit: writes that arrive while a batch is being written wait together and are written as the
/// next batch, in one transaction (one lock on the audit chain's head, one commit, one flush to disk), in
/// arrival order.
///
/// A waiter is answered only after the transaction holding its item committed. The batch's writer may
/// refuse single items (a replayed nonce) without failing the others; when the transaction itself fails,
/// every waiter in it gets the error: nothing is answered as recorded that is not. One batch is written at
/// a time per group commit; several stores (or processes) on one database still serialise on the
/// database's lock.
actor GroupCommit<Item: Sendable, Answer: Sendable> {
    /// Writes `items` in one transaction; one outcome per item, in order (or throws for the whole batch).
    typealias Write = @Sendable ([Item]) async throws(StoreError) -> [Result<Answer, StoreError>]

    private struct Waiter {
        let item: Item
        let continuation: CheckedContinuation<Result<Answer, StoreError>, Never>
    }

    private let write: Write
    private let weight: @Sendable (Item) -> Int
    private let maximumBatch: Int
    private var waiting: [Waiter] = []
    private var writing = false

    /// A group commit writing its batches with `write`, at most `maximumBatch` weight each (`weight` of an
    /// item: 1 unless given; an item is never split, so a batch of one item may weigh more).
    init(maximumBatch: Int = 256, weight: @escaping @Sendable (Item) -> Int = { _ in 1 }, write: @escaping Write) {
        self.maximumBatch = max(1, maximumBatch)
        self.weight = weight
        self.write = write
    }

    /// Writes `item` in the next batch; its outcome once that batch committed.
    func submit(_ item: Item) async -> Result<Answer, StoreError> {
        await withCheckedContinuation { continuation in
            waiting.append(Waiter(item: item, continuation: continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    /// Writes batches until nobody waits.
    private func drain() async {
        while !waiting.isEmpty {
            var taken = 0
            var total = 0
            for waiter in waiting {
                let next = weight(waiter.item)
                if taken > 0 && total + next > maximumBatch { break }
                taken += 1
                total += next
            }
            let batch = Array(waiting.prefix(taken))
            waiting.removeFirst(taken)
            let outcomes: [Result<Answer, StoreError>]
            do {
                outcomes = try await write(batch.map(\.item))
            } catch {
                outcomes = Array(repeating: .failure(error), count: batch.count)
            }
            guard outcomes.count == batch.count else {
                let error = StoreError(.database, "a batch of \(batch.count) writes was answered with \(outcomes.count) outcomes")
                for waiter in batch { waiter.continuation.resume(returning: .failure(error)) }
                continue
            }
            for (waiter, outcome) in zip(batch, outcomes) { waiter.continuation.resume(returning: outcome) }
        }
        writing = false
    }
}
