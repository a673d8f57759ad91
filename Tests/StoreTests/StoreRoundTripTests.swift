import Audit
import Foundation
import Synchronization
import Testing

@testable import Store

/// Fewer round trips to the database without giving up a guarantee: concurrent API-key lookups share reads,
/// and audit batches are tried as one statement after the head the store last left (both backends where the
/// behaviour is the store's; PostgreSQL where the statement is).
@Suite struct StoreRoundTripTests {
    /// Looks up every hash of `hashes` at once on `store`; each answer by its position.
    static func lookUpConcurrently(_ hashes: [String], on store: any Store) async -> [Int: Result<APIKeyRecord?, StoreError>] {
        await withTaskGroup(of: (Int, Result<APIKeyRecord?, StoreError>).self) { group in
            for (index, hash) in hashes.enumerated() {
                group.addTask {
                    do throws(StoreError) {
                        return (index, .success(try await store.key(secretHash: hash)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var answers: [Int: Result<APIKeyRecord?, StoreError>] = [:]
            for await (index, answer) in group { answers[index] = answer }
            return answers
        }
    }

    @Test("concurrent key lookups each get their own key; unknown and revoked secrets get none", arguments: Backend.allCases)
    func concurrentLookupsAnswerEachTheirOwnKey(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        let roles: [Role] = [.screener, .reviewer, .admin]
        for (number, role) in roles.enumerated() {
            _ = try await store.createKey(
                APIKeyRecord(id: "key_\(number)", secretHash: "hash-\(number)", role: role, createdAt: 1), audit: StoreTests.draft("key.create"))
        }
        _ = try await store.createKey(APIKeyRecord(id: "key_gone", secretHash: "hash-gone", role: .admin, createdAt: 1), audit: StoreTests.draft("key.create"))
        _ = try await store.revokeAPIKey(id: "key_gone", reason: "left", audit: StoreTests.draft("key.revoke"))
        let known = ["hash-0", "hash-1", "hash-2", "hash-gone", "hash-unknown"]
        let hashes = (0..<400).map { known[($0 * 7 + $0 / 5) % known.count] }
        let answers = await Self.lookUpConcurrently(hashes, on: store)
        #expect(answers.count == hashes.count)
        for (index, hash) in hashes.enumerated() {
            let key = try #require(answers[index]).get()
            switch hash {
            case "hash-gone", "hash-unknown": #expect(key == nil, "lookup \(index) of \(hash)")
            default:
                let number = try #require(Int(hash.dropFirst("hash-".count)))
                #expect(key == APIKeyRecord(id: "key_\(number)", secretHash: hash, role: roles[number], createdAt: 1), "lookup \(index) of \(hash)")
            }
        }
    }

    @Test("a key revoked by another store is refused to the next lookup, also amid concurrent lookups", arguments: Backend.allCases)
    func revocationByAnotherStoreIsSeenAtOnce(backend: Backend) async throws {
        let (server, admin) = try await backend.makeTwoStores()
        _ = try await admin.createKey(APIKeyRecord(id: "key_a", secretHash: "hash-a", role: .screener, createdAt: 1), audit: StoreTests.draft("key.create"))
        let before = await Self.lookUpConcurrently(Array(repeating: "hash-a", count: 50), on: server)
        #expect(try before.values.allSatisfy { try $0.get()?.id == "key_a" })
        _ = try await admin.revokeAPIKey(id: "key_a", reason: "lost", audit: StoreTests.draft("key.revoke"))
        let after = await Self.lookUpConcurrently(Array(repeating: "hash-a", count: 50), on: server)
        #expect(try after.values.allSatisfy { try $0.get() == nil }, "no lookup that started after the revocation finds the key")
    }

    @Test("lookups arriving while a read is under way share the next read, each distinct secret asked once")
    func lookupsWaitingTogetherShareOneRead() async throws {
        let reads = ReadLog()
        let batch = KeyLookupBatch { hashes throws(StoreError) in
            await reads.record(hashes)
            return Dictionary(uniqueKeysWithValues: hashes.filter { $0 != "none" }.map {
                ($0, APIKeyRecord(id: "key-\($0)", secretHash: $0, role: .screener, createdAt: 1))
            })
        }
        async let first = batch.key(secretHash: "a")
        await reads.waitForReads(1)
        let waiting = ["b", "c", "b", "none", "c", "b"]
        let answers = try await withThrowingTaskGroup(of: (Int, APIKeyRecord?).self) { group in
            for (index, hash) in waiting.enumerated() {
                group.addTask { (index, try await batch.key(secretHash: hash)) }
            }
            await reads.waitForWaiters(on: batch, count: waiting.count)
            await reads.release()
            var answers: [Int: APIKeyRecord?] = [:]
            for try await (index, key) in group { answers[index] = key }
            return answers
        }
        #expect(try await first?.id == "key-a")
        for (index, hash) in waiting.enumerated() {
            #expect(answers[index]??.id == (hash == "none" ? nil : "key-\(hash)"), "lookup \(index) of \(hash)")
        }
        let made = await reads.reads
        #expect(made.count == 2, "\(made)")
        #expect(made.first == ["a"])
        #expect(made.last?.count == 3 && Set(made.last ?? []) == ["b", "c", "none"], "\(made)")
    }

    @Test("a read that fails fails every lookup waiting in it, and the next lookup reads again")
    func aFailedReadFailsItsLookups() async throws {
        let calls = Mutex(0)
        let batch = KeyLookupBatch { hashes throws(StoreError) in
            let call = calls.withLock { $0 += 1; return $0 }
            if call == 1 { throw StoreError(.unavailable, "the database went away") }
            return [hashes[0]: APIKeyRecord(id: "key", secretHash: hashes[0], role: .screener, createdAt: 1)]
        }
        do {
            _ = try await batch.key(secretHash: "a")
            Issue.record("the failed read must fail its lookup")
        } catch {
            #expect(error.kind == .unavailable)
        }
        #expect(try await batch.key(secretHash: "a")?.id == "key")
    }

    @Test("a store's next batch follows records another store appended after its last batch", arguments: Backend.allCases)
    func batchesFollowAnotherStoresAppends(backend: Backend) async throws {
        let (first, second) = try await backend.makeTwoStores()
        var answered: [AuditRecord] = []
        for round in 0..<6 {
            answered.append(try await first.appendAudit(AuditGroupCommitTests.draft(2 * round)))
            answered.append(try await first.appendAudit(AuditGroupCommitTests.draft(2 * round + 100)))
            answered.append(try await second.appendAudit(AuditGroupCommitTests.draft(2 * round + 1)))
        }
        #expect(answered.map(\.sequence) == Array(1...18))
        #expect(try await first.auditRecords(after: 0, limit: 100) == answered)
        let report = try await first.verifyAnchoredAudit()
        #expect(report.isIntact, "\(report.problems)")
    }

    @Test("after the head row is moved back behind the store's back (records removed from the end), the next append follows the row", arguments: Backend.allCases)
    func appendsFollowAHeadRowMovedBack(backend: Backend) async throws {
        let test = try await backend.makeStore()
        var records: [AuditRecord] = []
        for index in 0..<4 { records.append(try await test.store.appendAudit(AuditGroupCommitTests.draft(index))) }
        try await test.execute("DELETE FROM audit_log WHERE sequence > 2")
        try await test.execute("UPDATE audit_head SET sequence = 2, hash = '\(records[1].hash)' WHERE id = 1")
        let next = try await test.store.appendAudit(AuditGroupCommitTests.draft(9))
        #expect(next.sequence == 3)
        #expect(next.previousHash == records[1].hash)
        #expect(try await test.store.verifyAnchoredAudit().isIntact)
    }

    @Test("with two stores appending at once, timestamps never go back along the chain", arguments: Backend.allCases)
    func timestampsFollowTheChainOrder(backend: Backend) async throws {
        let (first, second) = try await backend.makeTwoStores()
        async let one = AuditGroupCommitTests.appendConcurrently(200, on: first)
        async let two = AuditGroupCommitTests.appendConcurrently(200, from: 200, on: second)
        let outcomes = await one.merging(await two) { left, _ in left }
        #expect(try outcomes.values.allSatisfy { try $0.get().sequence > 0 })
        let records = try await first.auditRecords(after: 0, limit: 1000)
        #expect(records.count == 400)
        for (earlier, later) in zip(records, records.dropFirst()) {
            #expect(earlier.timestamp <= later.timestamp, "record \(later.sequence) is stamped before record \(earlier.sequence)")
        }
    }
}

extension StoreRoundTripTests {
    /// A PostgreSQL store on a new database, holding `count` records.
    static func postgresStore(records count: Int) async throws -> PostgresStore {
        let store = try #require(try await Backend.postgres.makeStore().store as? PostgresStore)
        for index in 0..<count { _ = try await store.appendAudit(AuditGroupCommitTests.draft(index)) }
        return store
    }

    static func head(of store: PostgresStore) async throws -> AuditHead {
        try #require(try await store.auditHead())
    }

    @Test("the one-statement append writes after the head it expects, and writes nothing but answers the head it found when another writer moved it")
    func oneStatementAppendChecksTheHead() async throws {
        let store = try await Self.postgresStore(records: 2)
        let stale = try await Self.head(of: store)
        _ = try await store.appendAudit(AuditGroupCommitTests.draft(2))
        let current = try await Self.head(of: store)
        let late = PostgresStore.chain([AuditGroupCommitTests.draft(9)], after: stale, timestamp: 1)
        let lateLast = try #require(late.last)
        let refused = try await store.leases.withConnection { [logger = store.logger] connection in
            try await PostgresStore.appendIfHead(stale, records: late, last: lateLast, connection: connection, logger: logger)
        }
        #expect(refused == .moved(current))
        #expect(try await Self.head(of: store) == current)
        #expect(try await store.auditRecords(after: 0, limit: 10).count == 3, "nothing was written")

        let next = PostgresStore.chain([AuditGroupCommitTests.draft(9), AuditGroupCommitTests.draft(10)], after: current, timestamp: 1)
        let nextLast = try #require(next.last)
        let written = try await store.leases.withConnection { [logger = store.logger] connection in
            try await PostgresStore.appendIfHead(current, records: next, last: nextLast, connection: connection, logger: logger)
        }
        #expect(written == .appended)
        #expect(try await store.auditRecords(after: 3, limit: 10) == next)
        #expect(try await store.verifyAnchoredAudit().isIntact)
    }

    @Test("the one-statement append waits for a writer inside the audit lock, then writes nothing and answers the head that writer left")
    func oneStatementAppendWaitsForTheLockAndFollowsTheWriter() async throws {
        let store = try await Self.postgresStore(records: 2)
        let head = try await Self.head(of: store)
        let records = PostgresStore.chain([AuditGroupCommitTests.draft(9)], after: head, timestamp: 1)
        let last = try #require(records.last)
        let leases = store.leases
        let inside = try await store.transaction { connection, logger in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresStore.auditLock))", logger: logger)
            let record = try await store.append(AuditGroupCommitTests.draft(5), connection: connection, logger: logger)
            let waiting = Task {
                try await leases.withConnection { connection in
                    try await PostgresStore.appendIfHead(head, records: records, last: last, connection: connection, logger: logger)
                }
            }
            try await Self.untilSomeoneWaitsForTheAuditLock(store)
            return (record, waiting)
        }
        #expect(try await inside.1.value == .moved(AuditHead(sequence: inside.0.sequence, hash: inside.0.hash)))
        #expect(try await store.auditRecords(after: 0, limit: 10).map(\.sequence) == [1, 2, 3], "the waiting statement wrote nothing")
        let appended = try await store.appendAudit(AuditGroupCommitTests.draft(9))
        #expect(appended.sequence == 4 && appended.previousHash == inside.0.hash)
        #expect(try await store.verifyAnchoredAudit().isIntact)
    }

    @Test("a store tries one statement after its own last head, and not while the locked path finds another writer's records there")
    func theHintStepsAsideWhileAnotherWriterAppends() {
        let records = PostgresStore.chain((0..<5).map(AuditGroupCommitTests.draft), after: AuditHead(sequence: 0, hash: AuditRecord.genesisHash), timestamp: 1)
        let head = { (index: Int) in AuditHead(sequence: records[index].sequence, hash: records[index].hash) }
        let hint = AuditHeadHint()
        #expect(hint.expected == nil, "before its first batch a store knows no head")
        hint.wrote(records[0], found: AuditHead(sequence: 0, hash: AuditRecord.genesisHash))
        #expect(hint.expected == head(0))
        hint.wrote(records[1], found: nil)
        #expect(hint.expected == head(1))
        hint.wrote(records[3], found: head(2))
        #expect(hint.expected == nil, "record 2 was another writer's: the next batch takes the lock")
        hint.wrote(records[4], found: head(3))
        #expect(hint.expected == head(4), "the locked path found its own last head: nobody else appended")
    }

    /// Returns once a session waits for an advisory lock (PostgreSQL's own view of its locks); fails after many looks.
    static func untilSomeoneWaitsForTheAuditLock(_ store: PostgresStore) async throws {
        for _ in 0..<2_000 {
            var waiting: Int64 = 0
            for try await count in try await store.client.query(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", logger: store.logger
            ).decode(Int64.self) {
                waiting = count
            }
            if waiting > 0 { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("no session ever waited for the audit lock")
    }
}

/// The reads a `KeyLookupBatch` made, holding each until released.
actor ReadLog {
    private(set) var reads: [[String]] = []
    private var released = false
    private var held: [CheckedContinuation<Void, Never>] = []

    func record(_ hashes: [String]) async {
        reads.append(hashes)
        if !released { await withCheckedContinuation { held.append($0) } }
    }

    func release() {
        released = true
        for continuation in held { continuation.resume() }
        held = []
    }

    func waitForReads(_ count: Int) async {
        while reads.count < count { await Task.yield() }
    }

    func waitForWaiters(on batch: KeyLookupBatch, count: Int) async {
        while await batch.waitingCount < count { await Task.yield() }
    }
}
