import Audit
import Foundation
import Screening
import Store
import Testing

@testable import Operations

/// Deciding a case (an open alert): the decision, its reason and decider stored and audited together; what a false
/// positive suppresses and until when; unknown and already decided alerts refused without a record.
@Suite struct CaseOperationTests {
    /// A harness with the listed person imported, and their open alert.
    static func listedPersonsAlert(_ backend: ServiceBackend) async throws -> (Harness, AlertRecord) {
        let harness = try await Harness.make(backend)
        _ = try await harness.service.importParties([FixtureLists.listedPerson], actor: "key_analyst")
        let alert = try #require(try await harness.store.alerts(partyID: "p1").first)
        return (harness, alert)
    }

    @Test("deciding an open alert stores the decision, reason and decider, audited as case.decide with the decision as input", arguments: ServiceBackend.allCases)
    func decisionIsStoredAndAudited(backend: ServiceBackend) async throws {
        let (harness, alert) = try await Self.listedPersonsAlert(backend)
        let before = try await harness.head()
        let reason = "Same name, date of birth and nationality as the SDN entry"
        let decided = try await harness.service.decide(alertID: alert.id, decision: .trueMatch, reason: reason, actor: "key_reviewer")
        #expect(decided.status == .trueMatch)
        #expect(decided.reason == reason)
        #expect(decided.decidedBy == "key_reviewer")
        #expect(decided.decidedAt != nil)
        #expect(try await harness.store.alert(id: alert.id) == decided)
        #expect(try await harness.store.alerts(status: .open, limit: 10).isEmpty)

        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["case.decide"])
        let record = try #require(records.first)
        #expect(record.actor == "key_reviewer")
        #expect(record.inputDigest == digest("\(alert.id) true_match \(reason)"))
        #expect(record.result == "alert \(alert.id): true_match")
        #expect(record.versions == harness.service.listVersions)
        #expect(try await harness.chainIsIntact())
    }

    @Test("an unknown alert is not found and a decided one is a conflict; neither is audited nor changes the alert", arguments: ServiceBackend.allCases)
    func unknownAndDecidedAlertsAreRefused(backend: ServiceBackend) async throws {
        let (harness, alert) = try await Self.listedPersonsAlert(backend)
        let decided = try await harness.service.decide(alertID: alert.id, decision: .falsePositive, reason: "Different person", actor: "key_reviewer")
        let before = try await harness.head()
        await #expect {
            _ = try await harness.service.decide(alertID: alert.id + 100, decision: .trueMatch, reason: "x", actor: "key_reviewer")
        } throws: { error in
            (error as? StoreError)?.kind == .notFound
        }
        await #expect {
            _ = try await harness.service.decide(alertID: alert.id, decision: .trueMatch, reason: "Changed my mind", actor: "key_other")
        } throws: { error in
            (error as? StoreError)?.kind == .conflict
        }
        #expect(try await harness.records(after: before).isEmpty)
        #expect(try await harness.store.alert(id: alert.id) == decided)
    }

    @Test("a false positive stays suppressed when the entity is delisted and listed again unchanged, and reopens once the entity changes", arguments: ServiceBackend.allCases)
    func falsePositiveIsSuppressedUntilTheEntityChanges(backend: ServiceBackend) async throws {
        let (harness, alert) = try await Self.listedPersonsAlert(backend)
        _ = try await harness.service.decide(alertID: alert.id, decision: .falsePositive, reason: "Born 1961 in Tver, not the same man", actor: "key_reviewer")

        let delisted = try await harness.service.importList(
            FixtureLists.list("ofac-sdn", [FixtureLists.orbita], published: "2026-02-01"), actor: "key_admin", force: true)
        #expect(delisted.removed == 1 && delisted.delistedAlerts == 0, "a decided alert is not delisted")
        let relisted = try await harness.service.importList(
            FixtureLists.list("ofac-sdn", [FixtureLists.orbita, FixtureLists.sidorov], published: "2026-03-01"), actor: "key_admin")
        #expect(relisted.added == 1 && relisted.rescreenedParties == 1)
        #expect(relisted.alertsOpened == 0, "the same party against the same entity: suppressed")
        #expect(try await harness.store.alerts(partyID: "p1").map(\.status) == [.falsePositive])

        var amended = FixtureLists.sidorov
        amended.aliases = [Alias(name: "IVAN SIDOROFF", strength: .strong, kind: "aka")]
        let changed = try await harness.service.importList(
            FixtureLists.list("ofac-sdn", [FixtureLists.orbita, amended], published: "2026-04-01"), actor: "key_admin")
        #expect(changed.changed == 1 && changed.alertsOpened == 1, "a changed entry is a new question")
        #expect(try await harness.store.alerts(partyID: "p1").map(\.status) == [.falsePositive, .open])
        #expect(try await harness.chainIsIntact())
    }
}
