import DataFormats
import Foundation
import Store
import TariffExclusions
import Testing

/// Writes on one exclusion request made at the same moment take turns: each sees what the one before it wrote.
@Suite struct ExclusionRaceTests {
    static func extensionFrom(_ end: String, to later: String) -> ExclusionExtension {
        ExclusionExtension(
            requestID: "excl_a", previousEffectiveTo: CivilDate(end)!, effectiveTo: CivilDate(later)!, reason: "Extension notice",
            extendedAt: ExclusionStoreTests.received.adding(days: 300), extendedBy: "key_rev")
    }

    @Test("seven extensions, each to a later end, computed from the same end and made at once: exactly one applies", arguments: Backend.allCases)
    func concurrentExtensionsApplyOnce(backend: Backend) async throws {
        for _ in 0..<3 {
            let store = try await backend.makeStore().store
            try await store.createExclusionRequest(try ExclusionStoreTests.request("excl_a"), audit: StoreTests.draft("exclusion.request"))
            try await store.recordExclusionDecision(
                ExclusionStoreTests.decision("excl_a", .granted), checkedAgainst: [], audit: StoreTests.draft("exclusion.decide"))
            let applied = await withTaskGroup(of: Bool.self) { group in
                for month in 3...9 {
                    group.addTask {
                        do {
                            try await store.extendExclusion(
                                Self.extensionFrom("2027-02-28", to: "2027-0\(month)-28"), audit: StoreTests.draft("exclusion.extend"))
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(applied == 1)
            #expect(try await store.exclusionDocket(id: "excl_a")?.extensions.count == 1)
        }
    }

    @Test("comments racing the decision land before it or are refused: none is filed on a decided docket", arguments: Backend.allCases)
    func commentsRacingTheDecisionNeverFollowIt(backend: Backend) async throws {
        for _ in 0..<3 {
            let store = try await backend.makeStore().store
            try await store.createExclusionRequest(try ExclusionStoreTests.request("excl_a"), audit: StoreTests.draft("exclusion.request"))
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        if index == 3 {
                            _ = try? await store.recordExclusionDecision(
                                ExclusionStoreTests.decision("excl_a", .denied), checkedAgainst: [], audit: StoreTests.draft("exclusion.decide"))
                        }
                        _ = try? await store.addExclusionComment(
                            ExclusionStoreTests.comment("cmt_\(index)", on: "excl_a"), audit: StoreTests.draft("exclusion.comment"))
                    }
                }
            }
            let records = try await store.auditRecords(after: 0, limit: 50)
            let decided = try #require(records.first { $0.action == "exclusion.decide" }?.sequence)
            #expect(records.filter { $0.action == "exclusion.comment" }.allSatisfy { $0.sequence < decided })
            let docket = try #require(try await store.exclusionDocket(id: "excl_a"))
            #expect(docket.comments.count == records.filter { $0.action == "exclusion.comment" }.count)
        }
    }
}
