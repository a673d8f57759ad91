import Store

/// Runs `body` while a job the test stored keeps its heartbeat the way a running job does (every second), so
/// pages read it as running however long a starved test run takes to ask for them.
func whileHeartbeating<T: Sendable>(
    _ store: any JobStore, job id: String, done: Int, total: Int, _ body: () async throws -> T
) async throws -> T {
    let heartbeat = Task {
        while !Task.isCancelled {
            try? await store.recordJobProgress(id: id, done: done, total: total, at: StoreClock.milliseconds())
            try? await Task.sleep(for: .seconds(1))
        }
    }
    defer { heartbeat.cancel() }
    try await store.recordJobProgress(id: id, done: done, total: total, at: StoreClock.milliseconds())
    return try await body()
}
