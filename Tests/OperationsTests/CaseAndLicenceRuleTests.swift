import Audit
import Foundation
import Operations
import Store
import Testing

/// The rules moved above the store (what a case decision and a licence revocation do), on both backends.
@Suite struct CaseAndLicenceRuleTests {
    static func draft(_ action: String) -> AuditDraft {
        AuditDraft(actor: "test", action: action, input: Data(action.utf8), result: "ok", versions: "")
    }

    static func candidate(_ entity: String, digest: String = "e1") -> AlertCandidate {
        AlertCandidate(
            entityID: entity, source: "ofac-sdn", listVersion: "2023-12-28", score: 0.95, entityDigest: digest,
            matchJSON: "{\"entity_id\":\"\(entity)\"}")
    }

    static func permit(_ id: String, party: String? = "p1", license: String? = nil) -> AuthorizationRecord {
        AuthorizationRecord(
            id: id, verdict: "PERMIT", subject: party ?? "person:X", partyID: party, artifact: "weights", item: "3A001.b.3",
            destination: "JP", licenseID: license, expiresAt: Int64.max / 2, decisionJSON: #"{"verdict":"PERMIT"}"#)
    }

    /// A store with party `p1` and one open alert on it (and, to see what a sweep leaves alone, party `p2`).
    static func storeWithAlert(_ backend: ServiceBackend) async throws -> (store: any Store, alert: AlertRecord) {
        let store = try await backend.makeStore().store
        let parties = [PartyRecord(id: "p1", name: "Lumen Photonics"), PartyRecord(id: "p2", name: "Other")]
        _ = try await store.importParties(parties.map { PartyScreeningResult(party: $0, candidates: []) }, audit: draft("parties.import"))
        let alert = try #require(
            try await store.recordScreening(party: parties[0], candidates: [candidate("ofac-sdn:1")], audit: draft("screen")).opened.first)
        return (store, alert)
    }

    @Test("the case rule: a false positive suppresses the pair, a true match sweeps the party's PERMITs, a closed alert is not decided")
    func theCaseRule() throws {
        let alert = AlertRecord(
            id: 7, partyID: "p1", entityID: "ofac-sdn:1", source: "ofac-sdn", listVersion: "v", score: 0.9, status: .open, matchJSON: "{}",
            openedAt: 1, decidedAt: nil, decidedBy: nil, reason: nil)
        let falsePositive = try AlertTransition.decide(alert, .falsePositive, reason: "other person", actor: "a")
        #expect(falsePositive.from == .open && falsePositive.to == .falsePositive && falsePositive.suppressesPair && falsePositive.sweep == nil)
        let trueMatch = try AlertTransition.decide(alert, .trueMatch, reason: "same passport", actor: "a")
        #expect(trueMatch.to == .trueMatch && !trueMatch.suppressesPair)
        #expect(trueMatch.sweep == AuthorizationSweep(.party("p1"), reason: "party p1 confirmed as ofac-sdn:1 (alert 7, true match)"))
        for status in AlertStatus.allCases where status != .open {
            var closed = alert
            closed.status = status
            for decision in Decision.allCases {
                #expect(throws: StoreError.self, "\(status) → \(decision)") {
                    _ = try AlertTransition.decide(closed, decision, reason: "r", actor: "a")
                }
            }
        }
    }

    @Test("only an open alert can be decided, an unknown one is not found, and a refusal writes nothing", arguments: ServiceBackend.allCases)
    func onlyOpenAlertsAreDecided(backend: ServiceBackend) async throws {
        let (store, alert) = try await Self.storeWithAlert(backend)
        _ = try await store.decide(alertID: alert.id, decision: .trueMatch, reason: "same passport", actor: "a", audit: Self.draft("case.decide"))
        let before = try await store.auditRecords(after: 0, limit: 100).count
        for (id, kind) in [(alert.id, StoreError.Kind.conflict), (999_999, .notFound)] {
            do {
                _ = try await store.decide(alertID: id, decision: .falsePositive, reason: "oops", actor: "a", audit: Self.draft("case.decide"))
                Issue.record("alert \(id) must be refused")
            } catch {
                #expect(error.kind == kind, "\(error)")
            }
        }
        #expect(try await store.auditRecords(after: 0, limit: 100).count == before)
        #expect(try await store.alert(id: alert.id)?.status == .trueMatch)
    }

    @Test("a false positive suppresses the pair until either side changes, and revokes nothing", arguments: ServiceBackend.allCases)
    func aFalsePositiveSuppressesThePair(backend: ServiceBackend) async throws {
        let (store, alert) = try await Self.storeWithAlert(backend)
        _ = try await store.recordAuthorization(Self.permit("az_1"), draw: nil, audit: Self.draft("authorize"))
        let decided = try await store.decide(
            alertID: alert.id, decision: .falsePositive, reason: "different date of birth", actor: "key_a", audit: Self.draft("case.decide"))
        #expect(decided.status == .falsePositive && decided.decidedBy == "key_a" && decided.reason == "different date of birth")
        #expect(try await store.revocations(after: 0, limit: 10).isEmpty)
        let party = PartyRecord(id: "p1", name: "Lumen Photonics")
        #expect(try await store.recordScreening(party: party, candidates: [Self.candidate("ofac-sdn:1")], audit: Self.draft("screen")).suppressed == 1)
        let changed = try await store.recordScreening(party: party, candidates: [Self.candidate("ofac-sdn:1", digest: "e2")], audit: Self.draft("screen"))
        #expect(changed.opened.count == 1, "a changed list record reopens the pair")
    }

    @Test("a true match revokes the party's outstanding PERMITs into the feed, naming the alert, and no one else's", arguments: ServiceBackend.allCases)
    func aTrueMatchRevokesThePartysPermits(backend: ServiceBackend) async throws {
        let (store, alert) = try await Self.storeWithAlert(backend)
        for (id, party) in [("az_b", "p1"), ("az_a", "p1"), ("az_c", "p2")] {
            _ = try await store.recordAuthorization(Self.permit(id, party: party), draw: nil, audit: Self.draft("authorize"))
        }
        _ = try await store.decide(alertID: alert.id, decision: .trueMatch, reason: "same address", actor: "a", audit: Self.draft("case.decide"))
        let feed = try await store.revocations(after: 0, limit: 10)
        #expect(feed.map(\.authorizationID) == ["az_a", "az_b"], "in id order, p1's only")
        #expect(feed.allSatisfy { $0.reason == "party p1 confirmed as ofac-sdn:1 (alert \(alert.id), true match)" })
        #expect(try await store.authorization(id: "az_c")?.revokedAt == nil)
        #expect(try await store.verifyAudit().isIntact)
    }

    @Test("two analysts deciding one alert at once: exactly one decision is recorded, the other refused", arguments: ServiceBackend.allCases)
    func concurrentDecisionsRecordOne(backend: ServiceBackend) async throws {
        for _ in 0..<5 {
            let (store, alert) = try await Self.storeWithAlert(backend)
            let outcomes = await withTaskGroup(of: StoreError.Kind?.self) { group in
                for decision in [Decision.falsePositive, .trueMatch, .falsePositive, .trueMatch] {
                    group.addTask {
                        do throws(StoreError) {
                            _ = try await store.decide(alertID: alert.id, decision: decision, reason: "r", actor: "a", audit: Self.draft("case.decide"))
                            return nil
                        } catch {
                            return error.kind
                        }
                    }
                }
                return await group.reduce(into: [StoreError.Kind?]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0 == .conflict }.count == 3, "\(outcomes)")
            #expect(try await store.auditRecords(after: 0, limit: 100).filter { $0.action == "case.decide" }.count == 1)
        }
    }

    @Test("revoking a licence revokes the PERMITs that drew on it, with a reason naming it; revoking it again is refused",
        arguments: ServiceBackend.allCases)
    func revokingALicence(backend: ServiceBackend) async throws {
        let store = try await backend.makeStore().store
        let license = LicenseRecord(
            id: "D1234567", kind: .bisLicense, eccns: ["3A001.b.3"], destinations: ["JP"], consignee: nil, endUser: nil, valueLimit: nil,
            quantityLimit: 10, validFrom: "2026-01-01", validTo: "2027-12-31", conditions: [])
        try await store.addLicense(license, audit: Self.draft("license.add"))
        _ = try await store.recordAuthorization(
            Self.permit("az_1", license: "D1234567"), draw: LicenseDraw(licenseID: "D1234567", value: 1, quantity: 1), audit: Self.draft("authorize"))
        _ = try await store.recordAuthorization(Self.permit("az_2"), draw: nil, audit: Self.draft("authorize"))
        let result = try await store.revokeLicense(id: "D1234567", reason: "BIS revoked it", audit: Self.draft("license.revoke"))
        #expect(result.revoked == 1 && result.license.revokedAt != nil)
        #expect(try await store.revocations(after: 0, limit: 10).map(\.reason) == ["licence D1234567 revoked: BIS revoked it"])
        #expect(try await store.authorization(id: "az_2")?.revokedAt == nil)
        for (id, kind) in [("D1234567", StoreError.Kind.conflict), ("D0000000", .notFound)] {
            do {
                _ = try await store.revokeLicense(id: id, reason: "again", audit: Self.draft("license.revoke"))
                Issue.record("\(id) must be refused")
            } catch {
                #expect(error.kind == kind, "\(error)")
            }
        }
        #expect(try await store.auditRecords(after: 0, limit: 100).filter { $0.action == "license.revoke" }.count == 1)
    }
}
