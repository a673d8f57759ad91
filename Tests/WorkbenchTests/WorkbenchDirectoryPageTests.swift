import Audit
import BundledData
import Foundation
import Hummingbird
import Operations
import Screening
import Store
import Testing

@testable import Workbench

/// The Parties and Lists pages over a store holding the bundled BIS Denied Persons List (the real file and
/// manifest): parties searched by name prefix and paginated by key, a party with its alerts; list versions with
/// their hashes, a version's added, changed and removed entities, an admin's upload of a new version that shows
/// its diff and the alert it raised, audited with the user; screeners and analysts refused the upload as the API
/// refuses them.
@Suite struct WorkbenchDirectoryPageTests {
    static let manifest = Result { try ListManifest.read(from: BundledData.listsDirectory) }

    /// The Workbench over a fresh store with the bundled us-dpl list, its manifest, three users and two parties:
    /// p1 is listed (alert open), p2 becomes listed in the version `changedDPL` uploads.
    static func make(_ backend: PageBackend) async throws -> Harness {
        let store = try await backend.makeStore()
        let manifest = try manifest.get()
        let entry = try #require(manifest.lists.first { $0.source == "us-dpl" })
        let dpl = try ListLoader.loadList(entry: entry, directory: BundledData.listsDirectory)
        let service = try await ComplianceService.open(
            store: store, bundled: [dpl], determiner: try Harness.determiner.get(), manifest: manifest, isKnownHTS10: { _ in true },
            trade: TradeCheckers(duty: { throw Harness.Unused() }, transfers: { throw Harness.Unused() }))
        let accounts = try Accounts(store: store, policy: AccountPolicy(bcryptCost: 4))
        for (name, role) in [("root", Role.admin), ("ana", .analyst), ("sam", .screener)] {
            _ = try await accounts.createUser(name: name, role: role, password: Harness.password, actor: "cli:test")
        }
        _ = try await service.importParties(
            [PartyRecord(id: "p1", name: "AARON ABRAHAM VILLA"), PartyRecord(id: "p2", name: "Zebulon Quixote Trading", type: "organization")],
            actor: "cli:test")
        let alert = try #require(try await store.alerts(status: .open, limit: 10).first)
        let workbench = try await Workbench(service: service, accounts: accounts, reads: try WorkbenchReads(store: store))
        return Harness(store: store, service: service, workbench: workbench, alertID: alert.id)
    }

    /// The bundled DPL less AARON ABRAHAM VILLA, plus ZEBULON QUIXOTE TRADING.
    static func changedDPL() throws -> String {
        let lines = try String(contentsOf: BundledData.listsDirectory.appendingPathComponent("us/dpl/dpl.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        var kept = lines.filter { !$0.hasPrefix("\"AARON ABRAHAM VILLA\"") }
        let added = ["ZEBULON QUIXOTE TRADING", "1 HARBOUR ROAD", "PORT LOUIS", "", "MU", "", "03/01/2026", "03/01/2036", "Y", "2026-03-02",
                     "F.R. NOTICE ADDED", "91 F.R. 1234 3/2/2026"].map { "\"\($0)\"" }.joined(separator: "\t")
        kept.insert(Substring(added), at: 1)
        return kept.joined(separator: "\n")
    }

    @Test("parties are searched by name prefix in any case and by id; a party's page shows its alerts; a screener is refused (403) as the API refuses", arguments: PageBackend.allCases)
    func partiesSearchAndDetail(backend: PageBackend) async throws {
        let harness = try await Self.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("sam")
            #expect(try await browser.get("/parties").status == .forbidden)
            try await browser.get("/")
            try await browser.post("/signout", [])
            try await browser.signIn("ana")
            let found = try await browser.get("/parties?q=aaron")
            #expect(found.status == .ok && found.html.contains(#"<a href="/party?id=p1">p1</a>"#) && !found.html.contains("p2"))
            #expect(try await browser.get("/parties?q=nobody").html.contains("No party matches."))
            #expect(try await browser.get("/parties?id=p2").location == "/party?id=p2")
            let party = try await browser.get("/party?id=p1")
            #expect(party.html.contains("AARON ABRAHAM VILLA") && party.html.contains("<a href=\"/alerts/\(harness.alertID)\">Alert \(harness.alertID)</a>"))
            #expect(party.html.contains("<td>open</td>"))
            let none = try await browser.get("/party?id=p9")
            #expect(none.status == .notFound && none.html.contains("no party p9"))
        }
    }

    @Test("the parties list is paginated by key: every party once, in name order, 50 to a page", arguments: PageBackend.allCases)
    func partiesPaginated(backend: PageBackend) async throws {
        let harness = try await Self.make(backend)
        var generator = SplitMix(seed: 17)
        let parties = (0..<70).map { index in
            PartyRecord(id: "h\(index)", name: "Harbour Freight \(generator.next() % 1000) \(index)", type: "organization")
        }
        _ = try await harness.service.importParties(parties, actor: "cli:test")
        try await harness.serve { browser in
            try await browser.signIn("ana")
            var seen: [String] = []
            var page = try await browser.get("/parties?q=HARBOUR")
            while true {
                let ids = page.html.matches(of: /<a href="\/party\?id=(h\d+)">/).map { String($0.1) }
                seen += ids
                guard let next = page.html.firstMatch(of: /<a href="([^"]+)" rel="next">/) else { break }
                #expect(ids.count == 50)
                page = try await browser.get(String(next.1).replacingOccurrences(of: "&amp;", with: "&"))
            }
            let expected = parties.sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }.map(\.id)
            #expect(seen == expected)
        }
    }

    @Test("an admin uploads a new list version and sees its diff (added, removed) and the alert it raised; audited with the user", arguments: PageBackend.allCases)
    func adminUploadsVersion(backend: PageBackend) async throws {
        let harness = try await Self.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("root")
            let lists = try await browser.get("/lists")
            let first = try #require(try await harness.store.activeListVersions().first)
            #expect(lists.html.contains(#"<a href="/lists/versions/\#(first.id)">"#) && lists.html.contains(first.sha256))
            #expect(lists.html.contains(#"action="/lists/upload" enctype="multipart/form-data""#))
            let head = try await harness.store.auditHead()?.sequence ?? 0
            let uploaded = try await browser.upload(
                "/lists/upload", [("source", "us-dpl"), ("published", "2026-03-02")], file: ("file", "dpl.txt", try Self.changedDPL()))
            #expect(uploaded.status == .seeOther, "\(uploaded.html)")
            let location = try #require(uploaded.location)
            let job = try #require(location.firstMatch(of: /job=(job_[0-9a-f]+)/).map { String($0.1) })
            await harness.workbench.jobs.wait(id: job)
            #expect(try await harness.workbench.jobs.job(id: job, owner: "user:root").message?.hasSuffix("1 alerts opened") == true)
            let page = try await browser.get(location)
            #expect(page.html.contains(#"<a href="/jobs/\#(job)">follow the re-screening job</a>"#))
            #expect(page.status == .ok && page.html.contains("<code>us-dpl:") && page.html.contains("ZEBULON QUIXOTE TRADING"))
            #expect(page.html.contains("This version was imported and made active"))
            #expect(page.html.contains(#"<a href="/lists/versions/\#(first.id)">version \#(first.id)</a>"#))
            #expect(page.html.contains("<a href=\"/party?id=p2\">p2</a>"), "the new alert on p2 is shown")
            #expect(!page.html.contains("AARON ABRAHAM VILLA"))
            let removed = try await browser.get(String(location.prefix { $0 != "?" }) + "?change=removed")
            #expect(removed.html.contains("AARON ABRAHAM VILLA") && !removed.html.contains("ZEBULON QUIXOTE TRADING</td>"))
            let records = try await harness.store.auditRecords(after: head, limit: 20)
            #expect(records.contains { $0.action == "lists.import" && $0.actor == "user:root" })
            #expect(records.contains { $0.action == "lists.rescreen" && $0.actor == "user:root" })
            let firstPage = try await browser.get("/lists/versions/\(first.id)")
            #expect(firstPage.html.contains("every entity added") && firstPage.html.contains(#"rel="next""#))
        }
    }

    @Test("a screener or analyst uploading a list version gets a 403 page and nothing is imported", arguments: PageBackend.allCases)
    func uploadRefusedBelowAdmin(backend: PageBackend) async throws {
        let harness = try await Self.make(backend)
        let before = try await harness.store.activeListVersions()
        try await harness.serve { browser in
            for user in ["sam", "ana"] {
                try await browser.signIn(user)
                let page = try await browser.get("/lists")
                #expect(page.status == .ok && !page.html.contains("/lists/upload"))
                let refused = try await browser.upload("/lists/upload", [("source", "us-dpl")], file: ("file", "dpl.txt", try Self.changedDPL()))
                #expect(refused.status == .forbidden && refused.html.contains("needs the admin role"))
                try await browser.post("/signout", [])
            }
        }
        #expect(try await harness.store.activeListVersions() == before)
    }

    @Test("a list file that cannot be read, or an unknown source, is a 400 page naming the field, and nothing is imported", arguments: PageBackend.allCases)
    func badUploadsNamed(backend: PageBackend) async throws {
        let harness = try await Self.make(backend)
        let before = try await harness.store.activeListVersions()
        try await harness.serve { browser in
            try await browser.signIn("root")
            try await browser.get("/lists")
            let unreadable = try await browser.upload("/lists/upload", [("source", "us-dpl")], file: ("file", "dpl.txt", "not a list\n"))
            #expect(unreadable.status == .badRequest && unreadable.html.contains("file dpl.txt cannot be read as a us-dpl list"), "\(unreadable.html)")
            try await browser.get("/lists")
            let unknown = try await browser.upload("/lists/upload", [("source", "narnia")], file: ("file", "dpl.txt", try Self.changedDPL()))
            #expect(unknown.status == .badRequest && unknown.html.contains("no list source narnia"))
        }
        #expect(try await harness.store.activeListVersions() == before)
    }
}

/// A seeded generator (SplitMix64), so a test's data is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
