import Audit
import Foundation
import Store
import Testing

/// Audit fields that any text round-trips through, on both backends.
@Suite struct AuditFieldStoreTests {
    static let odd = [
        "/artifacts/x\u{0}y", "\u{0}\u{1}\u{2}\u{1F}\u{7F}", "tab\tnew\nline\r", "back\\slash \\x00", "\u{202E}中国 ü 🇺🇸 e\u{301} \u{FEFF}",
        String(repeating: "long ", count: 200_000),
    ]

    @Test("records holding NUL, other C0 characters, odd Unicode and very long fields read back exactly and the chain verifies", arguments: Backend.allCases)
    func oddFieldsRoundTrip(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        for text in Self.odd {
            let written = try await store.appendAudit(AuditDraft(actor: text, action: "gate.deny", inputDigest: text, result: text, versions: text))
            let read = try #require(try await store.auditRecords(after: written.sequence - 1, limit: 1).first)
            #expect(read == written)
            #expect(AuditText.decode(read.result) == text)
            #expect(AuditText.decode(read.actor) == text)
        }
        _ = try await store.appendAudit(StoreTests.draft("screen"))
        let report = try await store.verifyAnchoredAudit(pageSize: 2)
        #expect(report.isIntact, "\(report.firstProblem ?? "")")
        #expect(report.chain.checked == Self.odd.count + 1)
    }

    @Test("a batch holding a record with a NUL and a normal one keeps both, in order", arguments: Backend.allCases)
    func batchKeepsEveryRecord(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        try await store.appendAudits([
            AuditDraft(actor: "gate", action: "gate.deny", input: Data("x\u{0}y".utf8), result: "refused /artifacts/x\u{0}y: no token", versions: ""),
            AuditDraft(actor: "gate", action: "gate.release", input: Data("weights".utf8), result: "released weights under az_1", versions: ""),
        ])
        let records = try await store.auditRecords(after: 0, limit: 10)
        #expect(records.map(\.action) == ["gate.deny", "gate.release"])
        #expect(AuditText.decode(records[0].result) == "refused /artifacts/x\u{0}y: no token")
        #expect(try await store.verifyAnchoredAudit().isIntact)
    }
}

/// The end of the chain is anchored by the head row, signed checkpoints and an exported checkpoint.
@Suite struct AuditAnchorStoreTests {
    static let kek = try! KeyEncryptionKey(bytes: Data(repeating: 3, count: 32), path: "test-kek")

    /// A store with 12 records and a checkpoint over record 12.
    static func anchored(_ backend: Backend) async throws -> (test: TestStore, checkpoint: AuditCheckpoint) {
        let test = try await AuditTamperingTests.filled(backend)
        let checkpoint = try await checkpoint(test.store)
        #expect(checkpoint.sequence == 13, "the audit key's creation is record 13")
        #expect(try await test.store.verifyAnchoredAudit().isIntact)
        return (test, checkpoint)
    }

    /// Signs the head of `store` the way `AuditCheckpointer` does (the audit key made on first use, sealed).
    static func checkpoint(_ store: any Store, at time: Int64 = 1_764_000_000_000) async throws -> AuditCheckpoint {
        let key: AuditSigningKey
        if let stored = try await store.auditKeys().first {
            key = try AuditSigningKey(id: stored.id, privateKeyBytes: try kek.open(stored.sealedKey, context: stored.id, keyID: stored.id))
        } else {
            key = AuditSigningKey.generate()
            _ = try await store.addFirstAuditKey(
                AuditKeyRecord(
                    id: key.id, publicKey: key.publicKey.base64EncodedString(), sealedKey: try kek.seal(key.privateKeyBytes, context: key.id),
                    createdAt: time),
                audit: StoreTests.draft("audit-key.create"))
        }
        let head = try #require(try await store.auditHead())
        let checkpoint = try AuditCheckpoint(sequence: head.sequence, headHash: head.hash, signedAt: time, key: key)
        try await store.addAuditCheckpoint(checkpoint)
        return checkpoint
    }

    @Test("deleting the last record, the last three, or all of them is reported as missing records", arguments: Backend.allCases)
    func deletingTheEndIsCaught(backend: Backend) async throws {
        for (condition, first) in [("sequence = 12", Int64(12)), ("sequence > 9", 10), ("1 = 1", 1)] {
            let test = try await AuditTamperingTests.filled(backend)
            try await test.execute("DELETE FROM audit_log WHERE \(condition)")
            let report = try await test.store.verifyAnchoredAudit()
            #expect(!report.isIntact)
            #expect(report.missing == first...12, "\(condition)")
            let expected = first == 12 ? "record 12 is missing" : "records \(first)–12 are missing"
            #expect(report.firstProblem?.contains(expected) == true, "\(report.firstProblem ?? "")")
            #expect(report.firstProblem?.contains("the chain head row records 12") == true)
        }
    }

    @Test("records appended after the end was cut leave a gap the chain walk names", arguments: Backend.allCases)
    func appendingAfterACutShowsTheGap(backend: Backend) async throws {
        let test = try await AuditTamperingTests.filled(backend)
        try await test.execute("DELETE FROM audit_log WHERE sequence > 9")
        _ = try await test.store.appendAudit(StoreTests.draft("screen"))
        let report = try await test.store.verifyAnchoredAudit()
        #expect(report.chain.firstBreak == .sequenceGap(expected: 10, found: 13))
    }

    @Test("deleting the end and forging the head row too is caught by the last checkpoint", arguments: Backend.allCases)
    func forgedHeadIsCaughtByTheCheckpoint(backend: Backend) async throws {
        let (test, checkpoint) = try await Self.anchored(backend)
        let records = try await test.store.auditRecords(after: 0, limit: 100)
        try await test.execute("DELETE FROM audit_log WHERE sequence > 10")
        try await test.execute("UPDATE audit_head SET sequence = 10, hash = '\(records[9].hash)' WHERE id = 1")
        let report = try await test.store.verifyAnchoredAudit()
        #expect(!report.isIntact)
        #expect(report.chain.isIntact, "the shortened chain is intact in itself")
        #expect(report.missing == 11...13)
        let problem = try #require(report.firstProblem)
        #expect(problem.hasPrefix("records 11–13 are missing: checkpoint signed at \(AuditCheckpoint.utc(checkpoint.signedAt))"), "\(problem)")
        #expect(problem.hasSuffix("covers record 13, the chain ends at 10"), "\(problem)")
    }

    @Test("cutting below an exported checkpoint and forging everything in the store is caught by the exported checkpoint", arguments: Backend.allCases)
    func exportedCheckpointCatchesAForgedStore(backend: Backend) async throws {
        let (test, exported) = try await Self.anchored(backend)
        let records = try await test.store.auditRecords(after: 0, limit: 100)
        try await test.execute("DELETE FROM audit_log WHERE sequence > 8")
        try await test.execute("DELETE FROM audit_checkpoints")
        try await test.execute("UPDATE audit_head SET sequence = 8, hash = '\(records[7].hash)' WHERE id = 1")
        #expect(try await test.store.verifyAnchoredAudit().isIntact, "without the exported checkpoint the forgery holds")
        let report = try await test.store.verifyAnchoredAudit(external: exported, externalSource: "cp.json")
        #expect(!report.isIntact)
        #expect(report.missing == 9...13)
        #expect(report.firstProblem?.contains("records 9–13 are missing: cp.json (signed at") == true, "\(report.firstProblem ?? "")")

        let replaced = try await Self.anchored(backend)
        try await replaced.test.execute("DELETE FROM audit_keys")
        try await replaced.test.execute("DELETE FROM audit_checkpoints")
        _ = try await Self.checkpoint(replaced.test.store)
        let rekeyed = try await replaced.test.store.verifyAnchoredAudit(external: replaced.checkpoint, externalSource: "cp.json")
        #expect(rekeyed.isIntact == false)
        #expect(rekeyed.problems.contains { $0.description.contains("that signed cp.json (signed at") && $0.description.contains("is not in the store") })

        let swapped = try await Self.anchored(backend)
        let impostor = AuditSigningKey.generate().publicKey.base64EncodedString()
        try await swapped.test.execute("UPDATE audit_keys SET public_key = '\(impostor)'")
        let swappedReport = try await swapped.test.store.verifyAnchoredAudit(external: swapped.checkpoint, externalSource: "cp.json")
        #expect(swappedReport.problems.contains { $0.description.contains("is not the key that signed cp.json") }, "\(swappedReport.problems)")
        #expect(swappedReport.problems.contains { $0.description.contains("over record 13 does not verify") }, "stored checkpoints fail with the swapped key")
    }

    @Test("a checkpoint whose record was replaced, and a tampered checkpoint signature, are reported", arguments: Backend.allCases)
    func tamperedCheckpointsAreReported(backend: Backend) async throws {
        let (test, checkpoint) = try await Self.anchored(backend)
        try await test.execute("UPDATE audit_checkpoints SET sequence = 5")
        var report = try await test.store.verifyAnchoredAudit()
        #expect(report.problems.contains { $0.description.contains("over record 5 does not verify") }, "\(report.problems)")
        try await test.execute("UPDATE audit_checkpoints SET sequence = 13, signature = '\(Data(repeating: 1, count: 64).base64EncodedString())'")
        report = try await test.store.verifyAnchoredAudit()
        #expect(!report.isIntact)
        #expect(report.problems.contains { $0.description.contains("over record 13 does not verify") })

        let forged = try AuditCheckpoint(
            sequence: checkpoint.sequence, headHash: String(repeating: "f", count: 64), signedAt: checkpoint.signedAt,
            key: AuditSigningKey.generate())
        report = try await test.store.verifyAnchoredAudit(external: forged, externalSource: "forged.json")
        #expect(report.problems.contains { $0.description.contains("forged.json") }, "\(report.problems)")
    }

    @Test("a removed head row is reported, and nothing more is appended until it is restored", arguments: Backend.allCases)
    func missingHeadRow(backend: Backend) async throws {
        let test = try await AuditTamperingTests.filled(backend)
        try await test.execute("DELETE FROM audit_head")
        #expect(try await test.store.verifyAnchoredAudit().problems.contains(.headMissing))
        await #expect(throws: StoreError.self) { _ = try await test.store.appendAudit(StoreTests.draft("screen")) }
        #expect(try await test.store.auditRecords(after: 0, limit: 100).count == 12)
    }
}
