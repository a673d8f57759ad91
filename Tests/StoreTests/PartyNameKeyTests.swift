import Foundation
@testable import Store
import Testing

/// The parties' name key (`PartyNameKey`): folded by the app the same way for both backends, so a prefix in any
/// case finds names in any script; filled in for the parties an older database holds; searched by index.
@Suite struct PartyNameKeyTests {
    /// Upper and lower case, Latin with diacritics (one spelt with a combining mark), Cyrillic.
    static let parties = [
        PartyRecord(id: "p1", name: "MÜLLER HANDELS GMBH"), PartyRecord(id: "p2", name: "Müller Bau"),
        PartyRecord(id: "p3", name: "Mu\u{308}ller Decomposed"), PartyRecord(id: "p4", name: "Muster AG"),
        PartyRecord(id: "p5", name: "ЗАО ТЕХНОПРОМ"), PartyRecord(id: "p6", name: "зао Восток"), PartyRecord(id: "p7", name: "Zeta"),
    ]

    static func ids(_ store: any Store, prefix: String?, after cursor: PartyCursor? = nil, limit: Int = 50) async throws -> [String] {
        let directory = try #require(store as? any DirectoryQueries)
        return try await directory.partyPage(namePrefix: prefix, after: cursor, limit: limit).map(\.party.id)
    }

    @Test("a name prefix in another case finds non-ASCII names on both backends (SQLite's lower() folds ASCII only)",
        arguments: Backend.allCases)
    func nonASCIIPrefixInAnyCase(backend: Backend) async throws {
        let test = try await backend.makeStore()
        _ = try await test.store.upsertParties(Self.parties)
        #expect(try await Self.ids(test.store, prefix: "mül") == ["p2", "p3", "p1"], "MÜLLER, Müller and Mu+U+0308ller, by key")
        #expect(try await Self.ids(test.store, prefix: "зао") == ["p6", "p5"], "upper- and lower-case Cyrillic")
        #expect(try await Self.ids(test.store, prefix: "mu") == ["p4"], "ü is not u")
        #expect(try await Self.ids(test.store, prefix: PartyNameKey.fold("MÜLLER H")) == ["p1"])
    }

    @Test("the folding is Unicode lower case in composed form, the same for a name and a prefix typed either way")
    func folding() {
        #expect(PartyNameKey.fold("MÜLLER") == "müller")
        #expect(PartyNameKey.fold("Mu\u{308}ller") == "müller")
        #expect(Array(PartyNameKey.fold("Mu\u{308}ller").unicodeScalars) == Array("m\u{FC}ller".unicodeScalars), "composed (NFC)")
        #expect(PartyNameKey.fold("ЗАО ТЕХНОПРОМ") == "зао технопром")
        #expect(PartyNameKey.fold("ΑΘΗΝΑ") == "αθηνα")
        #expect(PartyNameKey.fold("acme trading") == "acme trading")
    }

    @Test("paging through parties by name key visits each once, in key order, across scripts", arguments: Backend.allCases)
    func keysetPagesVisitEachPartyOnce(backend: Backend) async throws {
        let test = try await backend.makeStore()
        _ = try await test.store.upsertParties(Self.parties)
        let directory = try #require(test.store as? any DirectoryQueries)
        var seen: [String] = []
        var cursor: PartyCursor?
        while true {
            let page = try await directory.partyPage(namePrefix: nil, after: cursor, limit: 2)
            guard let last = page.last else { break }
            #expect(page.allSatisfy { $0.nameKey == PartyNameKey.fold($0.party.name) }, "the stored key is the app's folding")
            seen += page.map(\.party.id)
            cursor = PartyCursor(nameKey: last.nameKey, id: last.party.id)
        }
        // The folded names differ, so their byte order alone orders the parties.
        let expected = Self.parties.sorted { PartyNameKey.fold($0.name).utf8.lexicographicallyPrecedes(PartyNameKey.fold($1.name).utf8) }
        #expect(seen == expected.map(\.id), "byte order of the folded name")
    }

    @Test("migration v11 fills in the name key of the parties an older database holds, so a non-ASCII prefix finds them",
        arguments: Backend.allCases)
    func migrationBackfillsTheNameKey(backend: Backend) async throws {
        let test = try await backend.makeStore(migrated: false)
        let dialect: SQLDialect = backend == .sqlite ? .sqlite : .postgres
        let older = Schema.migrations(dialect).prefix { $0.identifier != "v11-workbench-page-indexes" }
        try #require(older.count < Schema.migrations(dialect).count, "v11-workbench-page-indexes is in the list")
        try await test.execute(MigrationTests.migrationsTable(backend))
        for migration in older {
            for statement in migration.statements + migration.afterBackfill { try await test.execute(statement) }
            try await test.execute(MigrationTests.recorded(migration.identifier, backend))
        }
        // More than one backfill batch, so the batches' keyset is exercised too.
        let count = PartyNameKey.backfillBatch + 5
        let values = (0..<count).map { "('b\(String(format: "%05d", $0))', 'ÖZTÜRK \($0)', 'd', 5)" }.joined(separator: ", ")
        try await test.execute("INSERT INTO parties (id, name, digest, updated_at) VALUES \(values)")
        try await test.execute("INSERT INTO parties (id, name, digest, updated_at) VALUES ('c1', 'ЗАО ТЕХНОПРОМ', 'd', 5)")

        try await test.store.migrate()

        #expect(try await Self.ids(test.store, prefix: "öztürk 1004") == ["b01004"])
        #expect(try await Self.ids(test.store, prefix: "öztürk", limit: 2_000).count == count, "every stored party has its key")
        #expect(try await Self.ids(test.store, prefix: "зао") == ["c1"])
    }
}
