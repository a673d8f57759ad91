import Audit
import Foundation
import Screening
import Store
import Testing

@testable import Operations

/// The case page reads the listed entity as the version the alert was raised on holds it, and names that
/// version; a version that no longer holds it falls back to the newest one that does, named too. Both backends.
@Suite struct CaseEntityVersionTests {
    @Test("a case shows the entity as the alert's list version holds it, with that version's label, also after a newer version changed it", arguments: ServiceBackend.allCases)
    func alertVersion(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        _ = try await harness.service.importParties([PartyRecord(id: "p1", name: "Ivan Petrovich Sidorov", type: "person")], actor: "cli:test")
        let alert = try #require(try await harness.store.alerts(status: .open, limit: 100).first { $0.partyID == "p1" })
        let reads = try WorkbenchReads(store: harness.store)
        let before = try await reads.casePage(alertID: alert.id)
        #expect(before.entityVersion == alert.listVersion)
        var entity = try JSONDecoder().decode(Entity.self, from: Data(try #require(before.entity).json.utf8))
        entity.remarks = "Changed in the newer version."
        let newer = ParsedList(
            metadata: ListMetadata(source: alert.source, name: "\(alert.source) (newer)", published: "2027-02-01", sha256: AuditRecord.digest(Data("newer".utf8))),
            entities: [entity])
        _ = try await harness.service.importList(newer, actor: "cli:test", force: true)
        let newerLabel = "2027-02-01 \(AuditRecord.digest(Data("newer".utf8)).prefix(8))"

        let after = try await reads.casePage(alertID: alert.id)
        let current = try #require(try await harness.store.alert(id: alert.id))
        #expect(after.entityVersion == current.listVersion, "the record of the version the alert now names")
        #expect(after.entity?.json.contains("Changed in the newer version.") == (current.listVersion == newerLabel))

        let older = try #require(try await reads.caseEntities.entity(source: alert.source, entityID: alert.entityID, preferring: alert.listVersion))
        #expect(older.listVersion == alert.listVersion && !older.entity.json.contains("Changed in the newer version."), "the older version's own record")
        let fallback = try #require(try await reads.caseEntities.entity(source: alert.source, entityID: alert.entityID, preferring: "2020-01-01 00000000"))
        #expect(fallback.listVersion == newerLabel && fallback.entity.json.contains("Changed in the newer version."))
        #expect(try await reads.caseEntities.entity(source: alert.source, entityID: "no-such-entity", preferring: alert.listVersion) == nil)
    }
}
