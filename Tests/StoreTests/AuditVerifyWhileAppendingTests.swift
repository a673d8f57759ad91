import Audit
import Foundation
import Store
import Testing

/// Verification reads the head row, the checkpoints and the records in separate reads while other requests and
/// processes keep appending: an append during the walk must not read as records missing or added outside the store.
@Suite struct AuditVerifyWhileAppendingTests {
    @Test("verifying the chain while records are appended reports it intact every time", arguments: Backend.allCases)
    func verificationDuringAppendsStaysIntact(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        _ = try await store.appendAudit(StoreTests.draft("screen"))
        let appender = Task {
            var appended = 0
            while !Task.isCancelled && appended < 3_000 {
                _ = try await store.appendAudit(StoreTests.draft("screen"))
                appended += 1
            }
            return appended
        }
        var problems: [String] = []
        for _ in 0..<40 {
            let report = try await store.verifyAnchoredAudit(pageSize: 40)
            if !report.isIntact { problems.append(report.firstProblem ?? "not intact") }
        }
        appender.cancel()
        #expect(try await appender.value > 0)
        #expect(problems.isEmpty, "\(problems.count) of 40 verifications: \(problems.prefix(2))")
        #expect(try await store.verifyAnchoredAudit().isIntact)
    }
}
