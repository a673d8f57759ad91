import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Store
import Testing

/// End-to-end: the tariff-exclusion process with `clearance exclusions` on a SQLite file, and over
/// HTTP with the real server (public and reviewer views, a late comment, a decision needing a
/// consistency reason, the report). Every record carries the real time (no option moves a record's
/// clock), so a test puts a window in the past by moving a stored filing back in the SQLite file, as
/// only someone holding the file could.
@Suite(.serialized) struct ExclusionsCommandTests {
    static let aluminium = "Valve bodies, of aluminum, of valves for oleohydraulic or pneumatic transmissions"
    static let aluminiumReworded = "Aluminum valve bodies of valves for pneumatic or oleohydraulic transmissions"

    /// Files a request with the CLI (now); returns its id.
    static func file(_ database: String, description: String = aluminium, hts10: String = "8481909020", extra: [String] = []) async throws
        -> String
    {
        let filed = try await CLI.run([
            "exclusions", "request", "--requester", "Dana Whitfield", "--organisation", "Great Lakes Hydraulics LLC",
            "--hts10", hts10, "--description", description, "--action", "section301", "--heading", "9903.88.03",
            "--ground", "not_available_us", "--ground", "severe_economic_harm", "--figure", "annual_import_value_usd=1250000:USD",
            "--confidential-figure", "unit_cost_usd=41.7:USD", "--confidential-statement", "Sole supplier: Ningbo Fluid Power.",
            "--format", "json", "--database", database,
        ] + extra)
        guard filed.status == 0, let id = try jsonObject(filed.stdout)["id"] as? String else {
            throw StoreError(.database, "exclusions request failed: \(filed.stderr)")
        }
        return id
    }

    /// Whole seconds now, so the ISO times the CLI prints have no fraction.
    static let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))

    /// `YYYY-MM-DDTHH:MM:SSZ` of `now` moved by `days`.
    static func iso(days: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: now.addingTimeInterval(Double(days) * 86_400))
    }

    /// `YYYY-MM-DD` of `now` moved by `days`.
    static func day(_ days: Int) -> String { String(iso(days: days).prefix(10)) }

    /// Moves a stored request's filing to `days` from now (negative: the past), in the SQLite file or PostgreSQL database.
    static func backdate(_ database: String, request id: String, days: Int) async throws {
        let milliseconds = Int64(now.timeIntervalSince1970 * 1000) + Int64(days) * 86_400_000
        if database.hasPrefix("postgres://") {
            let store = try PostgresStore(url: database, leaseTimeout: PostgresStore.testLeaseTimeout)
            defer { store.shutdown() }
            try await store.execute(
                "UPDATE exclusion_requests SET received_at = \(milliseconds), request_json = "
                    + "jsonb_set(request_json::jsonb, '{received_at}', to_jsonb('\(iso(days: days))'::text))::text WHERE id = '\(id)'")
        } else {
            try await SQLiteStore(path: database).execute(
                "UPDATE exclusion_requests SET received_at = \(milliseconds), "
                    + "request_json = json_set(request_json, '$.received_at', '\(iso(days: days))') WHERE id = '\(id)'")
        }
    }

    @Test func theCommandLineWalksARequestFromFilingThroughDocketDecisionConsistencyAndExtension() async throws {
        let database = try await Server.freshDatabase(.sqlite)
        let first = try await Self.file(database)
        let comment = try await CLI.run([
            "exclusions", "comment", first, "--author", "R. Ortiz", "--organisation", "American Valve Makers", "--position", "oppose",
            "--text", "We cast these in Ohio.", "--confidential-text", "Capacity 80,000 units a year.",
            "--format", "json", "--database", database,
        ])
        #expect(comment.status == 0, "\(comment.stderr)")
        let commentID = try #require(try jsonObject(comment.stdout)["id"] as? String)

        // Filed 31 days ago: the 30-day comment window closed yesterday, the 7-day rebuttal window is open.
        try await Self.backdate(database, request: first, days: -31)
        let late = try await CLI.run([
            "exclusions", "comment", first, "--author", "Late Co", "--position", "support", "--text", "Too late.", "--database", database,
        ])
        #expect(late.status == 2)
        #expect(late.stderr.contains("the comment window of request \(first) is open from \(Self.iso(days: -31)) until \(Self.iso(days: -1))"), "\(late.stderr)")
        let rebuttal = try await CLI.run([
            "exclusions", "comment", first, "--replies-to", commentID, "--author", "Dana Whitfield", "--position", "support",
            "--text", "Ohio output covers 4% of demand.", "--database", database,
        ])
        #expect(rebuttal.status == 0, "\(rebuttal.stderr)")
        #expect(rebuttal.stdout.contains("rebuttal"))

        let effectiveFrom = Self.day(10), effectiveTo = Self.day(375), extendedTo = Self.day(550)
        let decide = [
            "exclusions", "decide", first, "--outcome", "granted", "--reasons", "No US or third-country source at this specification.",
            "--finding", "availability_us=met:Sole US foundry closed in 2024", "--finding", "severe_economic_harm=met",
            "--effective-from", effectiveFrom, "--effective-to", effectiveTo, "--database", database,
        ]
        let early = try await CLI.run(decide)
        #expect(early.status == 2)
        #expect(early.stderr.contains("can be decided from \(Self.iso(days: 6))"), "\(early.stderr)")
        let clockMoved = try await CLI.run(decide + ["--at", Self.day(7)])
        #expect(clockMoved.status == 2, "a decision cannot be dated by the operator")
        try await Self.backdate(database, request: first, days: -38)
        let granted = try await CLI.run(decide)
        #expect(granted.status == 0, "\(granted.stderr)")
        #expect(granted.stdout.contains("Decision: granted"))

        let second = try await Self.file(database, description: Self.aluminiumReworded)
        try await Self.backdate(database, request: second, days: -38)
        let denial = [
            "exclusions", "decide", second, "--outcome", "denied", "--reasons", "Two US foundries now make these.", "--database", database,
        ]
        let unexplained = try await CLI.run(denial)
        #expect(unexplained.status == 2)
        #expect(unexplained.stderr.contains("consistency_reason") && unexplained.stderr.contains(first))
        let explained = try await CLI.run(denial + ["--consistency-reason", "US capacity came on line after \(first) was decided."])
        #expect(explained.status == 0, "\(explained.stderr)")

        let report = try await CLI.run(["exclusions", "consistency", "--database", database])
        #expect(report.stdout.contains("\(second) denied vs earlier \(first) granted"))
        #expect(report.stdout.contains("reason: US capacity came on line"))

        let extended = try await CLI.run([
            "exclusions", "extend", first, "--to", extendedTo, "--reason", "USTR extension notice", "--database", database,
        ])
        #expect(extended.status == 0, "\(extended.stderr)")
        let reviewer = try await CLI.run(["exclusions", "show", first, "--as-of", Self.day(560), "--database", database])
        for line in ["expired", "\(effectiveTo) -> \(extendedTo)", "Ningbo Fluid Power", "Capacity 80,000", "rebuttal of \(commentID)", "availability_us"] {
            #expect(reviewer.stdout.contains(line), "\(line)")
        }
        let publicView = try await CLI.run(["exclusions", "show", first, "--view", "public", "--database", database])
        #expect(!publicView.stdout.contains("Ningbo") && !publicView.stdout.contains("80,000") && !publicView.stdout.contains("41.7"))
        #expect(publicView.stdout.contains("[withheld: confidential business information]"))

        let listed = try await CLI.run(["exclusions", "list", "--status", "denied", "--format", "json", "--database", database])
        #expect(listed.stdout.split(separator: "\n").count == 1 && listed.stdout.contains(second))
        let bad = try await CLI.run([
            "exclusions", "request", "--requester", "A", "--organisation", "B", "--hts10", "8481-90", "--description", "x",
            "--action", "section301", "--heading", "9903.88.03", "--ground", "severe_economic_harm", "--database", database,
        ])
        #expect(bad.status == 2 && bad.stderr.contains("hts10"))
        let unknown = try await CLI.run([
            "exclusions", "request", "--requester", "A", "--organisation", "B", "--hts10", "8481.90.9099", "--description", "x",
            "--action", "section301", "--heading", "9903.88.03", "--ground", "severe_economic_harm", "--database", database,
        ])
        #expect(unknown.status == 2 && unknown.stderr.contains("8481.90.9099 is not a statistical reporting number"), "\(unknown.stderr)")
        let audit = try await CLI.run(["audit", "verify", "--database", database])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
        let actions = try await CLI.run(["audit", "list", "--database", database]).stdout
        for action in ["exclusion.request", "exclusion.comment", "exclusion.rebuttal", "exclusion.decide", "exclusion.extend"] {
            #expect(actions.contains("\"action\":\"\(action)\""), "\(action)")
        }
    }

    @Test(arguments: Server.Backend.allCases)
    func theServerShowsThePublicAndReviewerViewsRefusesLateCommentsAndAsksForAConsistencyReason(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        let filed = try await server.request(
            "POST", "/v1/exclusions", role: .screener,
            json: [
                "requester": ["name": "Dana Whitfield", "organisation": "Great Lakes Hydraulics LLC"], "hts10": "8481.90.9020",
                "product_description": Self.aluminium, "tariff_action": ["kind": "section301", "heading": "9903.88.03"],
                "grounds": ["not_available_us"],
                "figures": [["name": "unit_cost_usd", "value": 41.7, "unit": "USD", "confidential": true]],
                "confidential_statement": "Sole supplier: Ningbo Fluid Power.",
            ])
        #expect(filed.status == 201, "\(filed.text)")
        #expect(filed.json["status"] as? String == "comment_period")
        let id = try #require(filed.json["id"] as? String)

        let anonymous = try await server.request("GET", "/v1/exclusions/\(id)", role: nil)
        #expect(anonymous.status == 200 && anonymous.json["view"] as? String == "public")
        #expect(!anonymous.text.contains("Ningbo") && !anonymous.text.contains("41.7"))
        let reviewed = try await server.request("GET", "/v1/exclusions/\(id)", role: .reviewer)
        #expect(reviewed.json["view"] as? String == "reviewer" && reviewed.text.contains("Ningbo") && reviewed.text.contains("41.7"))
        #expect((try await server.request("GET", "/v1/exclusions/\(id)", role: .analyst)).json["view"] as? String == "public")

        let commented = try await server.request(
            "POST", "/v1/exclusions/\(id)/comments", role: .screener,
            json: ["author": "R. Ortiz", "position": "oppose", "text": "Made in Ohio.", "confidential_text": "80,000 units"])
        #expect(commented.status == 201, "\(commented.text)")
        #expect(!commented.text.contains("80,000"), "a screener's answer is the public view")
        let tooSoon = try await server.request(
            "POST", "/v1/exclusions/\(id)/decision", role: .reviewer, json: ["outcome": "denied", "reasons": "Made in Ohio."])
        #expect(tooSoon.status == 409 && (tooSoon.json["error"] as? [String: Any])?["code"] as? String == "outside_window")
        let analyst = try await server.request(
            "POST", "/v1/exclusions/\(id)/decision", role: .analyst, json: ["outcome": "denied", "reasons": "x"])
        #expect(analyst.status == 403)

        // Two requests filed 38 days ago: their windows have closed.
        let earlier = try await ExclusionsCommandTests.file(server.database)
        let later = try await ExclusionsCommandTests.file(server.database, description: Self.aluminiumReworded)
        try await ExclusionsCommandTests.backdate(server.database, request: earlier, days: -38)
        try await ExclusionsCommandTests.backdate(server.database, request: later, days: -38)
        let late = try await server.request(
            "POST", "/v1/exclusions/\(earlier)/comments", role: .screener, json: ["author": "Late Co", "position": "support", "text": "Late."])
        #expect(late.status == 409)
        #expect(((late.json["error"] as? [String: Any])?["message"] as? String)?.contains("until \(ExclusionsCommandTests.iso(days: -8))") == true)
        let grant = try await server.request(
            "POST", "/v1/exclusions/\(earlier)/decision", role: .reviewer,
            json: [
                "outcome": "granted", "reasons": "No US source.", "effective_from": ExclusionsCommandTests.day(10),
                "effective_to": ExclusionsCommandTests.day(375), "findings": [["criterion": "availability_us", "result": "met", "note": "Sole US foundry closed"]],
            ])
        #expect(grant.status == 201, "\(grant.text)")
        let denial: [String: Any] = ["outcome": "denied", "reasons": "US foundries make these."]
        let unexplained = try await server.request("POST", "/v1/exclusions/\(later)/decision", role: .reviewer, json: denial)
        #expect(unexplained.status == 422)
        let error = try #require(unexplained.json["error"] as? [String: Any])
        #expect(error["field"] as? String == "consistency_reason" && (error["message"] as? String)?.contains(earlier) == true)
        var explained = denial
        explained["consistency_reason"] = "US capacity came on line after \(earlier) was decided."
        let decided = try await server.request("POST", "/v1/exclusions/\(later)/decision", role: .admin, json: explained)
        #expect(decided.status == 201, "\(decided.text)")
        #expect(decided.json["status"] as? String == "denied")

        let report = try await server.request("GET", "/v1/exclusions/consistency", role: nil)
        let pairs = try #require(report.json["pairs"] as? [[String: Any]])
        #expect(pairs.count == 1)
        #expect(pairs.first?["request_id"] as? String == later && pairs.first?["earlier_request_id"] as? String == earlier)
        #expect(pairs.first?["earlier_outcome"] as? String == "granted")

        let extended = try await server.request(
            "POST", "/v1/exclusions/\(earlier)/extensions", role: .reviewer, json: ["effective_to": ExclusionsCommandTests.day(550), "reason": "Extension notice"])
        #expect(extended.status == 201, "\(extended.text)")
        #expect((extended.json["timeline"] as? [String: Any])?["effective_to"] as? String == ExclusionsCommandTests.day(550))
        let granted = try await server.request("GET", "/v1/exclusions?status=granted&hts10=8481909020", role: nil)
        #expect((granted.json["exclusions"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [earlier])

        let badCode = try await server.request(
            "POST", "/v1/exclusions", role: .screener,
            json: [
                "requester": ["name": "A", "organisation": "B"], "hts10": "12345", "product_description": "x",
                "tariff_action": ["kind": "section301", "heading": "9903.88.03"], "grounds": ["severe_economic_harm"],
            ])
        #expect(badCode.status == 400 && (badCode.json["error"] as? [String: Any])?["field"] as? String == "hts10")
        let badStatus = try await server.request("GET", "/v1/exclusions?status=open", role: nil)
        #expect(badStatus.status == 400)
        #expect((try await server.request("GET", "/v1/exclusions/excl_none", role: nil)).status == 404)
        #expect((try await server.request("GET", "/v1/audit/verify", role: .analyst)).json["intact"] as? Bool == true)
    }

    @Test(arguments: Server.Backend.allCases)
    func concurrentDifferingDecisionsOnSimilarRequestsCannotBothSkipTheConsistencyReason(backend: Server.Backend) async throws {
        let server = try await Server.start(backend)
        defer { server.stop() }
        // One code per round, so each round is a fresh race between two decisions that differ.
        for (round, code) in ["8481909020", "8481909040", "8413919085", "8413919096"].enumerated() {
            let first = try await Self.file(server.database, hts10: code)
            let second = try await Self.file(server.database, description: Self.aluminiumReworded, hts10: code)
            try await Self.backdate(server.database, request: first, days: -38)
            try await Self.backdate(server.database, request: second, days: -38)
            async let granted = server.request(
                "POST", "/v1/exclusions/\(first)/decision", role: .reviewer,
                json: [
                    "outcome": "granted", "reasons": "No US source.", "effective_from": Self.day(10), "effective_to": Self.day(375),
                ])
            async let denied = server.request(
                "POST", "/v1/exclusions/\(second)/decision", role: .reviewer, json: ["outcome": "denied", "reasons": "US foundries make these."])
            let statuses = try await [granted.status, denied.status].sorted()
            #expect(statuses == [201, 422], "round \(round): the later of the two must give a consistency reason")
        }
    }
}
