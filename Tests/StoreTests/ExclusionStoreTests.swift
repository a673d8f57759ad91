import DataFormats
import Foundation
import Store
import TariffExclusions
import Testing

/// Exclusion requests, dockets, decisions and extensions in the store, on both backends: each write
/// audited in its transaction, a refused one leaving nothing behind.
@Suite struct ExclusionStoreTests {
    static let received = Instant(iso: "2026-01-05T09:00:00Z")!

    static func request(_ id: String, hts10: String = "8481909020", description: String = "Valve bodies, of aluminum, of valves for oleohydraulic or pneumatic transmissions") throws -> ExclusionRequest {
        try ExclusionRules.request(
            ExclusionRequestDraft(
                requesterName: "Dana Whitfield", requesterOrganisation: "Great Lakes Hydraulics LLC", hts10: hts10,
                productDescription: description, actionKind: "section301", actionHeading: "9903.88.03", grounds: ["not_available_us"],
                figures: [.init(name: "unit_cost_usd", value: 41.7, unit: "USD", confidential: true)],
                confidentialStatement: "Sole supplier: Ningbo Fluid Power."),
            id: id, receivedAt: received, filedBy: "key_req", isKnownHTS10: { _ in true })
    }

    static func comment(_ id: String, on request: String, repliesTo: String? = nil) -> ExclusionComment {
        ExclusionComment(
            id: id, requestID: request, repliesTo: repliesTo, author: "R. Ortiz", organisation: "American Valve Makers", position: .oppose,
            text: "Made in Ohio.", confidentialText: "80,000 units a year.", submittedAt: received.adding(days: 3), submittedBy: "key_c")
    }

    static func decision(_ request: String, _ outcome: ExclusionOutcome, departsFrom: [ConsistencyLink] = []) -> ExclusionDecision {
        ExclusionDecision(
            requestID: request, outcome: outcome, reasons: "As found.",
            findings: ExclusionCriteria.all.map { CriterionFinding(criterion: $0.id, result: .notAssessed) },
            effectiveFrom: outcome.grants ? CivilDate("2026-03-01") : nil, effectiveTo: outcome.grants ? CivilDate("2027-02-28") : nil,
            departsFrom: departsFrom, consistencyReason: departsFrom.isEmpty ? nil : "New US capacity.",
            decidedAt: received.adding(days: 40), decidedBy: "key_rev")
    }

    @Test(arguments: Backend.allCases)
    func aRequestsDocketDecisionAndExtensionAreStoredAndEachWriteIsAudited(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        try await store.createExclusionRequest(try Self.request("excl_a"), audit: StoreTests.draft("exclusion.request"))
        try await store.addExclusionComment(Self.comment("cmt_1", on: "excl_a"), audit: StoreTests.draft("exclusion.comment"))
        try await store.addExclusionComment(Self.comment("cmt_2", on: "excl_a", repliesTo: "cmt_1"), audit: StoreTests.draft("exclusion.rebuttal"))
        try await store.recordExclusionDecision(Self.decision("excl_a", .granted), checkedAgainst: [], audit: StoreTests.draft("exclusion.decide"))
        try await store.extendExclusion(
            ExclusionExtension(
                requestID: "excl_a", previousEffectiveTo: CivilDate("2027-02-28")!, effectiveTo: CivilDate("2027-08-31")!, reason: "Extension notice",
                extendedAt: Self.received.adding(days: 300), extendedBy: "key_rev"),
            audit: StoreTests.draft("exclusion.extend"))

        let docket = try #require(try await store.exclusionDocket(id: "excl_a"))
        #expect(docket.request == (try Self.request("excl_a")))
        #expect(docket.comments.map(\.id) == ["cmt_1", "cmt_2"])
        #expect(docket.comments[1].repliesTo == "cmt_1")
        #expect(docket.decision == Self.decision("excl_a", .granted))
        #expect(docket.effectiveTo == CivilDate("2027-08-31"))
        #expect(try await store.exclusionDocket(id: "excl_none") == nil)
        let actions = try await store.auditRecords(after: 0, limit: 10).map(\.action)
        #expect(actions == ["exclusion.request", "exclusion.comment", "exclusion.rebuttal", "exclusion.decide", "exclusion.extend"])
        #expect(try await store.verifyAudit().isIntact)
    }

    @Test(arguments: Backend.allCases)
    func listsFilterByHts10AndTheDecidedOnesFeedTheConsistencyCheck(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        for (id, code) in [("excl_a", "8481909020"), ("excl_b", "8481909020"), ("excl_c", "8431200000")] {
            try await store.createExclusionRequest(try Self.request(id, hts10: code), audit: StoreTests.draft("exclusion.request"))
        }
        try await store.recordExclusionDecision(Self.decision("excl_a", .denied), checkedAgainst: [], audit: StoreTests.draft("exclusion.decide"))
        try await store.recordExclusionDecision(
            Self.decision("excl_b", .granted, departsFrom: [ConsistencyLink(earlierRequestID: "excl_a", earlierOutcome: .denied, similarity: 1)]),
            checkedAgainst: ["excl_a"], audit: StoreTests.draft("exclusion.decide"))
        #expect(try await store.exclusionDockets(hts10: nil).map(\.request.id) == ["excl_a", "excl_b", "excl_c"])
        #expect(try await store.exclusionDockets(hts10: "8481909020").map(\.request.id) == ["excl_a", "excl_b"])
        #expect(try await store.decidedExclusions(hts10: "8481909020").map(\.request.id) == ["excl_a", "excl_b"])
        #expect(try await store.decidedExclusions(hts10: "8431200000").isEmpty)
        let pairs = ConsistencyReport.pairs(try await store.exclusionDockets(hts10: nil))
        #expect(pairs.map { "\($0.requestID)>\($0.earlierRequestID)" } == ["excl_b>excl_a"])
        #expect(pairs.first?.reason == "New US capacity.")
    }

    @Test(arguments: Backend.allCases)
    func refusedWritesLeaveNothingBehind(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        try await store.createExclusionRequest(try Self.request("excl_a"), audit: StoreTests.draft("exclusion.request"))
        try await store.addExclusionComment(Self.comment("cmt_1", on: "excl_a"), audit: StoreTests.draft("exclusion.comment"))

        await #expect(throws: StoreError.self) {
            try await store.createExclusionRequest(try Self.request("excl_a"), audit: StoreTests.draft("exclusion.request"))
        }
        let missing = await #expect(throws: StoreError.self) {
            try await store.addExclusionComment(Self.comment("cmt_2", on: "excl_none"), audit: StoreTests.draft("exclusion.comment"))
        }
        #expect(missing?.kind == .notFound)
        let orphan = await #expect(throws: StoreError.self) {
            try await store.addExclusionComment(Self.comment("cmt_3", on: "excl_a", repliesTo: "cmt_404"), audit: StoreTests.draft("exclusion.rebuttal"))
        }
        #expect(orphan?.kind == .conflict)
        // A decision naming an earlier request that was never decided breaks a foreign key half-way: all of it is rolled back.
        await #expect(throws: StoreError.self) {
            try await store.recordExclusionDecision(
                Self.decision("excl_a", .granted, departsFrom: [ConsistencyLink(earlierRequestID: "excl_ghost", earlierOutcome: .denied, similarity: 0.9)]),
                checkedAgainst: [], audit: StoreTests.draft("exclusion.decide"))
        }
        #expect(try await store.exclusionDocket(id: "excl_a")?.decision == nil)
        let notGranted = await #expect(throws: StoreError.self) {
            try await store.extendExclusion(
                ExclusionExtension(
                    requestID: "excl_a", previousEffectiveTo: CivilDate("2027-02-28")!, effectiveTo: CivilDate("2027-08-31")!, reason: "x",
                    extendedAt: Self.received, extendedBy: "r"),
                audit: StoreTests.draft("exclusion.extend"))
        }
        #expect(notGranted?.kind == .conflict)

        try await store.recordExclusionDecision(Self.decision("excl_a", .granted), checkedAgainst: [], audit: StoreTests.draft("exclusion.decide"))
        let twice = await #expect(throws: StoreError.self) {
            try await store.recordExclusionDecision(Self.decision("excl_a", .denied), checkedAgainst: [], audit: StoreTests.draft("exclusion.decide"))
        }
        #expect(twice?.kind == .conflict)
        let closed = await #expect(throws: StoreError.self) {
            try await store.addExclusionComment(Self.comment("cmt_4", on: "excl_a"), audit: StoreTests.draft("exclusion.comment"))
        }
        #expect(closed?.kind == .conflict)
        let stale = await #expect(throws: StoreError.self) {
            try await store.extendExclusion(
                ExclusionExtension(
                    requestID: "excl_a", previousEffectiveTo: CivilDate("2026-12-31")!, effectiveTo: CivilDate("2027-08-31")!, reason: "x",
                    extendedAt: Self.received, extendedBy: "r"),
                audit: StoreTests.draft("exclusion.extend"))
        }
        #expect(stale?.kind == .conflict, "an extension computed from an older end is refused")

        let docket = try #require(try await store.exclusionDocket(id: "excl_a"))
        #expect(docket.comments.map(\.id) == ["cmt_1"])
        #expect(docket.decision?.outcome == .granted && docket.extensions.isEmpty)
        #expect(try await store.auditRecords(after: 0, limit: 20).map(\.action) == ["exclusion.request", "exclusion.comment", "exclusion.decide"])
        #expect(try await store.verifyAudit().isIntact)
    }

    @Test(arguments: Backend.allCases)
    func aDecisionCheckedBeforeAnotherOnTheSameCodeLandedIsRefusedSoItIsCheckedAgain(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        for id in ["excl_a", "excl_b"] {
            try await store.createExclusionRequest(try Self.request(id), audit: StoreTests.draft("exclusion.request"))
        }
        try await store.recordExclusionDecision(Self.decision("excl_a", .granted), checkedAgainst: [], audit: StoreTests.draft("exclusion.decide"))
        let stale = await #expect(throws: StoreError.self) {
            try await store.recordExclusionDecision(Self.decision("excl_b", .denied), checkedAgainst: [], audit: StoreTests.draft("exclusion.decide"))
        }
        #expect(stale?.kind == .conflict)
        #expect(stale?.message.contains("excl_a decided meanwhile") == true)
        #expect(try await store.exclusionDocket(id: "excl_b")?.decision == nil)
        #expect(try await store.auditRecords(after: 0, limit: 10).count == 3)
    }

    @Test(arguments: Backend.allCases)
    func theKeyTableAcceptsTheReviewerRoleBetweenAnalystAndAdmin(backend: Backend) async throws {
        let store = try await backend.makeStore().store
        let key = APIKeyRecord(id: "key_rev", secretHash: "h-rev", role: .reviewer, createdAt: 1)
        _ = try await store.createKey(key, audit: StoreTests.draft("key.create"))
        #expect(try await store.key(secretHash: "h-rev") == key)
        #expect(Role.analyst < .reviewer && Role.reviewer < .admin)
    }
}
