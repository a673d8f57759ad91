/// Grouped API-key lookups: lookups that arrive while one read is under way wait together and are answered
/// by the next read, one query for all of them (each distinct secret hash asked once).
///
/// The guarantee is a lone lookup's: a read starts only after every lookup in it arrived, so a key revoked
/// (committed) before a request arrives is refused to that request. A read that fails fails every lookup
/// in it; nothing is answered from an earlier read.
actor KeyLookupBatch {
    /// The stored, unrevoked keys among `secretHashes`, by secret hash (a hash without a key is absent).
    typealias Read = @Sendable ([String]) async throws(StoreError) -> [String: APIKeyRecord]

    /// The most distinct secret hashes one read asks for.
    static let defaultMaximumBatch = 256

    private struct Waiter {
        let secretHash: String
        let continuation: CheckedContinuation<Result<APIKeyRecord?, StoreError>, Never>
    }

    private let read: Read
    private let maximumBatch: Int
    private var waiting: [Waiter] = []
    private var reading = false

    /// Lookups answered by `read`, at most `maximumBatch` distinct hashes a read.
    init(maximumBatch: Int = KeyLookupBatch.defaultMaximumBatch, read: @escaping Read) {
        self.maximumBatch = max(1, maximumBatch)
        self.read = read
    }

    /// The unrevoked key whose secret hashes to `secretHash`, or nil, as the next read finds it.
    func key(secretHash: String) async throws(StoreError) -> APIKeyRecord? {
        try await withCheckedContinuation { continuation in
            waiting.append(Waiter(secretHash: secretHash, continuation: continuation))
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
            var hashes: [String] = []
            var asked: Set<String> = []
            var taken = 0
            for waiter in waiting {
                if !asked.contains(waiter.secretHash) {
                    if hashes.count == maximumBatch { break }
                    asked.insert(waiter.secretHash)
                    hashes.append(waiter.secretHash)
                }
                taken += 1
            }
            let batch = waiting.prefix(taken)
            waiting.removeFirst(taken)
            let outcome: Result<[String: APIKeyRecord], StoreError>
            do {
                outcome = .success(try await read(hashes))
            } catch {
                outcome = .failure(error)
            }
            for waiter in batch {
                waiter.continuation.resume(returning: outcome.map { $0[waiter.secretHash] })
            }
        }
        reading = false
    }
}
