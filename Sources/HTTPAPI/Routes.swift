import Operations
import Audit
import Determination
import Enforcement
import Foundation
import Hummingbird
import Screening
import Store
import DataFormats

/// The `/v1` routes: each reads its input strictly, checks the role, calls the service, and answers JSON.
struct Routes: Sendable {
    let service: ComplianceService
    let specification: Data

    func register(on router: Router<ClearanceRequestContext>) {
        router.get("/healthz") { _, _ in JSONResponse.make(["status": "ok"]) }
        router.get("/metrics") { _, _ in
            JSONResponse.raw(Data(ServiceApplication.metrics.emitToBuffer()), contentType: "text/plain; version=0.0.4")
        }
        router.get("/openapi.yaml") { _, _ in
            JSONResponse.raw(specification, contentType: "application/yaml")
        }
        router.post("/v1/screen") { request, context in try await screen(request, context) }
        router.post("/v1/determine") { request, context in try await determine(request, context) }
        router.post("/v1/keys") { request, context in
            let key = try context.require(.admin)
            let body = try await JSONBody.read(request)
            try body.allowOnly(["role"])
            let text = try body.string("role", required: true) ?? ""
            guard let role = Role(rawValue: text) else { throw APIError.invalid("role", "role must be screener, analyst, reviewer or admin") }
            let created = try await service.createKey(role: role, actor: key.id)
            return JSONResponse.make(["id": created.key.id, "role": role.rawValue, "secret": created.secret], status: .created)
        }
        router.post("/v1/licenses") { request, context in try await addLicense(request, context) }
        router.get("/v1/licenses") { _, context in
            _ = try context.require(.analyst)
            return JSONResponse.make(["licenses": try await service.store.licenses()])
        }
        router.get("/v1/licenses/{id}") { _, context in
            _ = try context.require(.analyst)
            let id = try context.parameters.require("id")
            guard let license = try await service.store.license(id: id) else { throw APIError.notFound("no licence \(id)") }
            return JSONResponse.make(license)
        }
        router.get("/v1/lists") { _, context in
            _ = try context.require(.screener)
            return JSONResponse.make(["lists": service.screener.index.lists])
        }
        router.post("/v1/parties") { request, context in try await importParties(request, context) }
        router.post("/v1/lists/{source}/versions") { request, context in try await importList(request, context) }
        router.get("/v1/parties/{id}") { _, context in
            _ = try context.require(.analyst)
            let id = try context.parameters.require("id")
            guard let party = try await service.store.party(id: id) else { throw APIError.notFound("no party \(id)") }
            return JSONResponse.make(PartyView(party: party, alerts: try await service.store.alerts(partyID: id)))
        }
        router.get("/v1/cases") { request, context in
            _ = try context.require(.analyst)
            let status = try request.uri.queryParameters.get("status").map { text -> AlertStatus in
                guard let status = AlertStatus(rawValue: String(text)) else {
                    throw APIError.invalid("status", "status must be one of \(AlertStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return status
            }
            let limit = try Self.limit(request, default: 100, maximum: 1000)
            return JSONResponse.make(["cases": try await service.store.alerts(status: status, limit: limit)])
        }
        router.post("/v1/cases/{id}/decision") { request, context in
            let key = try context.require(.analyst)
            guard let id = Int64(try context.parameters.require("id")) else { throw APIError.invalid("id", "the case id must be a number") }
            let body = try await JSONBody.read(request)
            try body.allowOnly(["decision", "reason"])
            let text = try body.string("decision", required: true) ?? ""
            guard let decision = Decision(rawValue: text) else {
                throw APIError.invalid("decision", "decision must be false_positive or true_match")
            }
            guard let reason = try body.string("reason", required: true, limit: InputText.freeTextLimit, multiline: true) else {
                throw APIError.invalid("reason", "a reason is required")
            }
            return JSONResponse.make(try await service.decide(alertID: id, decision: decision, reason: reason, actor: key.id))
        }
        router.get("/v1/audit") { request, context in
            _ = try context.require(.analyst)
            let after = try request.uri.queryParameters.get("after").map { text -> Int64 in
                guard let value = Int64(String(text)), value >= 0 else { throw APIError.invalid("after", "after must be a sequence number ≥ 0") }
                return value
            } ?? 0
            let limit = try Self.limit(request, default: 100, maximum: 10_000)
            return JSONResponse.make(["records": try await service.store.auditRecords(after: after, limit: limit)])
        }
        registerEnforcement(on: router)
        registerExclusions(on: router)
        registerTrade(on: router)
        router.get("/v1/audit/verify") { _, context in
            _ = try context.require(.analyst)
            return JSONResponse.make(AuditVerification(try await service.store.verifyAnchoredAudit()))
        }
    }

    /// Every path and its methods, for 405 answers (keep in step with `register`).
    static let table: [(segments: [String], methods: [String])] = [
        ("/healthz", ["GET"]), ("/metrics", ["GET"]), ("/openapi.yaml", ["GET"]), ("/v1/screen", ["POST"]),
        ("/v1/determine", ["POST"]), ("/v1/keys", ["GET", "POST"]), ("/v1/licenses", ["GET", "POST"]), ("/v1/licenses/{id}", ["GET"]), ("/v1/lists", ["GET"]), ("/v1/lists/{source}/versions", ["POST"]),
        ("/v1/parties", ["POST"]), ("/v1/parties/{id}", ["GET"]), ("/v1/cases", ["GET"]), ("/v1/cases/{id}/decision", ["POST"]),
        ("/v1/audit", ["GET"]), ("/v1/audit/verify", ["GET"]), ("/v1/authorize", ["POST"]), ("/v1/authorizations/{id}", ["GET"]),
        ("/v1/keys/rotate", ["POST"]), ("/v1/keys/{id}/revoke", ["POST"]), ("/v1/licenses/{id}/revoke", ["POST"]), ("/v1/revocations", ["GET"]),
        ("/v1/artifacts", ["GET", "POST"]), ("/v1/exclusions", ["GET", "POST"]), ("/v1/exclusions/consistency", ["GET"]),
        ("/v1/exclusions/{id}", ["GET"]), ("/v1/exclusions/{id}/comments", ["POST"]), ("/v1/exclusions/{id}/decision", ["POST"]),
        ("/v1/exclusions/{id}/extensions", ["POST"]), ("/v1/duty", ["POST"]), ("/v1/transfer", ["POST"]),
    ].map { (path: String, methods: [String]) in (path.split(separator: "/").map(String.init), methods) }

    static func limit(_ request: Request, default value: Int, maximum: Int) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return value }
        guard let limit = Int(String(text)), (1...maximum).contains(limit) else {
            throw APIError.invalid("limit", "limit must be a whole number from 1 to \(maximum)")
        }
        return limit
    }

    /// A boolean query parameter: absent or `false` is false, `true` is true, anything else is refused.
    static func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let value = request.uri.queryParameters.get(name) else { return false }
        switch String(value) {
        case "false": return false
        case "true": return true
        default: throw APIError.invalid(name, "\(name) must be true or false")
        }
    }

    // MARK: - Screening

    private static let queryFields: Set<String> = ["name", "type", "country", "dob", "sources"]

    private func screen(_ request: Request, _ context: ClearanceRequestContext) async throws -> Response {
        let key = try context.require(.screener)
        let body = try await JSONBody.read(request)
        var queries: [ScreeningQuery] = []
        let sources = Set(service.screener.index.lists.map(\.source))
        if let list = try body.objects("queries") {
            try body.allowOnly(["queries", "threshold", "limit"])
            guard !list.isEmpty, list.count <= 1000 else {
                throw APIError.invalid("queries", "queries must hold 1 to 1000 queries")
            }
            for item in list {
                try item.allowOnly(Self.queryFields)
                queries.append(try Self.query(item, sources: sources))
            }
        } else {
            try body.allowOnly(Self.queryFields.union(["threshold", "limit"]))
            queries = [try Self.query(body, sources: sources)]
        }
        let threshold = try body.number("threshold") ?? ScreeningOptions.defaultThreshold
        guard (0...1).contains(threshold) else { throw APIError.invalid("threshold", "threshold must be between 0 and 1") }
        let limit = try body.integer("limit") ?? 10
        guard (1...100).contains(limit) else { throw APIError.invalid("limit", "limit must be from 1 to 100") }
        let result = try await service.screen(
            queries, options: ScreeningOptions(threshold: threshold, limit: limit), actor: key.id, input: body.data)
        if body.object["queries"] != nil {
            return JSONResponse.make(
                BatchScreeningView(
                    screeningID: result.screeningID,
                    results: zip(queries, result.matches).map { QueryResultView(query: $0, matches: $1) }))
        }
        return JSONResponse.make(
            ScreeningView(
                screeningID: result.screeningID, query: queries[0], threshold: threshold, matches: result.matches[0],
                lists: service.screener.index.lists))
    }

    /// One screening query; `sources` are the list sources that may be named.
    private static func query(_ body: JSONBody, sources known: Set<String>) throws -> ScreeningQuery {
        let name = try body.string("name", required: true, limit: InputText.nameLimit) ?? ""
        var type: EntityType?
        if let text = try body.string("type") {
            guard let value = EntityType(userText: text) else {
                throw APIError.invalid(body.name("type"), "\"\(body.name("type"))\" must be person, organization, vessel or aircraft")
            }
            type = value
        }
        var country: String?
        if let text = try body.string("country") {
            guard let code = CountryCode(userText: text) else {
                throw APIError.invalid(body.name("country"), "\"\(body.name("country"))\" must be an ISO 3166 alpha-2 code")
            }
            country = code.code
        }
        var dob: DateOfBirth?
        if let text = try body.string("dob") {
            guard let value = DateOfBirth(iso: text) else {
                throw APIError.invalid(body.name("dob"), "\"\(body.name("dob"))\" must be YYYY, YYYY-MM or YYYY-MM-DD")
            }
            dob = value
        }
        let sources = try body.strings("sources")
        if let unknown = sources.first(where: { !known.contains($0) }) {
            throw APIError.invalid(
                body.name("sources"),
                "\"\(body.name("sources"))\": \"\(unknown)\" is not a list source screened here; the sources are \(known.sorted().joined(separator: ", "))")
        }
        return ScreeningQuery(name: name, type: type, country: country, dateOfBirth: dob, sources: sources.isEmpty ? nil : Set(sources))
    }

    // MARK: - Determination

    private func determine(_ request: Request, _ context: ClearanceRequestContext) async throws -> Response {
        let key = try context.require(.screener)
        let body = try await JSONBody.read(request)
        try body.allowOnly([
            "eccn", "destination", "end_use", "end_user_country", "parent_country", "value", "date", "party", "fact",
            "transit", "us_content", "red_flag",
        ])
        var input = Determiner.Input(
            eccn: try body.string("eccn", required: true) ?? "", destination: try body.string("destination", required: true) ?? "")
        input.endUses = try body.strings("end_use")
        input.endUserCountry = try body.string("end_user_country")
        input.parentCountry = try body.string("parent_country")
        input.value = try body.scalarText("value")
        input.date = try body.string("date")
        input.facts = try body.strings("fact")
        input.transit = try body.strings("transit")
        input.usContent = try body.scalarText("us_content")
        input.redFlags = try body.strings("red_flag")
        let parties = try body.strings("party", limit: InputText.nameLimit)
        do {
            let result = try await service.determine(input, parties: parties, actor: key.id, body: body.data)
            var line = result.determination.jsonLine()
            line.removeFirst()
            var head = "{\"determination_id\":\(result.determinationID),"
            if let date = CivilDate(input.date ?? ComplianceService.today()),
                let licensing = try await service.licensing(
                    for: result.determination,
                    transaction: LicenseCoverage.Transaction(
                        date: date, endUser: parties.first, endUses: input.endUses, value: Double(input.value ?? "") ?? 0))
            {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                head += "\"licensing\":" + String(decoding: try encoder.encode(licensing), as: UTF8.self) + ","
            }
            return JSONResponse.raw(Data((head + line).utf8))
        } catch let error as DeterminationError {
            throw APIError(.unprocessableContent, "invalid_field", error.description, field: error.field.replacingOccurrences(of: "-", with: "_"))
        }
    }

    // MARK: - Licences

    private func addLicense(_ request: Request, _ context: ClearanceRequestContext) async throws -> Response {
        let key = try context.require(.admin)
        let body = try await JSONBody.read(request)
        try body.allowOnly([
            "id", "kind", "eccns", "destinations", "consignee", "end_user", "end_uses", "value_limit", "quantity_limit",
            "valid_from", "valid_to", "conditions",
        ])
        let id = try body.string("id", required: true) ?? ""
        guard id.count <= 100 else { throw APIError.invalid("id", "id is longer than 100 characters") }
        guard let kind = LicenseKind(rawValue: try body.string("kind", required: true) ?? "") else {
            throw APIError.invalid("kind", "kind must be one of \(LicenseKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let eccns = try body.strings("eccns")
        guard !eccns.isEmpty else { throw APIError.invalid("eccns", "eccns must name at least one ECCN") }
        for (index, eccn) in eccns.enumerated() where ItemClassification(eccn) == nil {
            throw APIError.invalid("eccns[\(index)]", "\"\(eccn)\" is not an ECCN such as 3A001.b or EAR99")
        }
        let destinations = try body.strings("destinations").map { $0.uppercased() }
        guard !destinations.isEmpty else { throw APIError.invalid("destinations", "destinations must name at least one destination") }
        for (index, code) in destinations.enumerated() {
            do {
                _ = try service.determiner.destination(code, field: "destinations[\(index)]")
            } catch {
                throw APIError.invalid("destinations[\(index)]", error.description)
            }
        }
        var days: [String] = []
        for field in ["valid_from", "valid_to"] {
            let text = try body.string(field, required: true) ?? ""
            guard CivilDate(text) != nil else { throw APIError.invalid(field, "\(field) must be a YYYY-MM-DD day") }
            days.append(text)
        }
        guard days[0] <= days[1] else { throw APIError.invalid("valid_to", "valid_to is before valid_from") }
        let valueLimit = try body.number("value_limit")
        if let valueLimit, valueLimit < 0 { throw APIError.invalid("value_limit", "value_limit must not be negative") }
        let quantityLimit = try body.integer("quantity_limit")
        if let quantityLimit, quantityLimit < 0 { throw APIError.invalid("quantity_limit", "quantity_limit must not be negative") }
        let license = LicenseRecord(
            id: id, kind: kind, eccns: eccns, destinations: destinations, consignee: try body.string("consignee", limit: InputText.nameLimit),
            endUser: try body.string("end_user", limit: InputText.nameLimit), endUses: try body.strings("end_uses"), valueLimit: valueLimit,
            quantityLimit: quantityLimit, validFrom: days[0], validTo: days[1],
            conditions: try body.strings("conditions", limit: InputText.freeTextLimit, multiline: true))
        try await service.store.addLicense(license, audit: ComplianceService.licenseRecord(license, actor: key.id, input: body.data))
        return JSONResponse.make(StoredLicense(license: license), status: .created)
    }

    // MARK: - Lists

    private func importList(_ request: Request, _ context: ClearanceRequestContext) async throws -> Response {
        let key = try context.require(.admin)
        let source = try context.parameters.require("source")
        guard service.manifest?.lists.contains(where: { $0.source == source }) == true else {
            throw APIError.notFound("no list source \(source)")
        }
        let published = request.uri.queryParameters.get("published").map { String($0) }
        if let published, published.count != 10 || published.split(separator: "-").count != 3 {
            throw APIError.invalid("published", "published must be YYYY-MM-DD")
        }
        let force = try Self.flag(request, "force")
        let data = try await JSONBody.bytes(request, limit: 256 << 20)
        guard !data.isEmpty else { throw APIError.invalid("body", "the body must be the list file") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-list-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("list-file")
        try data.write(to: file)
        let parsed: ParsedList
        do {
            parsed = try service.parseList(source: source, primary: file, published: published)
        } catch {
            throw APIError(.unprocessableContent, "unreadable_list", "\(error)".replacingOccurrences(of: directory.path + "/", with: ""), field: "body")
        }
        do {
            return JSONResponse.make(try await service.importList(parsed, actor: key.id, force: force))
        } catch let refusal as ListVersionRefused {
            throw APIError(.unprocessableContent, "list_version_refused", refusal.description, field: "body")
        }
    }

    // MARK: - Parties

    private func importParties(_ request: Request, _ context: ClearanceRequestContext) async throws -> Response {
        let key = try context.require(.analyst)
        let type = request.headers[.contentType] ?? "application/json"
        let parties: [PartyRecord]
        if type.hasPrefix("text/csv") {
            parties = try PartyCSV.parse(try await JSONBody.bytes(request, limit: 64 << 20))
        } else {
            let body = try await JSONBody.read(request, limit: 64 << 20)
            try body.allowOnly(["parties"])
            guard let list = try body.objects("parties") else { throw APIError.invalid("parties", "\"parties\" is required") }
            parties = try list.map { item in
                try item.allowOnly(["id", "name", "type", "country", "dob"])
                return PartyRecord(
                    id: try item.string("id", required: true, limit: 200) ?? "",
                    name: try item.string("name", required: true, limit: InputText.nameLimit) ?? "",
                    type: try item.string("type"), country: try item.string("country"), dateOfBirth: try item.string("dob"))
            }
            try PartyCSV.validate(parties, place: { "parties[\($0)]" })
        }
        return JSONResponse.make(try await service.importParties(parties, actor: key.id))
    }
}

/// The CLI's `screen --format json` object, plus the screening id.
struct ScreeningView: Encodable {
    var screeningID: Int64
    var query: ScreeningQuery
    var threshold: Double
    var matches: [Match]
    var lists: [ListMetadata]

    enum CodingKeys: String, CodingKey {
        case query, threshold, matches, lists
        case screeningID = "screening_id"
    }
}

struct QueryResultView: Encodable {
    var query: ScreeningQuery
    var matches: [Match]
}

struct BatchScreeningView: Encodable {
    var screeningID: Int64
    var results: [QueryResultView]

    enum CodingKeys: String, CodingKey {
        case results
        case screeningID = "screening_id"
    }
}

struct PartyView: Encodable {
    var party: PartyRecord
    var alerts: [AlertRecord]
}

