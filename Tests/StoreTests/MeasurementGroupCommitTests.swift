import Audit
import Foundation
import Store
import Testing

/// Concurrent measurement intakes share transactions (group commit) and keep every guarantee of one record per
/// transaction: a used nonce refuses only its own record, every record answered as stored is stored with its
/// one audit record, and a batch that cannot be written stores nothing of it.
@Suite struct MeasurementGroupCommitTests {
    /// Records `nonces` at once, one task each; each outcome by its position.
    static func recordConcurrently(_ nonces: [String], on monitor: any MonitorStore) async -> [Int: Result<MeasurementRow, StoreError>] {
        await withTaskGroup(of: (Int, Result<MeasurementRow, StoreError>).self) { group in
            for (index, nonce) in nonces.enumerated() {
                group.addTask {
                    do throws(StoreError) {
                        let row = MonitorStoreTests.measurement(nonce: nonce)
                        let audit = AuditDraft(
                            actor: "lm", action: "monitor.measurement", input: Data("record \(index)".utf8), result: "record \(index)", versions: "")
                        return (index, .success(try await monitor.recordMeasurement(row, audit: audit)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var outcomes: [Int: Result<MeasurementRow, StoreError>] = [:]
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
    }

    @Test("of many concurrent records with some nonces repeated, each nonce is stored once with one audit record; only the repeats are refused, as replays", arguments: Backend.allCases)
    func repeatsAreRefusedOneByOne(backend: Backend) async throws {
        let (test, monitor) = try await MonitorStoreTests.registry(backend)
        _ = try await monitor.recordMeasurement(MonitorStoreTests.measurement(nonce: "old-0"), audit: StoreTests.draft("monitor.measurement"))
        let before = try await test.store.auditRecords(after: 0, limit: 10_000).count
        // 160 fresh nonces, 30 repeats of them and 10 of the nonce stored before, interleaved (71 is prime to 200).
        let ordered = (0..<160).map { "fresh-\($0)" } + (0..<30).map { "fresh-\($0 * 37 % 160)" } + Array(repeating: "old-0", count: 10)
        let nonces = (0..<ordered.count).map { ordered[$0 * 71 % ordered.count] }

        let outcomes = await Self.recordConcurrently(nonces, on: monitor)
        var stored: [String: MeasurementRow] = [:]
        for (index, outcome) in outcomes {
            switch outcome {
            case .success(let row):
                #expect(stored[row.nonce] == nil, "nonce \(row.nonce) answered as stored twice")
                stored[row.nonce] = row
            case .failure(let error):
                #expect(error.kind == .conflict && "\(error)".contains("replayed"), "record \(index) (\(nonces[index])): \(error)")
            }
        }
        #expect(Set(stored.keys) == Set((0..<160).map { "fresh-\($0)" }), "every fresh nonce once, the old one never")
        let rows = try await monitor.measurements(device: "dev-1", before: nil, limit: 1000)
        #expect(rows.count == 161)
        for row in rows where row.nonce != "old-0" { #expect(stored[row.nonce] == row, "stored as answered") }
        let audits = try await test.store.auditRecords(after: 0, limit: 10_000)
        #expect(audits.count == before + 160, "one audit record per stored record, none for a refusal")
        #expect(try await test.store.verifyAnchoredAudit().isIntact)
    }

    @Test("a batch whose audit records cannot be written stores none of its records and answers each as failed", arguments: Backend.allCases)
    func failingBatchStoresNothing(backend: Backend) async throws {
        let (test, monitor) = try await MonitorStoreTests.registry(backend)
        let head = try #require(try await test.store.auditHead()).sequence
        // A row already at head + 6: the batch whose audit records reach it violates the key and rolls back whole.
        try await test.execute(
            """
            INSERT INTO audit_log (sequence, timestamp, actor, action, input_digest, result, versions, previous_hash, hash)
            VALUES (\(head + 6), 0, 'intruder', 'screen', 'x', 'x', 'x', 'x', 'x')
            """)
        let nonces = (0..<40).map { "n-\($0)" }
        let outcomes = await Self.recordConcurrently(nonces, on: monitor)
        let rows = Dictionary(uniqueKeysWithValues: try await monitor.measurements(device: "dev-1", before: nil, limit: 1000).map { ($0.nonce, $0) })
        var answered = 0
        for (index, outcome) in outcomes {
            switch outcome {
            case .success(let row):
                answered += 1
                #expect(rows[row.nonce] == row, "record \(index), answered as stored, is stored as answered")
            case .failure(let error):
                #expect(error.kind != .conflict, "no nonce was repeated: \(error)")
                #expect(rows[nonces[index]] == nil, "record \(index) failed and is not stored")
            }
        }
        #expect(answered <= 5 && answered == rows.count)
        #expect(try await test.store.auditHead()?.sequence == head + Int64(answered))
    }
}
