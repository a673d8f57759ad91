import Foundation
import Screening
import Store
import Testing

@testable import Operations

/// A publisher that gives every record a new id (trade.gov's CSL does between releases) must not make an import
/// look like every party delisted and listed again.
@Suite struct RenumberedListImportTests {
    /// The harness's UN list with every id renumbered, as the CSL does between releases.
    static func renumbered(changingName index: Int? = nil) -> ParsedList {
        let entities = FixtureLists.unNames.indices.map { position in
            var entity = FixtureLists.unEntity(position, name: position == index ? "SOMEONE ELSE ENTIRELY" : nil)
            entity.id = "un:NEW.\(900 + position)"
            return entity
        }
        return FixtureLists.list("un", entities, published: "2026-03-01")
    }

    @Test("a release that renumbers every record keeps the stored ids: nothing removed, no alert delisted, no refusal, and the audit names the pairs", arguments: ServiceBackend.allCases)
    func renumberedRecordsKeepTheirIDs(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let zarghun = PartyRecord(id: "p9", name: "Abdul Qadir Zarghun", type: "person")
        _ = try await harness.service.importParties([zarghun], actor: "key_analyst")
        let alert = try #require(try await harness.store.alerts(partyID: "p9").first)
        #expect(alert.entityID == "un:QDi.101")
        let before = try await harness.head()

        let report = try await harness.service.importList(Self.renumbered(), actor: "key_admin")
        #expect(report.renumbered == 20)
        #expect(report.added == 0 && report.changed == 0 && report.removed == 0)
        #expect(report.delistedAlerts == 0)
        #expect(try await harness.store.alerts(partyID: "p9").map(\.status) == [.open])
        let active = try #require(try await harness.store.activeListVersions().first { $0.source == "un" })
        #expect(try await harness.store.entities(versionID: active.id).map(\.id).sorted() == FixtureLists.unNames.indices.map { "un:QDi.\(101 + $0)" }.sorted())
        #expect(harness.service.screener.screen(ScreeningQuery(name: "Abdul Qadir Zarghun")).first?.entityID == "un:QDi.101")
        let record = try #require(try await harness.records(after: before).first)
        #expect(record.result.contains("20 renumbered by the publisher keep their ids"), "\(record.result)")
        #expect(record.result.contains("un:NEW.900 kept as un:QDi.101"))
        #expect(try await harness.chainIsIntact())
    }

    @Test("a renumbered record whose name changed too is not paired: it is a removal and an addition", arguments: ServiceBackend.allCases)
    func aRenamedRenumberedRecordIsNotPaired(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let report = try await harness.service.importList(Self.renumbered(changingName: 0), actor: "key_admin")
        #expect(report.renumbered == 19)
        #expect(report.added == 1 && report.removed == 1)
    }
}
