import Audit
import Foundation
import Store
import Testing

/// Concurrent audit appends share transactions (group commit) without giving up a guarantee: one chain,
/// every record once, nothing answered as recorded that is not stored exactly so.
@Suite struct AuditGroupCommitTests {
    static func draft(_ index: Int) -> AuditDraft {
        AuditDraft(actor: "test", action: "screen", input: Data("request \(index)".utf8), result: "request \(index)", versions: "test data 1")
    }

    /// Appends `count` drafts at once on `store`, numbered from `first`; each outcome by its draft's number.
    static func appendConcurrently(_ count: Int, from first: Int = 0, on store: any Store) async -> [Int: Result<AuditRecord, StoreError>] {
        await withTaskGroup(of: (Int, Result<AuditRecord, StoreError>).self) { group in
            for index in first..<(first + count) {
                group.addTask {
                    do throws(StoreError) {
                        return (index, .success(try await store.appendAudit(Self.draft(index))))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var outcomes: [Int: Result<AuditRecord, StoreError>] = [:]
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
    }

    static func stored(_ store: any Store) async throws -> [Int64: AuditRecord] {
        Dictionary(uniqueKeysWithValues: try await store.auditRecords(after: 0, limit: 100_000).map { ($0.sequence, $0) })
    }

    @Test("many concurrent appends form one verifiable chain holding every record once, each as it was answered", arguments: Backend.allCases)
    func concurrentAppendsEachRecordedOnce(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        let outcomes = await Self.appendConcurrently(300, on: store)
        let answered = try outcomes.mapValues { try $0.get() }
        let stored = try await Self.stored(store)
        #expect(stored.count == 300)
        #expect(Set(answered.values.map(\.sequence)) == Set(1...300))
        for (index, record) in answered {
            #expect(stored[record.sequence] == record, "request \(index) is stored as it was answered")
            #expect(record.inputDigest == Self.draft(index).inputDigest)
        }
        let report = try await store.verifyAnchoredAudit()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.head == AuditHead(sequence: 300, hash: try #require(stored[300]).hash))
    }

    @Test("a group appended together stays contiguous and in order among concurrent appends", arguments: Backend.allCases)
    func groupsStayContiguous(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in 0..<20 {
                group.addTask { try await store.appendAudits((0..<5).map { Self.draft(1000 * (batch + 1) + $0) }) }
                group.addTask { _ = try await store.appendAudit(Self.draft(batch)) }
            }
            try await group.waitForAll()
        }
        let records = try await store.auditRecords(after: 0, limit: 1000)
        #expect(records.count == 120)
        for batch in 0..<20 {
            let digests = (0..<5).map { Self.draft(1000 * (batch + 1) + $0).inputDigest }
            let first = try #require(records.firstIndex { $0.inputDigest == digests[0] })
            #expect(records[first..<(first + 5)].map(\.inputDigest) == digests, "group \(batch) is contiguous and in order")
        }
        #expect(try await store.verifyAnchoredAudit().isIntact)
    }

    @Test("a batch that cannot be written fails every append in it; every append answered as recorded is stored as answered", arguments: Backend.allCases)
    func failingBatchFailsAllItsWaiters(backend: Backend) async throws {
        let test = try await backend.makeStore()
        // A row already at sequence 10 (as a concurrent writer bypassing the head row would leave): every batch
        // reaching sequence 10 violates the key and rolls back whole.
        try await test.execute(
            """
            INSERT INTO audit_log (sequence, timestamp, actor, action, input_digest, result, versions, previous_hash, hash)
            VALUES (10, 0, 'intruder', 'screen', 'x', 'x', 'x', 'x', 'x')
            """)
        let outcomes = await Self.appendConcurrently(40, on: test.store)
        let stored = try await Self.stored(test.store)
        var recorded: [AuditRecord] = []
        for (index, outcome) in outcomes {
            switch outcome {
            case .success(let record):
                recorded.append(record)
                #expect(record.sequence < 10)
                #expect(stored[record.sequence] == record, "request \(index), answered as recorded, is stored as answered")
            case .failure:
                #expect(!stored.values.contains { $0.inputDigest == Self.draft(index).inputDigest }, "request \(index) failed and is not stored")
            }
        }
        #expect(recorded.count <= 9)
        #expect(stored.count == recorded.count + 1, "only the answered records and the intruder's row are stored")
        #expect(try await test.store.auditHead()?.sequence == Int64(recorded.count))

        try await test.execute("DELETE FROM audit_log WHERE sequence >= 10")
        let next = try await test.store.appendAudit(Self.draft(99))
        #expect(next.sequence == Int64(recorded.count) + 1)
        #expect(try await test.store.verifyAnchoredAudit().isIntact)
    }

    @Test("two stores on one database appending at once keep one chain with every record once", arguments: Backend.allCases)
    func twoStoresKeepOneChain(backend: Backend) async throws {
        let (first, second) = try await backend.makeTwoStores()
        async let one = Self.appendConcurrently(150, on: first)
        async let two = Self.appendConcurrently(150, from: 150, on: second)
        let outcomes = await one.merging(await two) { left, _ in left }
        let answered = try outcomes.mapValues { try $0.get() }
        let stored = try await Self.stored(first)
        #expect(stored.count == 300)
        #expect(Set(answered.values.map(\.sequence)) == Set(1...300))
        for record in answered.values { #expect(stored[record.sequence] == record) }
        #expect(Set(stored.values.map(\.inputDigest)) == Set((0..<300).map { Self.draft($0).inputDigest }))
        let report = try await second.verifyAnchoredAudit()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.head?.sequence == 300)
    }
}

extension Backend {
    /// Two store instances (as two processes would hold) on one new, migrated, empty database.
    func makeTwoStores() async throws -> (any Store, any Store) {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("clearance.sqlite").path
            let first = try SQLiteStore(path: path)
            try await first.migrate()
            return (first, try SQLiteStore(path: path))
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["CLEARANCE_TEST_POSTGRES_URL"], !url.isEmpty,
                var components = URLComponents(string: url)
            else {
                throw StoreError(.unavailable, "CLEARANCE_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL")
            }
            let database = "clearance_test_\(UUID().uuidString.prefix(8).lowercased())"
            let admin = try PostgresStore(url: url, leaseTimeout: PostgresStore.testLeaseTimeout)
            try await admin.execute("CREATE DATABASE \(database)")
            admin.shutdown()
            components.path = "/" + database
            let first = try PostgresStore(url: components.string ?? url, leaseTimeout: PostgresStore.testLeaseTimeout)
            try await first.migrate()
            return (first, try PostgresStore(url: components.string ?? url, leaseTimeout: PostgresStore.testLeaseTimeout))
        }
    }
}
