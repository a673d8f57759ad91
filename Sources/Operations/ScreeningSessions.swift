import Foundation
import Screening
import Synchronization

/// Screening sessions kept between requests over one index, so a request does not allocate and zero a
/// session's scratch memory (sized by the index's names and vocabulary, not by the query) every time.
///
/// A session is taken for one request's queries and put back afterwards; screening is synchronous, so at
/// most one session per thread is ever in use and the pool keeps at most `capacity` idle. A new index
/// (a list import) comes with a new pool: no session outlives the index it was made for.
final class ScreeningSessions: Sendable {
    let screener: Screener
    private let idle: Mutex<[Screener.Session]>
    /// The most idle sessions kept.
    let capacity: Int

    /// A pool over `screener`'s index keeping at most `capacity` idle sessions (by default, one per processor).
    init(screener: Screener, capacity: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)) {
        self.screener = screener
        self.capacity = max(1, capacity)
        idle = Mutex([])
    }

    /// Each query's matches, best first, screened one after the other on one session.
    func screen(_ queries: [ScreeningQuery], options: ScreeningOptions) -> [[Match]] {
        var session = idle.withLock { $0.popLast() } ?? screener.makeSession()
        let results = queries.map { session.screen($0, options: options) }
        idle.withLock { sessions in
            if sessions.count < capacity { sessions.append(session) }
        }
        return results
    }

    /// How many sessions wait to be reused.
    var idleCount: Int { idle.withLock { $0.count } }
}
