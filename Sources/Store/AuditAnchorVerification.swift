import Audit

/// What `verifyAnchoredAudit` found: the hash chain's walk, and every way its end disagrees with the
/// head row and the signed checkpoints.
public struct AuditAnchorReport: Sendable {
    /// The chain walk (records checked, the first break, the last good hash).
    public var chain: AuditChain.Report
    /// The highest sequence stored (0: no records), whatever the chain walk found.
    public var chainEnd: Int64
    /// The head row, or nil when it is missing.
    public var head: AuditHead?
    /// How many checkpoints were checked (stored ones, and the external one when given).
    public var checkpointsChecked: Int
    /// The stored checkpoint with the highest sequence whose signature verifies.
    public var lastCheckpoint: AuditCheckpoint?
    /// Everything wrong with the end of the chain, the head and the checkpoints, most telling first.
    public var problems: [AuditAnchorProblem]

    /// The chain is intact and its end agrees with the head row and every checkpoint.
    public var isIntact: Bool { chain.isIntact && problems.isEmpty }

    /// The widest range of records known to be missing from the end, or nil.
    public var missing: ClosedRange<Int64>? {
        problems.compactMap { problem -> ClosedRange<Int64>? in
            if case .missingRecords(let first, let last, _) = problem { return first...last }
            return nil
        }.max { $0.upperBound < $1.upperBound }
    }

    /// One sentence for the first thing wrong (the chain break first), or nil when intact.
    public var firstProblem: String? {
        chain.firstBreak?.description ?? problems.first?.description
    }
}

/// One way the chain's end disagrees with its anchors.
public enum AuditAnchorProblem: Sendable, Hashable, CustomStringConvertible {
    /// Records `first...last` are gone from the end: `evidence` (the head row or a checkpoint) covers `last`.
    case missingRecords(first: Int64, last: Int64, evidence: String)
    /// The head row is missing.
    case headMissing
    /// The head row names the last stored record with another hash, or records stand after the head.
    case headDisagrees(String)
    /// A checkpoint's signature does not verify, or its key is unknown.
    case badCheckpoint(String)
    /// A checkpoint says its record had another hash than the stored one.
    case replacedRecord(sequence: Int64, evidence: String)

    public var description: String {
        switch self {
        case .missingRecords(let first, let last, let evidence):
            (first == last ? "record \(first) is missing: " : "records \(first)–\(last) are missing: ") + evidence
        case .headMissing:
            "the chain head row (audit_head) is missing: it was removed, so the end of the chain cannot be checked against it"
        case .headDisagrees(let problem), .badCheckpoint(let problem): problem
        case .replacedRecord(let sequence, let evidence):
            "record \(sequence) was replaced: \(evidence)"
        }
    }
}

extension Store {
    /// Verifies the whole audit record: the hash chain (page by page), the head row against the last
    /// record, every stored checkpoint's signature and the hash of the record at its sequence, and
    /// `external` (a checkpoint an auditor kept outside the store; `externalSource` names it) the same way.
    ///
    /// A chain cut at its end is caught by the head row; one whose head row was forged too, by the last
    /// checkpoint; one whose checkpoints were removed as well, by the external checkpoint.
    public func verifyAnchoredAudit(
        external: AuditCheckpoint? = nil, externalSource: String = "the exported checkpoint", pageSize: Int = 10_000
    ) async throws(StoreError) -> AuditAnchorReport {
        // Records are appended while this runs (other requests, other processes), each with the head row in its
        // transaction, and the reads below are separate: the head is read before the walk (every record up to it
        // must be there) and after it (no record may stand past it), so an append during the walk is not taken
        // for records missing or added outside the store.
        let headBefore = try await auditHead()
        let stored = try await auditCheckpoints()
        let keys = Dictionary(try await auditKeys().map { ($0.id, $0.publicKey) }, uniquingKeysWith: { first, _ in first })
        let wanted = Set(stored.map(\.sequence) + (external.map { [$0.sequence] } ?? []) + (headBefore.map { [$0.sequence] } ?? []))
        var hashes: [Int64: String] = [:]
        var chain = AuditChain.verify([AuditRecord]())
        var end: Int64 = 0
        var endHash = AuditRecord.genesisHash
        while true {
            let page = try await auditRecords(after: end, limit: pageSize)
            guard let last = page.last else { break }
            chain = AuditChain.verify(page, continuing: chain)
            for record in page where wanted.contains(record.sequence) { hashes[record.sequence] = record.hash }
            end = last.sequence
            endHash = last.hash
        }
        let headAfter = try await auditHead()
        let head = headAfter ?? headBefore
        var report = AuditAnchorReport(
            chain: chain, chainEnd: end, head: head, checkpointsChecked: 0, lastCheckpoint: nil, problems: [])
        let endsAt = end == 0 ? "the chain is empty" : "the chain ends at \(end)"

        if let external {
            report.checkpointsChecked += 1
            let what = "\(externalSource) (signed at \(AuditCheckpoint.utc(external.signedAt)))"
            if !external.hasValidSignature() {
                report.problems.append(.badCheckpoint("\(what) does not verify with its own public key: it was altered"))
            } else {
                if let storeKey = keys[external.keyID], storeKey != external.publicKey {
                    report.problems.append(
                        .badCheckpoint("the store's audit key \(external.keyID) is not the key that signed \(what): it was replaced"))
                } else if keys[external.keyID] == nil {
                    report.problems.append(
                        .badCheckpoint("the audit key \(external.keyID) that signed \(what) is not in the store: it was removed or replaced"))
                }
                Self.check(external, evidence: "\(what) covers record \(external.sequence), \(endsAt)", end: end, hashes: hashes, into: &report)
            }
        }

        var latest: AuditCheckpoint?
        for checkpoint in stored {
            report.checkpointsChecked += 1
            let what = "checkpoint signed at \(AuditCheckpoint.utc(checkpoint.signedAt)) with \(checkpoint.keyID)"
            guard keys[checkpoint.keyID] != nil else {
                report.problems.append(.badCheckpoint("\(what) over record \(checkpoint.sequence) names an audit key the store does not have"))
                continue
            }
            guard checkpoint.hasValidSignature() else {
                report.problems.append(
                    .badCheckpoint("\(what) over record \(checkpoint.sequence) does not verify: its signature or fields were altered"))
                continue
            }
            latest = checkpoint
            if checkpoint.sequence <= end {
                Self.check(checkpoint, evidence: what, end: end, hashes: hashes, into: &report)
            }
        }
        report.lastCheckpoint = latest
        if let latest, latest.sequence > end {
            let what = "checkpoint signed at \(AuditCheckpoint.utc(latest.signedAt)) with \(latest.keyID)"
            report.problems.append(.missingRecords(first: end + 1, last: latest.sequence, evidence: "\(what) covers record \(latest.sequence), \(endsAt)"))
        }

        if let headAfter {
            // A store whose first record was appended during the walk had no head row before it.
            let headBefore = headBefore ?? headAfter
            if headBefore.sequence > end {
                report.problems.append(
                    .missingRecords(
                        first: end + 1, last: headBefore.sequence, evidence: "the chain head row records \(headBefore.sequence), \(endsAt)"))
            } else if headAfter.sequence < end {
                report.problems.append(
                    .headDisagrees(
                        "records \(headAfter.sequence + 1)–\(end) stand after the chain head row (\(headAfter.sequence)): they were added outside the store"))
            } else if headBefore.sequence > 0, hashes[headBefore.sequence] != headBefore.hash {
                let stored = hashes[headBefore.sequence].map { "the stored record has \($0)" } ?? "the walk did not read that record"
                report.problems.append(
                    .headDisagrees("the chain head row gives record \(headBefore.sequence) the hash \(headBefore.hash), but \(stored)"))
            } else if headAfter.sequence == end, headAfter.hash != endHash {
                report.problems.append(
                    .headDisagrees("the chain head row gives record \(end) the hash \(headAfter.hash), but the stored record has \(endHash)"))
            }
        } else {
            report.problems.append(.headMissing)
        }
        report.problems.sort { Self.rank($0) < Self.rank($1) }
        return report
    }

    /// Checks a validly signed checkpoint against the stored chain: its record must exist with its hash.
    private static func check(
        _ checkpoint: AuditCheckpoint, evidence: String, end: Int64, hashes: [Int64: String], into report: inout AuditAnchorReport
    ) {
        if checkpoint.sequence > end {
            report.problems.append(.missingRecords(first: end + 1, last: checkpoint.sequence, evidence: evidence))
        } else if checkpoint.sequence > 0, let stored = hashes[checkpoint.sequence], stored != checkpoint.headHash {
            report.problems.append(
                .replacedRecord(sequence: checkpoint.sequence, evidence: "\(evidence) gives it the hash \(checkpoint.headHash), the store has \(stored)"))
        } else if checkpoint.sequence > 0, hashes[checkpoint.sequence] == nil {
            report.problems.append(.missingRecords(first: checkpoint.sequence, last: checkpoint.sequence, evidence: "\(evidence) covers it"))
        }
    }

    private static func rank(_ problem: AuditAnchorProblem) -> Int {
        switch problem {
        case .missingRecords: 0
        case .replacedRecord: 1
        case .badCheckpoint: 2
        case .headDisagrees, .headMissing: 3
        }
    }
}
