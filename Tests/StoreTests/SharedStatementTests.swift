import Foundation
@testable import Store
import Testing

/// The statements both backends run, written once: how they are rendered, and what they decode.
@Suite struct SharedStatementTests {
    @Test("PostgreSQL numbers the placeholders in order, leaving question marks in quoted text alone")
    func placeholdersAreNumberedOutsideQuotes() {
        let statement = SQLStatement(
            "UPDATE t SET a = ?, b = 'why?' WHERE \"odd?\" = ? AND c = ?", "x", Int64(2), Optional<Double>.none)
        #expect(statement.numbered == "UPDATE t SET a = $1, b = 'why?' WHERE \"odd?\" = $2 AND c = $3")
        #expect(statement.arguments == [.text("x"), .integer(2), .null])
    }

    @Test("an alert whose stored status is not an alert status stops the read, naming the alert and the column",
        arguments: Backend.allCases)
    func anUndecodableAlertStatusStopsTheRead(backend: Backend) async throws {
        let test = try await backend.makeStore()
        let party = PartyRecord(id: "p1", name: "Someone")
        _ = try await test.store.upsertParties([party])
        let alert = try #require(
            try await test.store.recordScreening(party: party, candidates: [StoreTests.candidate("x:1")], audit: StoreTests.draft("screen"))
                .opened.first)
        switch backend {
        case .sqlite:
            try await test.execute("PRAGMA ignore_check_constraints = ON")
            try await test.execute("UPDATE alerts SET status = 'withdrawn' WHERE id = \(alert.id)")
        case .postgres:
            try await test.execute("ALTER TABLE alerts DROP CONSTRAINT alerts_status_check")
            try await test.execute("UPDATE alerts SET status = 'withdrawn' WHERE id = \(alert.id)")
        }
        do {
            let read = try await test.store.alerts(partyID: "p1")
            Issue.record("the alert must not be skipped: read \(read)")
        } catch {
            #expect(error.kind == .database)
            #expect(error.message.contains("alert \(alert.id)") && error.message.contains("alerts.status"), "\(error)")
        }
    }
}
