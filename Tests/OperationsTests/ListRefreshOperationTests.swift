import Audit
import BundledData
import Foundation
import Screening
import Store
import Testing

@testable import Operations

/// Refreshing lists from a download address: real UN XML served by a Hummingbird server on loopback, conditional
/// requests, refusals that leave the active version untouched, retries, and the store's refresh lock.
@Suite struct ListRefreshOperationTests {
    /// The bundled UN Consolidated List, as the publisher serves it.
    static let unXML = Result { try Data(contentsOf: BundledData.listsDirectory.appendingPathComponent("un/UN_consolidated.xml")) }

    /// The UN list with its first individual (CDi.001) renamed to a stored party's name.
    static func unRenamingFirst() throws -> Data {
        let text = String(decoding: try unXML.get(), as: UTF8.self)
        let renamed = text.replacingOccurrences(
            of: "<FIRST_NAME>ERIC</FIRST_NAME>\n      <SECOND_NAME>BADEGE</SECOND_NAME>",
            with: "<FIRST_NAME>MARGUERITE</FIRST_NAME>\n      <SECOND_NAME>OKONKWO-LINDQVIST</SECOND_NAME>")
        #expect(renamed != text, "the fixture still has CDi.001 as ERIC BADEGE")
        return Data(renamed.utf8)
    }

    static let newlyListed = PartyRecord(id: "p-ml", name: "Marguerite Okonkwo-Lindqvist", type: "person")

    /// Options for a loopback server: a short backoff, and a time-out long enough for a loaded test machine.
    static func options() -> ListRefreshOptions {
        var options = ListRefreshOptions()
        options.timeout = .seconds(120)
        options.attempts = 3
        options.backoff = .milliseconds(20)
        options.lockWait = .seconds(120)
        return options
    }

    static func downloads(_ base: URL) -> ListDownloads {
        ListDownloads(sources: [
            .init(source: "un", bundled: true, files: ["primary": "un/UN_consolidated.xml"], download: ["primary": base.appendingPathComponent("un.xml")])
        ])
    }

    /// A service whose store has no UN version yet.
    static func harness(_ backend: ServiceBackend) async throws -> Harness {
        try await Harness.make(backend, lists: [FixtureLists.sdn, FixtureLists.dpl])
    }

    static func state(_ harness: Harness) async throws -> ListRefreshState? {
        try await (harness.store as? any ListRefreshStore)?.listRefreshStates().first { $0.source == "un" }
    }

    @Test("a first fetch imports a new version; a 304 to the remembered ETag imports nothing and is audited as unchanged", arguments: ServiceBackend.allCases)
    func firstFetchThenNotModified(backend: ServiceBackend) async throws {
        let harness = try await Self.harness(backend)
        let server = FixtureServer()
        server.script("/un.xml", [.init(body: try Self.unXML.get(), etag: "\"v1\"")])
        try await server.run { base in
            let first = try await harness.service.refreshLists(Self.downloads(base), options: Self.options(), actor: "key_admin")
            #expect(first.map(\.result) == [.imported])
            let version = try #require(try await harness.store.activeListVersions().first { $0.source == "un" })
            #expect(version.entityCount > 900)
            #expect(try await Self.state(harness)?.etag == "\"v1\"")
            let before = try await harness.head()

            let second = try await harness.service.refreshLists(Self.downloads(base), options: Self.options(), actor: "key_admin")
            #expect(second.map(\.result) == [.unchanged])
            #expect(try await harness.store.activeListVersions().first { $0.source == "un" }?.id == version.id, "no new version")
            let records = try await harness.records(after: before)
            #expect(records.map(\.action) == ["lists.refresh"])
            #expect(records.first?.result == "un: unchanged: not modified since the last fetch (304)")
            #expect(server.log == ["/un.xml 200", "/un.xml 304"])
            let state = try #require(try await Self.state(harness))
            #expect(state.lastOutcome == "unchanged" && state.lastError == nil && state.lastSuccessAt != nil)
        }
        #expect(try await harness.chainIsIntact())
    }

    @Test("a changed file imports a new version with its diff, and a stored party newly listed gets an alert", arguments: ServiceBackend.allCases)
    func changedFileImportsWithDiffAndAlerts(backend: ServiceBackend) async throws {
        let harness = try await Self.harness(backend)
        _ = try await harness.service.importParties([Self.newlyListed], actor: "key_admin")
        #expect(try await harness.store.alerts(partyID: Self.newlyListed.id).isEmpty)
        let server = FixtureServer()
        server.script("/un.xml", [.init(body: try Self.unXML.get(), etag: "\"v1\""), .init(body: try Self.unRenamingFirst(), etag: "\"v2\"")])
        try await server.run { base in
            _ = try await harness.service.refreshLists(Self.downloads(base), options: Self.options(), actor: "key_admin")
            let outcome = try #require(try await harness.service.refreshLists(Self.downloads(base), options: Self.options(), actor: "key_admin").first)
            #expect(outcome.result == .imported)
            let report = try #require(outcome.report)
            #expect(report.added == 0 && report.changed == 1 && report.removed == 0)
            #expect(report.alertsOpened == 1)
        }
        let alerts = try await harness.store.alerts(partyID: Self.newlyListed.id)
        #expect(alerts.map(\.entityID) == ["un:CDi.001"])
        #expect(try await Self.state(harness)?.etag == "\"v2\"")
    }

    /// A download that must be refused, and the words its reason must contain.
    struct BadDownload: Sendable, CustomTestStringConvertible {
        var name: String
        var reply: @Sendable () throws -> FixtureServer.Reply
        var reason: String
        var testDescription: String { name }
    }

    static let badDownloads: [BadDownload] = [
        BadDownload(
            name: "cut XML", reply: { .init(body: try unXML.get().prefix(1_200_000), etag: "\"bad\"") }, reason: "the file is cut off"),
        BadDownload(
            name: "Content-Length larger than the body",
            reply: { .init(body: try unXML.get().prefix(1_000_000), etag: "\"bad\"", announcedLength: 2_030_620) }, reason: "un.xml"),
        BadDownload(
            name: "HTML error page",
            reply: { .init(body: Data("<!DOCTYPE html><html><body>Temporarily unavailable</body></html>".utf8), contentType: "application/xml", etag: "\"bad\"") },
            reason: "web page"),
        BadDownload(
            name: "wrong content type", reply: { .init(body: try unXML.get(), contentType: "text/html; charset=utf-8", etag: "\"bad\"") },
            reason: "Content-Type text/html"),
        BadDownload(
            name: "below the sanity floor",
            reply: {
                let text = String(decoding: try unXML.get(), as: UTF8.self)
                guard let start = text.range(of: "<INDIVIDUALS>"), let end = text.range(of: "</INDIVIDUALS>") else { throw ListRefreshError("no INDIVIDUALS") }
                return .init(body: Data(text.replacingCharacters(in: start.upperBound..<end.lowerBound, with: "\n  ").utf8), etag: "\"bad\"")
            }, reason: "sanity floor"),
        BadDownload(name: "not found", reply: { .init(status: .notFound, body: Data("gone".utf8), contentType: "text/plain") }, reason: "404"),
    ]

    @Test("a refused download leaves the active version, the stored data and the remembered ETag untouched, and is audited with its reason", arguments: ServiceBackend.allCases, badDownloads)
    func refusalLeavesEverythingUntouched(backend: ServiceBackend, bad: BadDownload) async throws {
        let harness = try await Self.harness(backend)
        _ = try await harness.service.importParties([Self.newlyListed], actor: "key_admin")
        let server = FixtureServer()
        server.script("/un.xml", [.init(body: try Self.unXML.get(), etag: "\"v1\""), try bad.reply()])
        try await server.run { base in
            _ = try await harness.service.refreshLists(Self.downloads(base), options: Self.options(), actor: "key_admin")
            let version = try #require(try await harness.store.activeListVersions().first { $0.source == "un" })
            let entities = try await harness.store.entities(versionID: version.id)
            let versions = harness.service.listVersions
            let before = try await harness.head()

            var options = Self.options()
            options.timeout = .seconds(20)
            options.attempts = 1
            let outcome = try #require(try await harness.service.refreshLists(Self.downloads(base), options: options, actor: "key_admin").first)
            #expect(outcome.result == .refused)
            #expect(outcome.reason?.contains(bad.reason) == true, "\(outcome.reason ?? "")")

            #expect(try await harness.store.activeListVersions().first { $0.source == "un" }?.id == version.id)
            #expect(try await harness.store.entities(versionID: version.id) == entities)
            #expect(harness.service.listVersions == versions)
            #expect(try await harness.store.alerts(partyID: Self.newlyListed.id).isEmpty)
            let records = try await harness.records(after: before)
            #expect(records.map(\.action) == ["lists.refresh"])
            #expect(records.first?.result.hasPrefix("un: refused: ") == true)
            let state = try #require(try await Self.state(harness))
            #expect(state.etag == "\"v1\"", "the validators of the active version are kept")
            #expect(state.lastOutcome == "refused" && state.lastError == outcome.reason)
        }
        #expect(try await harness.chainIsIntact())
    }

    @Test("a server error is retried with backoff and the next answer imported; errors past the attempts are refused", arguments: ServiceBackend.allCases)
    func serverErrorIsRetried(backend: ServiceBackend) async throws {
        let harness = try await Self.harness(backend)
        let server = FixtureServer()
        let failure = FixtureServer.Reply(status: .internalServerError, body: Data("busy".utf8), contentType: "text/plain")
        server.script("/un.xml", [failure, failure, .init(body: try Self.unXML.get(), etag: "\"v1\"")])
        try await server.run { base in
            let outcome = try await harness.service.refreshLists(Self.downloads(base), options: Self.options(), actor: "key_admin")
            #expect(outcome.map(\.result) == [.imported])
            #expect(server.log == ["/un.xml 500", "/un.xml 500", "/un.xml 200"])

            server.script("/un.xml", [failure])
            let refused = try await harness.service.refreshLists(Self.downloads(base), options: Self.options(), actor: "key_admin")
            #expect(refused.map(\.result) == [.refused])
            #expect(refused.first?.reason?.contains("500 Internal Server Error (3 attempts)") == true, "\(refused.first?.reason ?? "")")
        }
    }

    @Test("two concurrent refreshes on one store run one at a time: the second waits for the lock and finds the list unchanged", arguments: ServiceBackend.allCases)
    func concurrentRefreshesRunOneAtATime(backend: ServiceBackend) async throws {
        let harness = try await Self.harness(backend)
        let other = try await Harness.open(harness.store, lists: [FixtureLists.sdn, FixtureLists.dpl])
        let server = FixtureServer()
        server.script("/un.xml", [.init(body: try Self.unXML.get(), etag: "\"v1\"")])
        let results = try await server.run { base in
            async let first = harness.service.refreshLists(Self.downloads(base), options: Self.options(), actor: "worker-a")
            async let second = other.refreshLists(Self.downloads(base), options: Self.options(), actor: "worker-b")
            return try await (first + second).map(\.result)
        }
        #expect(results.sorted { $0.rawValue < $1.rawValue } == [.imported, .unchanged], "one imports, the other then sees the ETag: 304")
        #expect(server.log == ["/un.xml 200", "/un.xml 304"], "the second request was sent only after the first refresh finished")
        #expect(try await harness.records(after: 0).filter { $0.action == "lists.import" && $0.result.hasPrefix("un: ") }.count == 1, "one version imported")
    }

    @Test("from a folder laid out like the bundled lists, a list its manifest combines with an older file is read with it: the UK list keeps the ConList's aliases, and the same files again are unchanged", arguments: ServiceBackend.allCases)
    func aCombinedListIsRefreshedWithItsOlderFile(backend: ServiceBackend) async throws {
        let harness = try await Self.harness(backend)
        let downloads = try ListDownloads.read(from: BundledData.listsDirectory)
        var options = Self.options()
        options.origin = .directory(BundledData.listsDirectory)
        options.sources = ["uk"]
        options.rescreen = false
        let first = try await harness.service.refreshLists(downloads, options: options, actor: "key_admin")
        #expect(first.map(\.result) == [.imported])
        let bundled = try ListLoader.load(directory: BundledData.listsDirectory, sources: ["uk"])[0]
        let active = try #require(try await harness.store.activeListVersions().first { $0.source == "uk" })
        #expect(active.sha256 == bundled.metadata.sha256, "the digest of both files, as the bundle's")
        #expect(active.entityCount == 5_300)
        let tbank = try #require(try await harness.store.entities(versionID: active.id).first { $0.id == "uk:RUS1859" })
        #expect(tbank.json.contains("T-банк"), "the ConList's alias is kept")
        let again = try await harness.service.refreshLists(downloads, options: options, actor: "key_admin")
        #expect(again.map(\.result) == [.unchanged])
    }

    @Test("a list's publication day, or the day a timestamp begins with, is read as midnight UTC; a day that does not exist is unknown")
    func publicationDayIsMidnightUTC() {
        #expect(ListFreshness.midnight("2026-02-27") == 1_772_150_400_000)
        #expect(ListFreshness.midnight("2026-02-27T00:00:09.554Z") == 1_772_150_400_000)
        #expect(ListFreshness.midnight("1969-12-31") == -86_400_000)
        #expect(ListFreshness.midnight("2026-02-30") == nil)
        #expect(ListFreshness.midnight("27 Feb 2026") == nil)
    }

    @Test("a list is stale past the limit since its publication date, and fresh again after a successful refresh", arguments: ServiceBackend.allCases)
    func stalenessFollowsTheLastSuccessfulRefresh(backend: ServiceBackend) async throws {
        let harness = try await Self.harness(backend)
        let published = try #require(ListFreshness.midnight("2026-01-15"))
        let sdn = try #require(try await harness.service.listFreshness(now: published + 3 * 86_400_000).first { $0.source == "ofac-sdn" })
        #expect(!sdn.stale && sdn.ageDays == 3 && sdn.lastSuccessAt == nil)
        let later = try #require(try await harness.service.listFreshness(now: published + 8 * 86_400_000).first { $0.source == "ofac-sdn" })
        #expect(later.stale && later.ageDays == 8, "past 7 days from the publication date")

        let server = FixtureServer()
        server.script("/un.xml", [.init(body: try Self.unXML.get(), etag: "\"v1\"")])
        try await server.run { base in
            _ = try await harness.service.refreshLists(Self.downloads(base), options: Self.options(), actor: "key_admin")
        }
        var service = harness.service
        service.listStaleAfter = .seconds(3_600)
        let un = try #require(try await service.listFreshness().first { $0.source == "un" })
        #expect(!un.stale && un.lastSuccessAt != nil && (un.ageDays ?? 1) < 0.1, "just refreshed")
        let dayLater = try #require(try await service.listFreshness(now: (un.lastSuccessAt ?? 0) + 86_400_000).first { $0.source == "un" })
        #expect(dayLater.stale, "a day past a one-hour limit")
    }
}

