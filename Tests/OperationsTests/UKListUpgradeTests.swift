import BundledData
import Foundation
import Screening
import Store
import Testing

@testable import Operations

/// A store whose UK list came from the names-only FCDO summary keeps working when the OFSI Consolidated
/// List's details arrive: as the bundled combined list, or as the ConList file alone. Both backends.
@Suite struct UKListUpgradeTests {
    static let summaryEntry = ListManifest.Entry(
        source: "uk", name: "UK Sanctions List (FCDO summary export)", format: "uk-sanctions-list-ods",
        files: .init(primary: "uk/FCDO_SL_2025-08-11_SUMMARY.ods"), published: "2025-08-11")
    static let conListEntry = ListManifest.Entry(
        source: "uk", name: "OFSI Consolidated List", format: "ofsi-conlist-xlsx", files: .init(primary: "uk/ofsi/ConList_2025-04-10.xlsx"))

    static let lists = Result { () throws(ListLoadError) in
        let directory = BundledData.listsDirectory
        let bundled = try ListLoader.load(directory: directory, sources: ["uk"])
        return (
            summary: try ListLoader.loadList(entry: summaryEntry, directory: directory),
            conList: try ListLoader.loadList(entry: conListEntry, directory: directory),
            bundled: bundled[0])
    }

    /// A store holding only the summary as `uk`, with party p1 ("Said Bahaji") alerting on uk:AQD0300.
    static func summaryStore(_ backend: ServiceBackend) async throws -> (Harness, alert: AlertRecord) {
        let harness = try await Harness.make(backend, lists: [try lists.get().summary])
        _ = try await harness.service.importParties([PartyRecord(id: "p1", name: "Said Bahaji", type: "person")], actor: "cli:test")
        let alert = try #require(try await harness.store.alerts(status: .open, limit: 100).first { $0.partyID == "p1" })
        #expect(alert.entityID == "uk:AQD0300")
        return (harness, alert)
    }

    @Test("the bundled UK list over a summary-only store: no designation added or removed, the 4,659 with ConList details changed, the alert keeps its entity and its case shows the aliases; an alias now matches", arguments: ServiceBackend.allCases)
    func bundledListOverTheSummary(backend: ServiceBackend) async throws {
        let (harness, alert) = try await Self.summaryStore(backend)
        let bundled = try Self.lists.get().bundled
        let report = try await harness.service.importList(bundled, actor: "cli:test")
        #expect(report.added == 0 && report.removed == 0)
        #expect(report.changed == 4_659)
        #expect(report.entities == 5_300)

        let kept = try #require(try await harness.store.alert(id: alert.id))
        #expect(kept.entityID == "uk:AQD0300" && kept.partyID == "p1")
        let page = try await WorkbenchReads(store: harness.store).casePage(alertID: alert.id)
        let entity = try JSONDecoder().decode(Entity.self, from: Data(try #require(page.entity).json.utf8))
        #expect(entity.id == "uk:AQD0300")
        #expect(entity.aliases.contains(Alias(name: "AL MAGHRIBI Zouheir", strength: .strong, kind: "AKA, Good quality")))
        #expect(entity.datesOfBirth == [DateOfBirth(year: 1975, month: 7, day: 15)])
        #expect(harness.service.screener.screen(ScreeningQuery(name: "Zouheir Al Maghribi")).contains { $0.entityID == "uk:AQD0300" })
    }

    @Test("the ConList file alone over a summary-only store: its 638 missing designations pass the removal limit only when forced; then the ids that match stay the same parties, the 3 groups without a reference keep the summary's ids, and the alert keeps its entity", arguments: ServiceBackend.allCases)
    func conListAloneOverTheSummary(backend: ServiceBackend) async throws {
        let (harness, alert) = try await Self.summaryStore(backend)
        let conList = try Self.lists.get().conList
        await #expect(throws: ListVersionRefused.self) {
            _ = try await harness.service.importList(conList, actor: "cli:test")
        }
        let report = try await harness.service.importList(conList, actor: "cli:test", force: true)
        #expect(report.removed == 638)
        #expect(report.added == 24, "designations the summary no longer holds")
        #expect(report.renumbered == 3, "the 3 groups without a reference (ids by Group ID) are the summary's SUD0020, SUD0021, GHR0094 by regime, type and name")
        #expect(report.changed == 4_662)
        let kept = try #require(try await harness.store.alert(id: alert.id))
        #expect(kept.entityID == "uk:AQD0300")
    }
}
