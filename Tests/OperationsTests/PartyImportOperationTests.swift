import Audit
import Foundation
import Store
import Testing

@testable import Operations

/// Importing parties: new and changed parties are stored screened, with their alerts and one audit record per chunk;
/// unchanged ones cost nothing; a CSV that cannot be read is refused naming its line and field.
@Suite struct PartyImportOperationTests {
    @Test("new parties are stored screened, a listed one gets an alert, the chunk is audited with the digest of what was stored, and counted", arguments: ServiceBackend.allCases)
    func newPartiesAreStoredScreenedAndAudited(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let before = try await harness.head()
        let parties = [FixtureLists.listedPerson, FixtureLists.bakery]
        let (report, metrics) = try await Harness.measuring {
            try await harness.service.importParties(parties, actor: "key_analyst")
        }
        #expect(report.received == 2)
        #expect(report.inserted == 2)
        #expect(report.changed == 0 && report.unchanged == 0)
        #expect(report.screened == 2)
        #expect(report.alertsOpened == 1)
        #expect(report.suppressed == 0)

        #expect(try await harness.store.party(id: "p1") == FixtureLists.listedPerson)
        #expect(try await harness.store.party(id: "p2") == FixtureLists.bakery)
        let alerts = try await harness.store.alerts(partyID: "p1")
        #expect(alerts.map(\.entityID) == ["ofac-sdn:1001"])
        #expect(alerts.first?.status == .open)
        #expect(alerts.first?.source == "ofac-sdn")
        #expect(alerts.first?.listVersion == "2026-01-15 \(FixtureLists.sdn.metadata.sha256.prefix(8))")
        #expect(try await harness.store.alerts(partyID: "p2").isEmpty)

        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["parties.import"])
        let record = try #require(records.first)
        #expect(record.actor == "key_analyst")
        #expect(record.inputDigest == digest(parties.map { "\($0.id)\u{1F}\($0.digest)" }.joined(separator: "\n")))
        #expect(record.result.hasPrefix("2 received, 2 stored and screened, "), "\(record.result)")
        #expect(record.versions == harness.service.listVersions)
        #expect(try await harness.chainIsIntact())

        #expect(metrics.counterTotal(label: "clearance_parties_screened_total") == 2)
        #expect(metrics.counterTotal(label: "clearance_alerts_opened_total") == 1)
    }

    @Test("a stored party whose type, country or date of birth no longer reads stops its screening, naming the party and the field; one that reads is screened with all of them")
    func aStoredFieldThatNoLongerReadsStopsTheScreening() throws {
        let query = try ComplianceService.query(for: PartyRecord(id: "p1", name: "Ali Hasan", type: "person", country: "ir", dateOfBirth: "1962-07"))
        #expect(query.type == .person)
        #expect(query.country == "IR")
        #expect(query.dateOfBirth?.month == 7)
        for (party, field) in [
            (PartyRecord(id: "p2", name: "Ali Hasan", dateOfBirth: "1962-+1"), "dob"),
            (PartyRecord(id: "p3", name: "Ali Hasan", type: "robot"), "type"),
            (PartyRecord(id: "p4", name: "Ali Hasan", country: "Atlantis"), "country"),
        ] {
            let error = try #require(throws: RecordError.self) { try ComplianceService.query(for: party) }
            #expect(error.record == "party \(party.id)")
            #expect(error.problem.contains("stored \(field)"), "\(error)")
        }
    }

    @Test("importing the same parties again changes nothing and appends no record; a changed party is screened again", arguments: ServiceBackend.allCases)
    func unchangedPartiesAreSkippedAndChangedOnesRescreened(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        _ = try await harness.service.importParties([FixtureLists.listedPerson, FixtureLists.bakery], actor: "key_analyst")
        let before = try await harness.head()
        let (again, quiet) = try await Harness.measuring {
            try await harness.service.importParties([FixtureLists.listedPerson, FixtureLists.bakery], actor: "key_analyst")
        }
        #expect(again.unchanged == 2)
        #expect(again.screened == 0 && again.inserted == 0 && again.changed == 0)
        #expect(try await harness.records(after: before).isEmpty)
        #expect(quiet.counters.isEmpty, "nothing screened, nothing counted")
        #expect(try await harness.store.alerts(partyID: "p1").count == 1, "no second alert for the unchanged listed party")

        var renamed = FixtureLists.bakery
        renamed.name = "Rostekh Orbita JSC"
        let changed = try await harness.service.importParties([FixtureLists.listedPerson, renamed], actor: "key_analyst")
        #expect(changed.changed == 1 && changed.unchanged == 1 && changed.screened == 1)
        #expect(changed.alertsOpened == 1)
        #expect(try await harness.store.party(id: "p2") == renamed)
        #expect(try await harness.store.alerts(partyID: "p2").map(\.entityID) == ["ofac-sdn:1002"])
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["parties.import"])
        #expect(records.first?.inputDigest == digest("p2\u{1F}\(renamed.digest)"), "only what was stored is in the record's input")
    }

    @Test("parties go in chunks: each chunk is one audited transaction", arguments: ServiceBackend.allCases)
    func chunksAreAuditedOneByOne(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let before = try await harness.head()
        let parties = [
            FixtureLists.listedPerson, FixtureLists.bakery, FixtureLists.photonics, PartyRecord(id: "p4", name: "Fjord Analytics AS"),
            PartyRecord(id: "p5", name: "Harbour Cranes Ltd", country: "IE"),
        ]
        let report = try await harness.service.importParties(parties, actor: "key_analyst", chunkSize: 2)
        #expect(report.received == 5)
        #expect(report.inserted == 5 && report.changed == 0)
        #expect(report.screened == 5)
        #expect(try await harness.records(after: before).map(\.action) == ["parties.import", "parties.import", "parties.import"])
        #expect(try await harness.store.partyCount() == 5)
        #expect(try await harness.store.party(id: "p5")?.country == "IE")
        #expect(try await harness.chainIsIntact())
    }

    @Test("a repeated id in one import is refused naming both places; nothing is stored or audited", arguments: ServiceBackend.allCases)
    func repeatedIdsAreRefused(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let before = try await harness.head()
        var moved = FixtureLists.bakery
        moved.country = "IE"
        let error = await #expect(throws: InvalidInput.self) {
            _ = try await harness.service.importParties([FixtureLists.bakery, FixtureLists.photonics, moved], actor: "key_analyst")
        }
        #expect(error?.field == "parties[2].id")
        #expect(error?.message.contains("parties[0]") == true)
        #expect(try await harness.store.partyCount() == 0)
        #expect(try await harness.records(after: before).isEmpty)
    }

    @Test(
        "parties the party rules refuse are refused by the operation itself, naming the party; nothing is stored or audited",
        arguments: ServiceBackend.allCases)
    func invalidPartiesAreRefusedByTheOperation(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let before = try await harness.head()
        let invalid = [
            PartyRecord(id: "", name: "Nameless Id Ltd"), PartyRecord(id: "p5", name: ""), PartyRecord(id: "p6", name: "Acme", country: "Narnia"),
            PartyRecord(id: "p7", name: "Acme\u{0}Hidden"), PartyRecord(id: "p8", name: "Acme", dateOfBirth: "1961-02-30"),
        ]
        for party in invalid {
            let error = await #expect(throws: InvalidInput.self, "\(party)") {
                _ = try await harness.service.importParties([FixtureLists.bakery, party], actor: "key_analyst")
            }
            #expect(error?.field.hasPrefix("parties[1].") == true, "\(String(describing: error))")
        }
        #expect(try await harness.store.partyCount() == 0)
        #expect(try await harness.records(after: before).isEmpty)
    }

    @Test("a party CSV is read into records with its optional fields")
    func partyCSVIsRead() throws {
        let parties = try PartyCSV.parse(
            Data("id,name,type,country,dob\r\np1,Ivan Petrovich Sidorov,person,RU,1961\r\n\r\np2,\"Harbourside Bakery, Ltd\",,,\r\n".utf8))
        #expect(parties == [
            PartyRecord(id: "p1", name: "Ivan Petrovich Sidorov", type: "person", country: "RU", dateOfBirth: "1961"),
            PartyRecord(id: "p2", name: "Harbourside Bakery, Ltd"),
        ])
    }

    @Test(
        "a party CSV that cannot be imported is refused naming the first bad line and field",
        arguments: [
            ("", "line 1"),
            ("id,name\np1,Acme\np1,Acme Two\n", "line 3.id"),
            ("id,name\n,Acme\n", "line 2.id"),
            ("id,name,country\np1,Acme,Narnia\n", "line 2.country"),
            ("id,name,type\np1,Acme,spaceship\n", "line 2.type"),
            ("id,name,dob\np1,Acme,1961-02-30\n", "line 2.dob"),
            ("id,name\np1,\"Acme\n", "line 2"),
        ])
    func badPartyCSVIsRefused(csv: String, field: String) {
        #expect {
            _ = try PartyCSV.parse(Data(csv.utf8))
        } throws: { error in
            (error as? InvalidInput)?.field == field
        }
    }
}
