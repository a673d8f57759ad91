import Foundation
import Screening
import Testing

@testable import Operations

/// Screening reuses its sessions (their scratch memory) between requests without changing an answer, and a
/// new list version screens on sessions over its own index.
@Suite struct ScreeningSessionTests {
    /// Listed names, their variants (a word dropped, a letter changed, reordered) and clean names.
    static var queries: [ScreeningQuery] {
        let names = FixtureLists.unNames + ["IVAN PETROVICH SIDOROV", "ROSTEKH ORBITA JSC", "NORTHWIND OPTRONICS TRADING"]
        var queries: [ScreeningQuery] = []
        for (index, name) in names.enumerated() {
            let words = name.split(separator: " ").map(String.init)
            queries.append(ScreeningQuery(name: name))
            queries.append(ScreeningQuery(name: words.dropLast().joined(separator: " ")))
            queries.append(ScreeningQuery(name: words.reversed().joined(separator: " ")))
            queries.append(ScreeningQuery(name: String(name.prefix(4)) + "x" + String(name.dropFirst(5))))
            queries.append(ScreeningQuery(name: "Harbourside Bakery \(index) Ltd"))
        }
        return queries
    }

    @Test("screenings on reused sessions, one after another and concurrently, answer exactly as a fresh session does", arguments: ServiceBackend.allCases)
    func reusedSessionsAnswerAsFreshOnes(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let service = harness.service
        let queries = Self.queries
        let options = ScreeningOptions(threshold: 0.5, limit: 10)
        let expected = queries.map { service.screener.screen($0, options: options) }
        #expect(expected.contains { !$0.isEmpty } && expected.contains { $0.isEmpty }, "the queries match some names and miss others")
        for (index, query) in queries.enumerated() {
            let answer = try await service.screen([query], options: options, actor: "key_s", input: Data()).matches
            #expect(answer == [expected[index]], "query \(index): \(query.name)")
        }
        let together = try await service.screen(queries, options: options, actor: "key_s", input: Data()).matches
        #expect(together == expected)
        let concurrent = try await withThrowingTaskGroup(of: (Int, [[Match]]).self) { group in
            for (index, query) in queries.enumerated() {
                group.addTask { (index, try await service.screen([query], options: options, actor: "key_s", input: Data()).matches) }
            }
            var answers: [Int: [[Match]]] = [:]
            for try await (index, answer) in group { answers[index] = answer }
            return answers
        }
        for (index, answer) in concurrent { #expect(answer == [expected[index]], "query \(index) screened concurrently") }
        let sessions = service.lists.current.sessions
        #expect((1...sessions.capacity).contains(sessions.idleCount), "sessions are kept for reuse, at most \(sessions.capacity)")
    }

    @Test("after a new list version is imported, screening runs on sessions over the new index", arguments: ServiceBackend.allCases)
    func aNewVersionScreensOnItsOwnSessions(backend: ServiceBackend) async throws {
        let harness = try await Harness.make(backend)
        let bakery = ScreeningQuery(name: "Harbourside Bakery Ltd")
        #expect(try await harness.service.screen([bakery], options: .init(), actor: "key_s", input: Data()).matches == [[]])
        let before = harness.service.lists.current.sessions
        _ = try await harness.service.importList(
            ListImportOperationTests.un(adding: [ListImportOperationTests.bakeryListed]), actor: "key_admin", work: false)
        let matches = try await harness.service.screen([bakery], options: .init(), actor: "key_s", input: Data()).matches
        #expect(matches.first?.map(\.entityID) == ["un:QDi.200"])
        #expect(harness.service.lists.current.sessions !== before)
    }
}
