/// Grouped lookups: lookups that arrive while one read is under way wait together and are answered by the
/// next read, one query for all of them (each distinct key asked once).
///
/// The guarantee is a lone lookup's: a read starts only after every lookup in it arrived, so a row changed
/// (committed) before a request arrives is read as changed by that request. A read that fails fails every
/// lookup in it; nothing is answered from an earlier read.
actor LookupBatch<Key: Hashable & Sendable, Value: Sendable> {
    /// The stored values among `keys`, by key (a key without a value is absent).
    typealias Read = @Sendable ([Key]) async throws(StoreError) -> [Key: Value]

    /// The most distinct keys one read asks for.
    static var defaultMaximumBatch: Int { 256 }

    private struct Waiter {
        let key: Key
        let continuation: CheckedContinuation<Result<Value?, StoreError>, Never>
    }

    private let read: Read
    private let maximumBatch: Int
    private var waiting: [Waiter] = []
    private var reading = false

    /// Lookups answered by `read`, at most `maximumBatch` distinct keys a read.
    init(maximumBatch: Int = LookupBatch.defaultMaximumBatch, read: @escaping Read) {
        self.maximumBatch = max(1, maximumBatch)
        self.read = read
    }

    /// The value stored for `key`, or nil, as the next read finds it.
    func value(for key: Key) async throws(StoreError) -> Value? {
        try await withCheckedContinuation { continuation in
            waiting.append(Waiter(key: key, continuation: continuation))
            if !reading {
                reading = true
                Task { await self.drain() }
            }
        }.get()
    }

    /// How many lookups wait for the next read.
    var waitingCount: Int { waiting.count }

    /// Reads until nobody waits.
    private func drain() async {
        while !waiting.isEmpty {
            var keys: [Key] = []
            var asked: Set<Key> = []
            var taken = 0
            for waiter in waiting {
                if !asked.contains(waiter.key) {
                    if keys.count == maximumBatch { break }
                    asked.insert(waiter.key)
                    keys.append(waiter.key)
                }
                taken += 1
            }
            let batch = waiting.prefix(taken)
            waiting.removeFirst(taken)
            let outcome: Result<[Key: Value], StoreError>
            do {
                outcome = .success(try await read(keys))
            } catch {
                outcome = .failure(error)
            }
            for waiter in batch {
                waiter.continuation.resume(returning: outcome.map { $0[waiter.key] })
            }
        }
        reading = false
    }
}

/// API-key lookups by secret hash (a revoked key, or a hash without a key, is absent).
typealias KeyLookupBatch = LookupBatch<String, APIKeyRecord>

extension LookupBatch where Key == String, Value == APIKeyRecord {
    /// The unrevoked key whose secret hashes to `secretHash`, or nil, as the next read finds it.
    func key(secretHash: String) async throws(StoreError) -> APIKeyRecord? {
        try await value(for: secretHash)
    }
}
