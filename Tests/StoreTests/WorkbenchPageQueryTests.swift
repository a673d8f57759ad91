import Foundation
@testable import Store
import Testing

/// Lets a test bind a statement's own values again (to run it under EXPLAIN).
extension SQLValue: SQLBindable {
    public var sqlValue: SQLValue { self }
}

/// The Workbench's page queries at scale (migration v11-workbench-page-indexes): the queue oldest first by opening
/// time with a keyset that visits each alert once, the home page's counts capped and marked, and every page query
/// one index range on both backends (no full scan, no sort of the matching rows).
@Suite struct WorkbenchPageQueryTests {
    /// Alerts `(source, status, opened_at, score)` on one party, inserted in this order (so ids do not follow opening times).
    static func insert(_ alerts: [(String, String, Int64, Double)], into test: TestStore) async throws {
        _ = try await test.store.upsertParties([PartyRecord(id: "p1", name: "Acme")])
        let rows = alerts.enumerated().map { index, alert in
            "('p1', 'e\(index)', '\(alert.0)', 'v1', \(alert.3), '\(alert.1)', '{}', 'pd', 'ed', \(alert.2))"
        }
        try await test.execute(
            """
            INSERT INTO alerts (party_id, entity_id, source, list_version, score, status, match_json, party_digest, entity_digest, opened_at)
            VALUES \(rows.joined(separator: ", "))
            """)
    }

    static let mixed: [(String, String, Int64, Double)] = [
        ("a", "open", 500, 0.91), ("b", "open", 100, 0.99), ("a", "false_positive", 300, 0.95), ("a", "open", 100, 0.85),
        ("b", "open", 900, 0.91), ("a", "open", 300, 0.97), ("a", "true_match", 50, 0.9), ("a", "open", 300, 0.9),
    ]

    @Test("the queue oldest first is by opening time then id, and its keyset pages visit each alert once, with each filter",
        arguments: Backend.allCases)
    func oldestFirstIsByOpeningTime(backend: Backend) async throws {
        let test = try await backend.makeStore()
        try await Self.insert(Self.mixed, into: test)
        let pages = try #require(test.store as? any PageQueries)
        let all = try await pages.alertPage(AlertPageQuery(status: nil, limit: 100))
        for (status, source) in [(AlertStatus?.some(.open), String?.none), (nil, nil), (.open, "a"), (nil, "a")] {
            var seen: [AlertRecord] = []
            var cursor: AlertCursor?
            while true {
                let page = try await pages.alertPage(AlertPageQuery(status: status, source: source, after: cursor, limit: 2))
                guard let last = page.last else { break }
                seen += page
                cursor = AlertCursor(id: last.id, score: last.score)
            }
            let expected = all.filter { (status == nil || $0.status == status) && (source == nil || $0.source == source) }
                .sorted { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) }
            #expect(seen.map(\.id) == expected.map(\.id), "status \(status?.rawValue ?? "any"), list \(source ?? "any")")
        }
        let older = try await pages.alertPage(AlertPageQuery(status: .open, openedAtOrBefore: 300, limit: 100))
        #expect(older.map(\.openedAt) == [100, 100, 300, 300], "older than: opened at or before, oldest first")
    }

    @Test("open-alert counts by list and age are exact below the cap and a marked lower bound at it; decided alerts are not counted",
        arguments: Backend.allCases)
    func openAlertCountsStopAtTheCap(backend: Backend) async throws {
        let test = try await backend.makeStore()
        let now: Int64 = 1_000_000
        var alerts: [(String, String, Int64, Double)] = Array(repeating: ("a", "open", now - 10, 0.9), count: 5)
        alerts += [("a", "open", now - 500, 0.9), ("b", "open", now - 5_000, 0.9), ("b", "open", now - 6_000, 0.9)]
        alerts += [("c", "false_positive", now - 10, 0.9), ("a", "true_match", now - 500, 0.9)]
        try await Self.insert(alerts, into: test)
        let pages = try #require(test.store as? any PageQueries)
        let counts = try await pages.openAlertCounts(bucketStarts: [now - 100, now - 1_000, now - 2_000], cap: 3)
        #expect(
            counts == [
                OpenAlertCount(source: "a", bucket: 0, count: 3, atLeast: true), OpenAlertCount(source: "a", bucket: 1, count: 1),
                OpenAlertCount(source: "b", bucket: 3, count: 2),
            ])
        #expect(try await pages.openAlertCounts(bucketStarts: [now - 100], cap: 100).map(\.count) == [5, 1, 2], "exact under a high cap")
    }

    /// The plan of `statement`: SQLite's EXPLAIN QUERY PLAN lines, or PostgreSQL's EXPLAIN with sequential scans and
    /// sorts priced out (so a Seq Scan or Sort left in the plan means no index can serve the query).
    static func plan(_ test: TestStore, _ statement: SQLStatement) async throws -> [String] {
        let explained = SQLStatement("EXPLAIN " + (test.store is SQLiteStore ? "QUERY PLAN " : "") + statement.sql, arguments: statement.arguments)
        if let sqlite = test.store as? SQLiteStore {
            return try await sqlite.read { db in try db.rows(explained).map { row -> String in row["detail"] } }
        }
        let postgres = try #require(test.store as? PostgresStore)
        return try await postgres.transaction { connection, logger in
            try await connection.query("SET LOCAL enable_seqscan = off", logger: logger)
            try await connection.query("SET LOCAL enable_sort = off", logger: logger)
            return try await connection.strings(explained, logger: logger)
        }
    }

    /// The page statements, each with the index SQLite must use for it.
    static let statements: [(String, SQLStatement, String)] = [
        ("queue: open, oldest", PageStatements.alertPage(AlertPageQuery(status: .open, after: AlertCursor(id: 3, score: 0.9), limit: 51)),
            "alerts_by_status_opened"),
        ("queue: any status, oldest", PageStatements.alertPage(AlertPageQuery(status: nil, after: AlertCursor(id: 3, score: 0.9), limit: 51)),
            "alerts_by_opened"),
        ("queue: open, one list, oldest",
            PageStatements.alertPage(AlertPageQuery(status: .open, source: "a", after: AlertCursor(id: 3, score: 0.9), limit: 51)),
            "alerts_by_status_source_opened"),
        ("queue: any status, one list, oldest", PageStatements.alertPage(AlertPageQuery(status: nil, source: "a", limit: 51)),
            "alerts_by_source_opened"),
        ("queue: open, older than", PageStatements.alertPage(AlertPageQuery(status: .open, openedAtOrBefore: 300, limit: 51)),
            "alerts_by_status_opened"),
        ("queue: open, one list, by score",
            PageStatements.alertPage(
                AlertPageQuery(status: .open, source: "a", minimumScore: 0.9, order: .score, after: AlertCursor(id: 3, score: 0.95), limit: 51)),
            "alerts_by_status_source_score"),
        ("queue: any status, by score", PageStatements.alertPage(AlertPageQuery(status: nil, order: .score, limit: 51)), "alerts_by_score"),
        ("home: lists with open alerts", PageStatements.openAlertSources, "alerts_by_status_source_"),
        ("home: capped counts", PageStatements.openAlertCounts(sources: ["a", "b"], bucketStarts: [900, 500], cap: 1_000),
            "alerts_by_status_source_opened"),
        ("audit: one action", PageStatements.auditPage(before: 900, action: "user.create", actor: nil, limit: 51), "audit_log_by_action"),
        ("audit: one actor", PageStatements.auditPage(before: nil, action: nil, actor: "key_1", limit: 51), "audit_log_by_actor"),
        ("parties: a prefix, after a cursor",
            DirectoryStatements.partyPage(namePrefix: "mül", after: PartyCursor(nameKey: "müller", id: "p1"), limit: 51), "parties_by_name_key"),
    ]

    @Test("each queue order and filter, the home counts, the audit filters and the parties search read one index range on both backends",
        arguments: Backend.allCases)
    func pageQueriesReadAnIndexRange(backend: Backend) async throws {
        let test = try await backend.makeStore()
        for (name, statement, index) in Self.statements {
            let plan = try await Self.plan(test, statement)
            let text = plan.joined(separator: "\n")
            if backend == .sqlite {
                #expect(text.contains(index), "\(name): \(text)")
                #expect(!text.contains("TEMP B-TREE"), "\(name) sorts: \(text)")
                let tableSteps = plan.filter { $0.contains(" alerts") || $0.contains(" audit_log") || $0.contains(" parties") }
                #expect(tableSteps.allSatisfy { $0.contains("INDEX") || $0.contains("PRIMARY KEY") }, "\(name) scans a table: \(text)")
            } else {
                #expect(!text.contains("Seq Scan"), "\(name) scans a table: \(text)")
                #expect(!text.contains("Sort"), "\(name) sorts: \(text)")
            }
        }
    }
}
