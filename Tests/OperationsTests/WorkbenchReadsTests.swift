import Audit
import Foundation
import Store
import TariffExclusions
import Testing

@testable import Operations

/// The reads behind the Workbench's pages, on both backends: the alert queue paginated by key in the database in
/// either order with its filters, open alerts by list and age, stale list versions, and the audit page.
@Suite struct WorkbenchReadsTests {
    static let parties = [
        PartyRecord(id: "p1", name: "Ivan Petrovich Sidorov", type: "person"), PartyRecord(id: "p2", name: "Ivan Petrovich Sidorov"),
        PartyRecord(id: "p3", name: "Rostekh Orbita JSC"), PartyRecord(id: "p4", name: "Goran Milosavljevic"),
        PartyRecord(id: "p5", name: "Lim Chong Hak"), PartyRecord(id: "p6", name: "Pak Yong Chol"),
        PartyRecord(id: "p7", name: "Ivan Petrovitch Sidorov", type: "person"), PartyRecord(id: "p8", name: "Harbourside Bakery Ltd"),
    ]
    static let day: Int64 = 86_400_000

    func make(_ backend: ServiceBackend) async throws -> (Harness, WorkbenchReads, [AlertRecord]) {
        let harness = try await Harness.make(backend)
        _ = try await harness.service.importParties(Self.parties, actor: "cli:test")
        let open = try await harness.store.alerts(status: .open, limit: 1000)
        #expect(open.count >= 6, "the fixture opens alerts on several lists")
        return (harness, try WorkbenchReads(store: harness.store), open)
    }

    /// Every page of `filter`, `size` at a time, following the cursors.
    func allPages(_ reads: WorkbenchReads, _ filter: AlertFilter, size: Int) async throws -> (alerts: [AlertRecord], pages: Int) {
        var alerts: [AlertRecord] = []
        var cursor: AlertCursor?
        var pages = 0
        repeat {
            let page = try await reads.alertQueue(filter, after: cursor, pageSize: size)
            #expect(page.alerts.count <= size)
            alerts += page.alerts
            cursor = page.next
            pages += 1
        } while cursor != nil && pages < 100
        return (alerts, pages)
    }

    @Test("the queue pages by key through every open alert exactly once, oldest first or by score, with no empty last page", arguments: ServiceBackend.allCases)
    func keysetPages(backend: ServiceBackend) async throws {
        let (_, reads, open) = try await make(backend)
        let oldest = try await allPages(reads, AlertFilter(), size: 2)
        #expect(oldest.alerts.map(\.id) == open.map(\.id).sorted())
        #expect(oldest.pages == (open.count + 1) / 2)
        let byScore = try await allPages(reads, AlertFilter(order: .score), size: 3)
        let expected = open.sorted { ($0.score, $0.id) > ($1.score, $1.id) }
        #expect(byScore.alerts.map(\.id) == expected.map(\.id))
        #expect(Set(byScore.alerts.map(\.id)).count == open.count)
    }

    @Test("the queue's filters (list, minimum score, age, status) are applied in the database", arguments: ServiceBackend.allCases)
    func filters(backend: ServiceBackend) async throws {
        let (harness, reads, open) = try await make(backend)
        let un = try await allPages(reads, AlertFilter(source: "un"), size: 50).alerts
        #expect(!un.isEmpty && un.map(\.id) == open.filter { $0.source == "un" }.map(\.id))
        let threshold = open.map(\.score).sorted()[open.count / 2]
        let strong = try await allPages(reads, AlertFilter(minimumScore: threshold), size: 50).alerts
        #expect(strong.map(\.id) == open.filter { $0.score >= threshold }.map(\.id))
        let old = open.prefix(2).map(\.id)
        let longAgo = StoreClock.milliseconds() - 10 * Self.day
        try await harness.execute("UPDATE alerts SET opened_at = \(longAgo) WHERE id IN (\(old.map(String.init).joined(separator: ", ")))")
        #expect(try await allPages(reads, AlertFilter(olderThanDays: 7), size: 50).alerts.map(\.id) == old)
        _ = try await harness.service.decide(alertID: old[0], decision: .falsePositive, reason: "not them", actor: "user:ana")
        #expect(try await allPages(reads, AlertFilter(), size: 50).alerts.count == open.count - 1)
        #expect(try await allPages(reads, AlertFilter(status: .falsePositive), size: 50).alerts.map(\.id) == [old[0]])
        #expect(try await allPages(reads, AlertFilter(status: nil), size: 50).alerts.count == open.count)
    }

    @Test("home counts open alerts by list and age bucket and marks a list imported long ago as stale", arguments: ServiceBackend.allCases)
    func home(backend: ServiceBackend) async throws {
        let (harness, reads, open) = try await make(backend)
        let now = StoreClock.milliseconds()
        try await harness.execute("UPDATE alerts SET opened_at = \(now - 3 * Self.day) WHERE id = \(open[0].id)")
        try await harness.execute("UPDATE alerts SET opened_at = \(now - 40 * Self.day) WHERE id = \(open[1].id)")
        try await harness.execute("UPDATE list_versions SET imported_at = \(now - 45 * Self.day) WHERE source = 'un'")
        let summary = try await reads.home()
        #expect(summary.bucketLabels == ["under 1 day", "1–7 days", "7–30 days", "30+ days"])
        #expect(summary.openAlerts.map(\.count).reduce(0, +) == open.count)
        #expect(summary.openAlerts.contains(OpenAlertCount(source: open[0].source, bucket: 1, count: 1)))
        #expect(summary.openAlerts.contains(OpenAlertCount(source: open[1].source, bucket: 3, count: 1)))
        #expect(summary.openAlerts.filter { $0.bucket == 0 }.map(\.count).reduce(0, +) == open.count - 2)
        #expect(summary.lists.first { $0.version.source == "un" }.map { ($0.ageDays, $0.stale) } ?? (0, false) == (45, true))
        #expect(summary.lists.filter { $0.version.source != "un" }.allSatisfy { !$0.stale })
        #expect(summary.auditHead?.sequence ?? 0 > 0)
    }

    @Test("the audit page reads newest first, filtered by action or actor, paginated by sequence", arguments: ServiceBackend.allCases)
    func auditPage(backend: ServiceBackend) async throws {
        let (harness, reads, open) = try await make(backend)
        for alert in open.prefix(3) {
            _ = try await harness.service.decide(alertID: alert.id, decision: .falsePositive, reason: "not them", actor: "user:ana")
        }
        let first = try await reads.auditPage(before: nil, action: "case.decide", actor: nil, pageSize: 2)
        #expect(first.records.count == 2 && first.records.allSatisfy { $0.action == "case.decide" })
        #expect(first.records[0].sequence > first.records[1].sequence)
        let rest = try await reads.auditPage(before: first.next, action: "case.decide", actor: nil, pageSize: 2)
        #expect(rest.records.count == 1 && rest.next == nil)
        #expect(try await reads.auditPage(before: nil, action: nil, actor: "user:ana").records.count == 3)
        let all = try await reads.auditPage(before: nil, action: nil, actor: nil, pageSize: 200).records
        #expect(all.map(\.sequence) == all.map(\.sequence).sorted(by: >))
        #expect(try await reads.verifyAudit().isIntact)
    }

    @Test("a case holds the alert, its party, the listed entity's stored record and the party's alerts; an unknown alert is notFound", arguments: ServiceBackend.allCases)
    func casePage(backend: ServiceBackend) async throws {
        let (_, reads, open) = try await make(backend)
        let alert = try #require(open.first { $0.partyID == "p1" })
        let file = try await reads.casePage(alertID: alert.id)
        #expect(file.party?.name == "Ivan Petrovich Sidorov" && file.entity?.id == alert.entityID)
        #expect(file.entity?.json.contains("IVAN PETROVICH SIDOROV") == true)
        #expect(file.partyAlerts.map(\.id).contains(alert.id))
        await #expect(throws: StoreError.self) { _ = try await reads.casePage(alertID: 999_999) }
    }

    @Test("a bulk decision decides every open alert given, reports the ones it cannot, and refuses an empty reason or selection", arguments: ServiceBackend.allCases)
    func bulkDecision(backend: ServiceBackend) async throws {
        let (harness, _, open) = try await make(backend)
        _ = try await harness.service.decide(alertID: open[0].id, decision: .trueMatch, reason: "confirmed", actor: "user:ana")
        let outcomes = try await harness.service.decide(
            alertIDs: [open[0].id, open[1].id, 999_999], decision: .falsePositive, reason: "namesake", actor: "user:ana")
        #expect(outcomes.count == 3)
        guard case .refused(open[0].id, _) = outcomes[0], case .decided(let decided) = outcomes[1], case .refused(999_999, _) = outcomes[2] else {
            Issue.record("unexpected outcomes \(outcomes)")
            return
        }
        #expect(decided.status == .falsePositive && decided.decidedBy == "user:ana")
        await #expect(throws: InvalidInput.self) { _ = try await harness.service.decide(alertIDs: [], decision: .falsePositive, reason: "x", actor: "a") }
        await #expect(throws: InvalidInput.self) {
            _ = try await harness.service.decide(alertIDs: [open[2].id], decision: .falsePositive, reason: "  ", actor: "a")
        }
        #expect(try await harness.store.alert(id: open[2].id)?.status == .open)
    }
}

/// The exclusion docket's pages, on both backends.
@Suite struct ExclusionDocketPageTests {
    @Test("the docket pages by key through every request exactly once, newest first, each with its comments", arguments: ServiceBackend.allCases)
    func docketPages(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        var filed: [String] = []
        for index in 0..<5 {
            let docket = try await harness.service.exclusions.file(
                ExclusionRequestDraft(
                    requesterName: "Dana Whitfield", requesterOrganisation: "Great Lakes Hydraulics LLC", hts10: "8481.90.9020",
                    productDescription: "Valve bodies \(index)", actionKind: "section301", actionHeading: "9903.88.03", grounds: ["not_available_us"],
                    figures: []),
                actor: "user:ana")
            filed.append(docket.request.id)
        }
        _ = try await harness.service.exclusions.comment(
            on: filed[1], CommentDraft(author: "R. Ortiz", position: "oppose", text: "Made in Ohio."), actor: "public:127.0.0.1")
        let reads = try WorkbenchReads(store: harness.store)
        var seen: [ExclusionDocket] = []
        var cursor: ExclusionCursor?
        repeat {
            let page = try await reads.exclusionDockets(before: cursor, pageSize: 2)
            seen += page.dockets
            cursor = page.next
        } while cursor != nil && seen.count < 20
        let expected = try await harness.store.exclusionDockets(hts10: nil).sorted {
            ($0.request.receivedAt.milliseconds, $0.request.id) > ($1.request.receivedAt.milliseconds, $1.request.id)
        }
        #expect(seen.map(\.request.id) == expected.map(\.request.id) && Set(seen.map(\.request.id)) == Set(filed))
        #expect(seen.first { $0.request.id == filed[1] }?.comments.map(\.text) == ["Made in Ohio."])
    }
}
