import Audit
import Determination
import Foundation
import Screening
import Store
import Testing

@testable import Operations

/// Screening and determination: the answer, one audit record naming the actor, the input's digest and the data
/// versions, the metrics, and nothing stored besides; a request the engine refuses is never audited.
@Suite struct ScreenOperationTests {
    @Test("a screening answers each query's matches and appends one screen record with the actor, input digest, summary and versions", arguments: ServiceBackend.allCases)
    func screeningIsAnsweredAndAuditedOnce(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let before = try await harness.head()
        let input = Data(#"{"queries":[{"name":"Ivan Petrovich Sidorov"},{"name":"Harbourside Bakery Ltd"}]}"#.utf8)
        let ((id, matches), metrics) = try await Harness.measuring {
            try await harness.service.screen(
                [ScreeningQuery(name: "Ivan Petrovich Sidorov", country: "RU"), ScreeningQuery(name: "Harbourside Bakery Ltd")],
                options: ScreeningOptions(), actor: "key_screener", input: input)
        }
        #expect(matches.count == 2)
        #expect(matches[0].map(\.entityID) == ["ofac-sdn:1001"])
        #expect(matches[1].isEmpty)

        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["screen"])
        let record = try #require(records.first)
        #expect(id == record.sequence, "the screening id is its audit record's sequence")
        #expect(record.actor == "key_screener")
        #expect(record.inputDigest == AuditRecord.digest(input))
        #expect(record.result.hasPrefix("2 queries, 1 matches; top ofac-sdn:1001 "), "\(record.result)")
        #expect(record.versions == harness.service.listVersions)
        #expect(record.versions.contains("ofac-sdn 2026-01-15 \(FixtureLists.sdn.metadata.sha256.prefix(8))"))
        #expect(try await harness.chainIsIntact())

        #expect(metrics.counterTotal(label: "clearance_screenings_total") == 2)
        #expect(metrics.counterTotal(label: "clearance_screening_matches_total") == 1)
        #expect(try await harness.store.partyCount() == 0, "a screening stores no party")
        #expect(try await harness.store.alerts(status: nil, limit: 10).isEmpty, "nor any alert")
    }

    @Test("each screening is its own audit record, and the record names no match when none is found", arguments: ServiceBackend.allCases)
    func eachScreeningIsItsOwnRecord(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let first = try await harness.service.screen(
            [ScreeningQuery(name: "Harbourside Bakery Ltd")], options: ScreeningOptions(), actor: "key_a", input: Data("a".utf8))
        let second = try await harness.service.screen(
            [ScreeningQuery(name: "Rostekh Orbita JSC")], options: ScreeningOptions(), actor: "key_b", input: Data("b".utf8))
        #expect(second.screeningID == first.screeningID + 1)
        let records = try await harness.records(after: first.screeningID - 1)
        #expect(records.map(\.actor) == ["key_a", "key_b"])
        #expect(records.first?.result == "1 query, 0 matches")
        #expect(records.last?.result.hasPrefix("1 query, 1 matches; top ofac-sdn:1002 ") == true, "\(records.last?.result ?? "")")
    }

    @Test("a determination screens its parties, answers the engine's outcome and appends one determine record with EAR and list versions", arguments: ServiceBackend.allCases)
    func determinationIsAnsweredAndAudited(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let before = try await harness.head()
        let body = Data(#"{"eccn":"EAR99","destination":"DE","parties":["Northwind Optronics Trading"]}"#.utf8)
        let (id, answer) = try await harness.service.determine(
            Determiner.Input(eccn: "EAR99", destination: "DE"), parties: ["Northwind Optronics Trading"], actor: "key_analyst", body: body)
        #expect(answer.outcome == .prohibited, "a Denied Persons List party is prohibited (GP4)")
        #expect(answer.findings.contains { $0.prohibition == "GP4" })

        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["determine"])
        let record = try #require(records.first)
        #expect(id == record.sequence)
        #expect(record.actor == "key_analyst")
        #expect(record.inputDigest == AuditRecord.digest(body))
        #expect(record.result.hasPrefix("PROHIBITED EAR99 to DE: GP4 "), "\(record.result)")
        #expect(record.versions == answer.dataVersion + "; " + harness.service.listVersions)
        #expect(try await harness.chainIsIntact())
    }

    @Test("a determination without parties records only the EAR data version", arguments: ServiceBackend.allCases)
    func determinationWithoutPartiesRecordsTheEARVersion(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let (id, answer) = try await harness.service.determine(
            Determiner.Input(eccn: "4A994", destination: "DE"), parties: [], actor: "key_analyst", body: Data("{}".utf8))
        #expect(answer.outcome == .nlr)
        let record = try #require(try await harness.records(after: id - 1).first)
        #expect(record.result == "NLR 4A994 to DE")
        #expect(record.versions == answer.dataVersion)
    }

    @Test(
        "a determination the engine refuses names the field and appends nothing",
        arguments: ServiceBackend.allCases, [("laptop", "DE", "eccn"), ("4A994", "XX", "destination"), ("3A009", "DE", "eccn")])
    func refusedDeterminationIsNotAudited(backend: ServiceBackend, request: (eccn: String, destination: String, field: String)) async throws {
        let harness = try await Harness.make(backend)
        let before = try await harness.head()
        await #expect {
            _ = try await harness.service.determine(
                Determiner.Input(eccn: request.eccn, destination: request.destination), parties: [], actor: "key_analyst", body: Data())
        } throws: { error in
            (error as? DeterminationError)?.field == request.field
        }
        #expect(try await harness.records(after: before).isEmpty)
    }
}
