import Audit

/// Group commit for audit appends (`GroupCommit`): appends that arrive while a batch is being written are
/// written together as the next batch, each caller's drafts contiguous and in order.
struct AuditGroupCommit: Sendable {
    /// Writes `drafts` after the chain's head in one transaction and returns their records, in order.
    typealias Write = @Sendable ([AuditDraft]) async throws(StoreError) -> [AuditRecord]

    /// The most records one batch gathers (one caller's group is never split, so a batch may hold more).
    static let defaultMaximumBatch = 256

    private let commits: GroupCommit<[AuditDraft], [AuditRecord]>

    /// A group commit writing its batches with `write`, at most `maximumBatch` records each.
    init(maximumBatch: Int = AuditGroupCommit.defaultMaximumBatch, write: @escaping Write) {
        commits = GroupCommit(maximumBatch: maximumBatch, weight: \.count) { groups throws(StoreError) in
            let records = try await write(groups.flatMap { $0 })
            let expected = groups.reduce(0) { $0 + $1.count }
            guard records.count == expected else {
                throw StoreError(.database, "an audit batch of \(expected) records was written as \(records.count) records")
            }
            var start = 0
            return groups.map { group in
                defer { start += group.count }
                return .success(Array(records[start..<(start + group.count)]))
            }
        }
    }

    /// Appends `drafts` together (contiguous, in order, all or none) in the next batch; returns their records
    /// once that batch committed.
    func append(_ drafts: [AuditDraft]) async throws(StoreError) -> [AuditRecord] {
        guard !drafts.isEmpty else { return [] }
        return try await commits.submit(drafts).get()
    }
}
