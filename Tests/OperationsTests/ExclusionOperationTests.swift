import DataFormats
import Audit
import Foundation
import Store
import Synchronization
import TariffExclusions
import Testing

@testable import Operations

/// The tariff-exclusion process: filing, comments and rebuttals in their windows, decisions checked against earlier
/// ones, extensions; each write validated first and audited with the stored record as its input, a refusal leaving
/// nothing behind.
@Suite struct ExclusionOperationTests {
    /// "Now" for the exclusion process, moved by hand.
    final class Clock: Sendable {
        private let now = Mutex(Instant(iso: "2026-01-05T09:00:00Z") ?? Instant(milliseconds: 0))

        var read: @Sendable () -> Instant { { self.now.withLock { $0 } } }

        func advance(days: Int) { now.withLock { $0 = $0.adding(days: days) } }
    }

    static let valveBodies = "Valve bodies, of aluminum, of valves for oleohydraulic or pneumatic transmissions"

    static func draft(hts10: String = "8481.90.9020", description: String = valveBodies) -> ExclusionRequestDraft {
        ExclusionRequestDraft(
            requesterName: "Dana Whitfield", requesterOrganisation: "Great Lakes Hydraulics LLC", hts10: hts10, productDescription: description,
            actionKind: "section301", actionHeading: "9903.88.03", grounds: ["not_available_us"],
            figures: [.init(name: "unit_cost_usd", value: 41.7, unit: "USD", confidential: true)])
    }

    static let comment = CommentDraft(author: "R. Ortiz", organisation: "American Valve Makers", position: "oppose", text: "Made in Ohio.")
    static let grant = DecisionDraft(
        outcome: "granted", reasons: "No US source at scale.", findings: [], effectiveFrom: "2026-03-01", effectiveTo: "2027-02-28")
    static let denial = DecisionDraft(outcome: "denied", reasons: "Available from US makers.", findings: [])

    /// The process over a fresh store of `backend`, knowing two HTS-10 codes, on a hand-moved clock.
    static func service(_ backend: ServiceBackend) async throws -> (ExclusionService, any Store, Clock) {
        let store = try await backend.makeStore().store
        let clock = Clock()
        return (ExclusionService(store: store, isKnownHTS10: { ["8481909020", "8431200000"].contains($0) }, clock: clock.read), store, clock)
    }

    @Test("filing stores the request as received now with its windows, audited with the stored record as input", arguments: ServiceBackend.allCases)
    func filingIsStoredAndAudited(backend: ServiceBackend) async throws {
        let (service, store, clock) = try await Self.service(backend)
        let docket = try await service.file(Self.draft(), actor: "key_requester")
        let request = docket.request
        #expect(request.id.hasPrefix("excl_"))
        #expect(request.receivedAt == clock.read())
        #expect(request.commentWindowCloses == clock.read().adding(days: 30))
        #expect(request.hts10.key == "8481909020")
        #expect(try await service.docket(id: request.id) == docket)
        #expect(docket.status(at: clock.read()) == .commentPeriod)

        let records = try await store.auditRecords(after: 0, limit: 10)
        #expect(records.map(\.action) == ["exclusion.request"])
        #expect(records.first?.actor == "key_requester")
        #expect(records.first?.inputDigest == digest(ExclusionJSON.encode(request)))
        #expect(records.first?.result.hasPrefix("request \(request.id) on 8481.90.9020 from section301 9903.88.03 received; ") == true)
        #expect(try await store.verifyAudit().isIntact)
    }

    @Test("a request on a code the schedule lacks, or without grounds, is refused naming the field; nothing is stored or audited", arguments: ServiceBackend.allCases)
    func badRequestsAreRefused(backend: ServiceBackend) async throws {
        let (service, store, _) = try await Self.service(backend)
        var noGrounds = Self.draft()
        noGrounds.grounds = []
        for (draft, field) in [(Self.draft(hts10: "8471.30.0100"), "hts10"), (Self.draft(hts10: "84819"), "hts10"), (noGrounds, "grounds")] {
            await #expect {
                _ = try await service.file(draft, actor: "key_requester")
            } throws: { error in
                (error as? ExclusionError)?.kind == .invalid && (error as? ExclusionError)?.field == field
            }
        }
        #expect(try await service.dockets(hts10: nil, status: nil).isEmpty)
        #expect(try await store.auditRecords(after: 0, limit: 10).isEmpty)
    }

    @Test("comments are taken in the comment window and rebuttals until the rebuttal window closes, each audited as its kind", arguments: ServiceBackend.allCases)
    func commentsAndRebuttalsInTheirWindows(backend: ServiceBackend) async throws {
        let (service, store, clock) = try await Self.service(backend)
        let id = try await service.file(Self.draft(), actor: "key_requester").request.id
        clock.advance(days: 3)
        let commented = try await service.comment(on: id, Self.comment, actor: "key_commenter")
        let comment = try #require(commented.comments.last)
        #expect(comment.submittedAt == clock.read() && comment.submittedBy == "key_commenter")

        clock.advance(days: 28)
        let head = try await store.auditRecords(after: 0, limit: 10).count
        await #expect {
            _ = try await service.comment(on: id, Self.comment, actor: "key_late")
        } throws: { error in
            (error as? ExclusionError)?.kind == .outsideWindow && (error as? ExclusionError)?.field == "comment_window"
        }
        var rebuttal = Self.comment
        rebuttal.repliesTo = comment.id
        rebuttal.position = "support"
        let rebutted = try await service.comment(on: id, rebuttal, actor: "key_requester")
        #expect(rebutted.comments.map(\.repliesTo) == [nil, comment.id])
        #expect(try await service.docket(id: id).comments == rebutted.comments)

        let records = try await store.auditRecords(after: 0, limit: 10)
        #expect(records.map(\.action) == ["exclusion.request", "exclusion.comment", "exclusion.rebuttal"])
        #expect(records.count == head + 1, "the late comment left no record")
        #expect(records.last?.inputDigest == digest(ExclusionJSON.encode(try #require(rebutted.comments.last))))
    }

    @Test("a decision waits for the rebuttal window, is then recorded and audited, and cannot be made twice", arguments: ServiceBackend.allCases)
    func decisionsAfterTheRebuttalWindow(backend: ServiceBackend) async throws {
        let (service, store, clock) = try await Self.service(backend)
        let id = try await service.file(Self.draft(), actor: "key_requester").request.id
        clock.advance(days: 36)
        await #expect {
            _ = try await service.decide(id, Self.grant, actor: "key_reviewer")
        } throws: { error in
            (error as? ExclusionError)?.kind == .outsideWindow
        }
        clock.advance(days: 1)
        let decided = try await service.decide(id, Self.grant, actor: "key_reviewer")
        #expect(decided.decision?.outcome == .granted && decided.decision?.decidedBy == "key_reviewer")
        #expect(decided.status(at: clock.read()) == .granted)
        #expect(try await service.docket(id: id) == decided)
        await #expect {
            _ = try await service.decide(id, Self.denial, actor: "key_reviewer")
        } throws: { error in
            (error as? ExclusionError)?.kind == .conflict
        }
        let records = try await store.auditRecords(after: 0, limit: 10)
        #expect(records.map(\.action) == ["exclusion.request", "exclusion.decide"])
        #expect(records.last?.result == "\(id) granted effective 2026-03-01 to 2027-02-28")
        #expect(records.last?.inputDigest == digest(ExclusionJSON.encode(try #require(decided.decision))))
    }

    @Test("a decision departing from an earlier one on the same code needs a reason, is linked to it, and is reported", arguments: ServiceBackend.allCases)
    func departuresNeedAReason(backend: ServiceBackend) async throws {
        let (service, store, clock) = try await Self.service(backend)
        let first = try await service.file(Self.draft(), actor: "key_requester").request.id
        clock.advance(days: 1)
        let second = try await service.file(Self.draft(), actor: "key_other").request.id
        clock.advance(days: 1)
        let elsewhere = try await service.file(Self.draft(hts10: "8431.20.0000"), actor: "key_other").request.id
        clock.advance(days: 40)
        _ = try await service.decide(first, Self.denial, actor: "key_reviewer")
        let before = try await store.auditRecords(after: 0, limit: 20).count
        await #expect {
            _ = try await service.decide(second, Self.grant, actor: "key_reviewer")
        } throws: { error in
            (error as? ExclusionError)?.kind == .consistencyReasonRequired && (error as? ExclusionError)?.earlierRequestIDs == [first]
        }
        #expect(try await store.auditRecords(after: 0, limit: 20).count == before)
        var reasoned = Self.grant
        reasoned.consistencyReason = "The only US maker closed in 2026."
        let decided = try await service.decide(second, reasoned, actor: "key_reviewer")
        #expect(decided.decision?.departsFrom.map(\.earlierRequestID) == [first])
        _ = try await service.decide(elsewhere, Self.grant, actor: "key_reviewer")

        let pairs = try await service.consistencyReport()
        #expect(pairs.map { "\($0.requestID)>\($0.earlierRequestID)" } == ["\(second)>\(first)"])
        #expect(pairs.first?.reason == "The only US maker closed in 2026.")
        #expect(try await store.auditRecords(after: 0, limit: 20).last?.result.contains("departs from") == false, "a decision on another code departs from nothing")
        #expect(try await service.dockets(hts10: "8481909020", status: nil).map(\.request.id) == [first, second])
        #expect(try await service.dockets(hts10: "8481.90.9020", status: .denied).map(\.request.id) == [first])
        #expect(try await service.dockets(hts10: nil, status: .granted).map(\.request.id) == [second, elsewhere])
    }

    @Test("a granted exclusion is extended to a later day, audited; a denied one cannot be, and an earlier day is refused", arguments: ServiceBackend.allCases)
    func extensions(backend: ServiceBackend) async throws {
        let (service, store, clock) = try await Self.service(backend)
        let granted = try await service.file(Self.draft(), actor: "key_requester").request.id
        let denied = try await service.file(Self.draft(hts10: "8431.20.0000"), actor: "key_requester").request.id
        clock.advance(days: 40)
        _ = try await service.decide(granted, Self.grant, actor: "key_reviewer")
        _ = try await service.decide(denied, Self.denial, actor: "key_reviewer")
        let before = try await store.auditRecords(after: 0, limit: 20).count
        await #expect {
            _ = try await service.extend(denied, to: "2027-08-31", reason: "More time", actor: "key_reviewer")
        } throws: { error in
            (error as? ExclusionError)?.kind == .conflict
        }
        await #expect {
            _ = try await service.extend(granted, to: "2027-01-31", reason: "Shorter", actor: "key_reviewer")
        } throws: { error in
            (error as? ExclusionError)?.field == "effective_to"
        }
        #expect(try await store.auditRecords(after: 0, limit: 20).count == before)

        let extended = try await service.extend(granted, to: "2027-08-31", reason: "Extension notice of 2027-02-01", actor: "key_reviewer")
        #expect(extended.effectiveTo == CivilDate("2027-08-31"))
        #expect(try await service.docket(id: granted).extensions == extended.extensions)
        let records = try await store.auditRecords(after: 0, limit: 20)
        #expect(records.last?.action == "exclusion.extend")
        #expect(records.last?.result == "\(granted) extended to 2027-08-31 (was 2027-02-28): Extension notice of 2027-02-01")
        #expect(try await store.verifyAudit().isIntact)
    }

    @Test("an unknown request is not found for every action, and a bad HTS-10 filter is invalid; nothing is audited", arguments: ServiceBackend.allCases)
    func unknownRequestsAreNotFound(backend: ServiceBackend) async throws {
        let (service, store, clock) = try await Self.service(backend)
        clock.advance(days: 60)
        let actions: [@Sendable () async throws -> ExclusionDocket] = [
            { try await service.docket(id: "excl_none") },
            { try await service.comment(on: "excl_none", Self.comment, actor: "key_c") },
            { try await service.decide("excl_none", Self.denial, actor: "key_r") },
            { try await service.extend("excl_none", to: "2028-01-01", reason: "r", actor: "key_r") },
        ]
        for action in actions {
            await #expect {
                _ = try await action()
            } throws: { error in
                (error as? ExclusionError)?.kind == .notFound
            }
        }
        await #expect {
            _ = try await service.dockets(hts10: "not-a-code", status: nil)
        } throws: { error in
            (error as? ExclusionError)?.kind == .invalid && (error as? ExclusionError)?.field == "hts10"
        }
        #expect(try await store.auditRecords(after: 0, limit: 10).isEmpty)
    }
}
