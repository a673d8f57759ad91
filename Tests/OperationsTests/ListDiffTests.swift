import Store
import Testing

@testable import Operations

/// The list diff (computed in the service, never in a store) and the party-change rule a chunk is stored by.
@Suite struct ListDiffTests {
    static func entities(_ pairs: [(String, String)]) -> [StoredEntity] {
        pairs.map { StoredEntity(id: $0.0, digest: $0.1, json: "{}") }
    }

    @Test func aNewVersionIsComparedByContentAndAnIdGivenTwiceCountsOnce() {
        let diff = ListDiff(
            from: Self.entities([("un:a", "1"), ("un:b", "1"), ("un:c", "1")]),
            to: Self.entities([("un:a", "1"), ("un:c", "2"), ("un:d", "1"), ("un:d", "9")]))
        #expect(diff.added.map(\.id) == ["un:d"])
        #expect(diff.added.first?.digest == "1", "the first of a repeated id is the one kept")
        #expect(diff.changed.map(\.id) == ["un:c"])
        #expect(diff.removed == ["un:b"])
        #expect(diff.rescreen.map(\.id) == ["un:d", "un:c"])
        #expect(ListDiff(from: [], to: Self.entities([("un:a", "1")])).rescreen.count == 1, "a first version re-screens against everything")
    }

    @Test func onlyNewAndChangedPartiesAreStoredAndTheLastRowOfAnIdWins() {
        let acme = PartyRecord(id: "p1", name: "Acme GmbH")
        var moved = acme
        moved.country = "DE"
        let ivan = PartyRecord(id: "p2", name: "Ivan Petrov")
        let new = PartyRecord(id: "p3", name: "New Co")
        let (changes, toScreen) = ComplianceService.changes(
            [acme, ivan, new, moved], stored: ["p1": acme.digest, "p2": PartyRecord(id: "p2", name: "Ivan").digest])
        #expect(changes == [.unchanged, .changed, .inserted, .changed])
        #expect(toScreen == [ivan, new, moved])
    }

    @Test func aRefusalSaysHowMuchWasRemovedAndHowToForceIt() {
        let refusal = ListVersionRefused(source: "un", removed: 313, active: 1_002, limit: 0.1)
        #expect(refusal.description.contains("removes 313 of the 1002 active entities (31.2%)"), "\(refusal.description)")
        #expect(refusal.description.contains("more than the 10% allowed"))
        #expect(refusal.description.contains("--force"))
    }
}
