/// Checks an audit log's hash chain and names the first record that breaks it.
public enum AuditChain {
    /// Why a record breaks the chain.
    public enum Break: Sendable, Hashable, CustomStringConvertible {
        /// The record's fields do not hash to its stored hash: it was changed.
        case alteredRecord(sequence: Int64)
        /// The record does not point at the hash of the record before it: one was removed, inserted or changed.
        case brokenLink(sequence: Int64)
        /// The sequence skips or repeats numbers: a record was removed or inserted.
        case sequenceGap(expected: Int64, found: Int64)

        /// The sequence number of the first bad record.
        public var sequence: Int64 {
            switch self {
            case .alteredRecord(let sequence), .brokenLink(let sequence): sequence
            case .sequenceGap(_, let found): found
            }
        }

        public var description: String {
            switch self {
            case .alteredRecord(let sequence):
                "record \(sequence) was altered: its fields no longer hash to its stored hash"
            case .brokenLink(let sequence):
                "record \(sequence) does not follow the record before it: a record was removed, inserted or changed"
            case .sequenceGap(let expected, let found):
                "record \(found) follows where record \(expected) was expected: records are missing or inserted"
            }
        }
    }

    /// The outcome of a verification.
    public struct Report: Sendable, Hashable {
        /// Records checked (up to and including the first break).
        public var checked: Int
        /// The first break, or nil when the chain is intact.
        public var firstBreak: Break?
        /// The last good record's hash (the chain head when intact).
        public var headHash: String

        public var isIntact: Bool { firstBreak == nil }
    }

    /// Walks `records` (in sequence order, as stored) and stops at the first break.
    ///
    /// Feed records in pages with `continuing:` to verify a log too large to hold at once.
    public static func verify(_ records: some Sequence<AuditRecord>, continuing report: Report? = nil) -> Report {
        var expected = Int64(report?.checked ?? 0) + 1
        var previous = report?.headHash ?? AuditRecord.genesisHash
        var checked = report?.checked ?? 0
        if let broken = report?.firstBreak { return Report(checked: checked, firstBreak: broken, headHash: previous) }
        for record in records {
            checked += 1
            if record.sequence != expected {
                return Report(checked: checked, firstBreak: .sequenceGap(expected: expected, found: record.sequence), headHash: previous)
            }
            if record.computedHash != record.hash {
                return Report(checked: checked, firstBreak: .alteredRecord(sequence: record.sequence), headHash: previous)
            }
            if record.previousHash != previous {
                return Report(checked: checked, firstBreak: .brokenLink(sequence: record.sequence), headHash: previous)
            }
            previous = record.hash
            expected += 1
        }
        return Report(checked: checked, firstBreak: nil, headHash: previous)
    }
}
