import Audit
import Enforcement
import Foundation
import ReleaseTokens
import Store
import DataFormats
import Testing

@testable import Operations

/// Authorise-and-draw: the verdict and its reasons, the signed token of a PERMIT, the licence draw, the stored decision
/// and its audit record in one transaction; refused input stores and audits nothing.
@Suite struct AuthorizeOperationTests {
    @Test("a PERMIT on a licence signs a verifiable token, draws on the licence, and is stored with its audit record", arguments: ServiceBackend.allCases)
    func permitOnALicence(backend: ServiceBackend) async throws {
        let harness = try await Walkthrough.harness(backend)
        let before = try await harness.head()
        let body = Data(#"{"party":"p3","eccn":"9E003.a","destination":"CN","date":"2026-06-01"}"#.utf8)
        let answer = try await harness.service.authorize(Walkthrough.request(), actor: "key_screener", body: body)
        #expect(answer.verdict == .permit)
        #expect(answer.reasons.map(\.code).contains("licensed"))
        #expect(answer.subject == "p3" && answer.item == "9E003.a" && answer.destinations == ["CN"] && !answer.deemedExport)
        #expect(answer.license?.id == Walkthrough.licenseID)
        #expect(answer.license?.quantityLeft == 1)
        #expect(answer.expiresAt != nil)

        let claims = try await Walkthrough.verifier(harness).verify(try #require(answer.token))
        #expect(claims.id == answer.decisionID)
        #expect(claims.subject == "p3")
        #expect(claims.item == "9E003.a" && claims.destination == "CN" && claims.license == Walkthrough.licenseID)

        #expect(try await harness.store.license(id: Walkthrough.licenseID)?.quantityUsed == 1)
        let stored = try #require(try await harness.store.authorization(id: answer.decisionID))
        #expect(stored.verdict == "PERMIT" && stored.partyID == "p3" && stored.licenseID == Walkthrough.licenseID)
        #expect(stored.auditSequence == answer.auditSequence)
        #expect(stored.expiresAt != nil && stored.revokedAt == nil)
        #expect(!stored.decisionJSON.contains(#""token""#), "the stored decision never holds the token")
        let returned = try #require(try JSONSerialization.jsonObject(with: Data(answer.json().utf8)) as? [String: Any])
        #expect(returned["decision_id"] as? String == answer.decisionID && returned["token"] as? String == answer.token)
        #expect((returned["determinations"] as? [Any])?.count == 1)
        #expect(try JSONSerialization.jsonObject(with: Data(stored.decisionJSON.utf8)) is [String: Any], "the stored decision is whole JSON")

        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["signing-key.create", "authorize"], "the first PERMIT makes the signing key")
        let record = try #require(records.last)
        #expect(record.sequence == answer.auditSequence)
        #expect(record.actor == "key_screener")
        #expect(record.inputDigest == AuditRecord.digest(body))
        #expect(record.result == "PERMIT \(answer.decisionID): 9E003.a to CN for p3 on licence \(Walkthrough.licenseID)")
        #expect(record.versions == answer.versions)
        #expect(try await harness.chainIsIntact())
    }

    @Test("without a licence the answer is a recorded DENY: no token, no draw, no signing key", arguments: ServiceBackend.allCases)
    func denyWithoutALicence(backend: ServiceBackend) async throws {
        let harness = try await Walkthrough.harness(backend, licensed: false)
        let before = try await harness.head()
        let answer = try await harness.service.authorize(Walkthrough.request(), actor: "key_screener", body: Data())
        #expect(answer.verdict == .deny)
        #expect(answer.reasons.map(\.code).contains("no_license"), "\(answer.reasons.map(\.code))")
        #expect(answer.token == nil && answer.expiresAt == nil && answer.license == nil)
        let stored = try #require(try await harness.store.authorization(id: answer.decisionID))
        #expect(stored.verdict == "DENY" && stored.licenseID == nil && stored.expiresAt == nil)
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["authorize"])
        #expect(records.first?.result == "DENY \(answer.decisionID): 9E003.a to CN for p3")
        #expect(try await harness.store.signingKeys().isEmpty)
    }

    @Test("an open alert on the party makes the release a REVIEW, and a confirmed match a DENY", arguments: ServiceBackend.allCases)
    func partyStandingDecides(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        _ = try await harness.service.importParties([FixtureLists.listedPerson], actor: "key_analyst")
        let request = AuthorizationRequest(recipient: .party(id: "p1"), subject: .item(eccn: "EAR99"), destination: "DE")
        let review = try await harness.service.authorize(request, actor: "key_screener", body: Data())
        #expect(review.verdict == .review)
        #expect(review.reasons.map(\.code).contains("party_alert_open"))
        #expect(review.token == nil)

        let alert = try #require(try await harness.store.alerts(partyID: "p1").first)
        _ = try await harness.service.decide(alertID: alert.id, decision: .trueMatch, reason: "Confirmed", actor: "key_reviewer")
        let deny = try await harness.service.authorize(request, actor: "key_screener", body: Data())
        #expect(deny.verdict == .deny)
        #expect(deny.reasons.map(\.code).contains("party_true_match"))
        #expect(try await harness.store.authorization(id: review.decisionID)?.verdict == "REVIEW")
        #expect(try await harness.store.authorization(id: deny.decisionID)?.verdict == "DENY")
    }

    static let person = AuthorizationRequest.Person(name: "Li Wei", citizenships: ["CN"])
    static let badRequests: [(AuthorizationRequest, String)] = {
        let good = Walkthrough.request()
        func with(_ change: (inout AuthorizationRequest) -> Void) -> AuthorizationRequest {
            var request = good
            change(&request)
            return request
        }
        return [
            (with { $0.tokenLifetime = 59 }, "token_ttl_seconds"),
            (with { $0.tokenLifetime = 86_401 }, "token_ttl_seconds"),
            (with { $0.quantity = 0 }, "quantity"),
            (with { $0.value = -1 }, "value"),
            (with { $0.value = .nan }, "value"),
            (with { $0.subject = .item(eccn: "laptop") }, "eccn"),
            (with { $0.subject = .artifact(id: "no-such-artefact") }, "artifact"),
            (with { $0.recipient = .party(id: "p404") }, "party"),
            (with { $0.destination = nil }, "destination"),
            (with { $0.destination = "XX" }, "destination"),
            (with { $0.date = "2026-13-01" }, "date"),
            (with { $0.endUses = ["tourism"] }, "end_use"),
            (with { $0.recipient = .person(.init(name: "Li Wei", citizenships: [])); $0.destination = nil }, "person.citizenship"),
            (with { $0.recipient = .person(person); $0.destination = nil; $0.subject = .item(eccn: "4A994") }, "eccn"),
        ]
    }()

    @Test("a request that cannot be decided as given is refused naming the field; nothing is stored, drawn or audited", arguments: ServiceBackend.allCases)
    func badRequestsAreRefused(backend: ServiceBackend) async throws {
        let harness = try await Walkthrough.harness(backend)
        let before = try await harness.head()
        for (request, field) in Self.badRequests {
            await #expect {
                _ = try await harness.service.authorize(request, actor: "key_screener", body: Data())
            } throws: { error in
                (error as? AuthorizationInputError)?.field == field
            }
        }
        #expect(try await harness.records(after: before).isEmpty)
        #expect(try await harness.store.license(id: Walkthrough.licenseID)?.quantityUsed == 0)
        #expect(try await harness.store.signingKeys().isEmpty)
    }

    @Test("a release to a foreign person in the US is a deemed export to their countries; a US person's is not", arguments: ServiceBackend.allCases)
    func deemedExports(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let request = AuthorizationRequest(recipient: .person(Self.person), subject: .item(eccn: "3E001"))
        let foreign = try await harness.service.authorize(request, actor: "key_screener", body: Data("li".utf8))
        #expect(foreign.deemedExport)
        #expect(foreign.subject == "person:Li Wei")
        #expect(foreign.destinations == ["CN"])
        #expect(foreign.determinations.map(\.destination) == ["CN"])
        let stored = try #require(try await harness.store.authorization(id: foreign.decisionID))
        #expect(stored.subject == "person:Li Wei" && stored.partyID == nil)
        let record = try #require(try await harness.records(after: foreign.auditSequence - 1).first)
        #expect(record.result.hasSuffix("3E001 to CN for person:Li Wei (deemed export)"), "\(record.result)")

        var citizen = request
        citizen.recipient = .person(.init(name: "Jane Miller", citizenships: ["US"]))
        let domestic = try await harness.service.authorize(citizen, actor: "key_screener", body: Data())
        #expect(domestic.reasons.map(\.code).contains("us_person"))
        #expect(domestic.destinations.isEmpty && domestic.determinations.isEmpty)
    }

    @Test("a person is screened when released to: a listed name makes the release a REVIEW", arguments: ServiceBackend.allCases)
    func personIsScreened(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let request = AuthorizationRequest(
            recipient: .person(.init(name: "Ivan Petrovich Sidorov", citizenships: ["RU"])), subject: .item(eccn: "EAR99"), destination: "DE")
        let answer = try await harness.service.authorize(request, actor: "key_screener", body: Data())
        #expect(answer.verdict == .review)
        #expect(answer.reasons.contains { $0.code == "person_possible_match" && $0.explanation.contains("ofac-sdn:1001") })
    }

    @Test("registered artefacts are audited, and a release of one is decided on its registered ECCN and named in its token", arguments: ServiceBackend.allCases)
    func artefactsAreRegisteredAndReleased(backend: ServiceBackend) async throws {
        let harness = try await Walkthrough.harness(backend)
        let before = try await harness.head()
        let input = Data(#"{"artifacts":[{"id":"turbine-cooling-data","eccn":"9E003.a"}]}"#.utf8)
        try await harness.service.registerArtifacts(
            [ArtifactRecord(id: "turbine-cooling-data", eccn: "9E003.a", description: "Blade cooling technology")], actor: "key_admin", input: input)
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["artifacts.register"])
        #expect(records.first?.inputDigest == AuditRecord.digest(input))
        #expect(records.first?.result == "turbine-cooling-data (9E003.a)")
        #expect(try await harness.store.artifact(id: "turbine-cooling-data")?.eccn == "9E003.a")

        var request = Walkthrough.request()
        request.subject = .artifact(id: "turbine-cooling-data")
        let answer = try await harness.service.authorize(request, actor: "key_screener", body: Data())
        #expect(answer.verdict == .permit)
        #expect(answer.item == "9E003.a" && answer.artifact == "turbine-cooling-data")
        #expect(try await Walkthrough.verifier(harness).verify(try #require(answer.token)).artifact == "turbine-cooling-data")
        #expect(try await harness.store.authorization(id: answer.decisionID)?.artifact == "turbine-cooling-data")
    }

    @Test("the licensing view says which licence would authorise a determination and what is left, and draws nothing", arguments: ServiceBackend.allCases)
    func licensingViewIsReadOnly(backend: ServiceBackend) async throws {
        let harness = try await Walkthrough.harness(backend)
        let before = try await harness.head()
        let (_, required) = try await harness.service.determine(
            .init(eccn: "9E003.a", destination: "CN"), parties: [], actor: "key_analyst", body: Data())
        let transaction = LicenseCoverage.Transaction(
            date: try #require(CivilDate("2026-06-01")), consignee: nil, endUser: FixtureLists.photonics.name, endUses: [], value: 0, quantity: 2)
        let view = try #require(try await harness.service.licensing(for: required, transaction: transaction))
        #expect(view.status == "AUTHORIZED" && view.license == Walkthrough.licenseID && view.quantityLeftAfter == 0)

        var tooMany = transaction
        tooMany.quantity = 3
        let short = try #require(try await harness.service.licensing(for: required, transaction: tooMany))
        #expect(short.status == "NOT_COVERED" && short.license == nil && !short.unmet.isEmpty)

        let (_, free) = try await harness.service.determine(.init(eccn: "4A994", destination: "DE"), parties: [], actor: "key_analyst", body: Data())
        #expect(try await harness.service.licensing(for: free, transaction: transaction) == nil, "an NLR needs no licence")
        #expect(try await harness.store.license(id: Walkthrough.licenseID)?.quantityUsed == 0)
        #expect(try await harness.records(after: before).map(\.action) == ["determine", "determine"], "only the determinations are audited")
    }
}
