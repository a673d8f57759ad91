import Foundation
import Store

extension Store {
    /// Stores parties as an import that found no candidates for them (the new and changed ones, with one
    /// `parties.import` audit record), and says which were new, changed or unchanged: a fixture for tests
    /// that record screenings separately.
    func upsertParties(_ parties: [PartyRecord]) async throws -> [PartyChange] {
        let stored = try await partyDigests(ids: parties.map(\.id))
        let changes = parties.map { party -> PartyChange in
            switch stored[party.id] {
            case nil: .inserted
            case party.digest?: .unchanged
            default: .changed
            }
        }
        let toStore = zip(parties, changes).filter { $0.1 != .unchanged }.map { PartyScreeningResult(party: $0.0, candidates: []) }
        if !toStore.isEmpty {
            _ = try await importParties(toStore, audit: StoreTests.draft("parties.import"))
        }
        return changes
    }
}
