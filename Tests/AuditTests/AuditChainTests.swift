import Audit
import Foundation
import Testing

/// The hash chain: canonical encoding, and verification naming the first bad record.
@Suite struct AuditChainTests {
    static func chain(_ count: Int) -> [AuditRecord] {
        var records: [AuditRecord] = []
        for index in 0..<count {
            let draft = AuditDraft(
                actor: "key_\(index % 3)", action: index.isMultiple(of: 2) ? "screen" : "determine",
                input: Data("input \(index)".utf8), result: "result \(index)", versions: "ofac-sdn 2023-12-28")
            records.append(draft.record(after: records.last.map { ($0.sequence, $0.hash) }, timestamp: 1_700_000_000_000 + Int64(index)))
        }
        return records
    }

    @Test func anIntactChainVerifies() {
        let records = Self.chain(50)
        let report = AuditChain.verify(records)
        #expect(report.isIntact)
        #expect(report.checked == 50)
        #expect(report.headHash == records.last?.hash)
        #expect(records.first?.previousHash == AuditRecord.genesisHash)
    }

    @Test func theHashCoversEveryFieldAndTheEncodingIsUnambiguous() {
        let base = AuditRecord(sequence: 1, timestamp: 5, actor: "ab", action: "c", inputDigest: "d", result: "e", versions: "f", previousHash: AuditRecord.genesisHash)
        let shifted = AuditRecord(sequence: 1, timestamp: 5, actor: "a", action: "bc", inputDigest: "d", result: "e", versions: "f", previousHash: AuditRecord.genesisHash)
        #expect(base.hash != shifted.hash)
        #expect(base.hash.count == 64)
        var changed = base
        changed.result = "E"
        #expect(changed.computedHash != base.hash)
    }

    @Test func anAlteredRecordIsNamed() {
        var records = Self.chain(10)
        records[6].result = "no matches"
        #expect(AuditChain.verify(records).firstBreak == .alteredRecord(sequence: 7))
    }

    @Test func aRecordAlteredAndRehashedBreaksTheNextLink() {
        var records = Self.chain(10)
        records[3].actor = "someone else"
        records[3].hash = records[3].computedHash
        #expect(AuditChain.verify(records).firstBreak == .brokenLink(sequence: 5))
    }

    @Test func aDeletedRecordIsNamed() {
        var records = Self.chain(10)
        records.remove(at: 4)
        #expect(AuditChain.verify(records).firstBreak == .sequenceGap(expected: 5, found: 6))
    }

    @Test func anInsertedRecordIsNamed() {
        var records = Self.chain(10)
        var forged = records[2]
        forged.sequence = 4
        forged.hash = forged.computedHash
        records.insert(forged, at: 3)
        for index in 4..<records.count { records[index].sequence += 1 }
        let report = AuditChain.verify(records)
        #expect(report.firstBreak?.sequence == 4)
    }

    @Test func verifyingInPagesEqualsVerifyingAtOnce() {
        var records = Self.chain(30)
        records[21].versions = "tampered"
        var report: AuditChain.Report?
        for page in stride(from: 0, to: records.count, by: 7) {
            report = AuditChain.verify(records[page..<min(page + 7, records.count)], continuing: report)
        }
        #expect(report == AuditChain.verify(records))
        #expect(report?.firstBreak == .alteredRecord(sequence: 22))
    }
}
