import Determination
import Foundation
import OpenAPIRuntime
import Operations
import Screening
import DataFormats

/// Screening and determination.
extension APIHandler {
    func screen(_ input: Operations.Screen.Input) async throws -> Operations.Screen.Output {
        let key = try RequestState.require(.screener)
        guard case .json(let body) = input.body else { throw APIError.invalid("body", "the body must be a JSON object") }
        let queries: [ScreeningQuery]
        let threshold: Double?
        let limit: Int?
        switch body {
        case .ScreenOne(let one):
            queries = [
                try query(
                    name: one.name, type: one._type, country: one.country, dob: one.dob, sources: one.sources, field: "")
            ]
            (threshold, limit) = (one.threshold, one.limit)
        case .ScreenMany(let many):
            guard !many.queries.isEmpty, many.queries.count <= 1000 else {
                throw APIError.invalid("queries", "queries must hold 1 to 1000 queries")
            }
            queries = try many.queries.enumerated().map { index, item in
                try query(name: item.name, type: item.type, country: item.country, dob: item.dob, sources: item.sources, field: "queries[\(index)].")
            }
            (threshold, limit) = (many.threshold, many.limit)
        }
        let options = ScreeningOptions(threshold: threshold ?? ScreeningOptions.defaultThreshold, limit: limit ?? 10)
        guard (0...1).contains(options.threshold) else { throw APIError.invalid("threshold", "threshold must be between 0 and 1") }
        guard (1...100).contains(options.limit) else { throw APIError.invalid("limit", "limit must be from 1 to 100") }
        let result = try await service.screen(queries, options: options, actor: key.id, input: RequestState.body)
        if case .ScreenMany = body {
            let results = zip(queries, result.matches).map { BatchScreeningAnswer.Result(query: $0, matches: $1) }
            return .ok(.init(body: .json(.BatchScreeningResult(.init(screeningID: result.screeningID, results: results)))))
        }
        return .ok(
            .init(
                body: .json(
                    .ScreeningResult(
                        .init(
                            screeningID: result.screeningID, query: queries[0], threshold: options.threshold, matches: result.matches[0],
                            lists: try await ListMetadataJSON.current(service))))))
    }

    /// One query, its fields named after `field` (`queries[2].`).
    private func query(
        name: String, type: Components.Schemas.PartyType?, country: String?, dob: String?, sources: [String]?, field: String
    ) throws -> ScreeningQuery {
        try service.screeningQuery(
            name: try FieldText.required(name, field + "name", limit: InputText.nameLimit), type: type.flatMap { EntityType(rawValue: $0.rawValue) },
            country: try FieldText.optional(country, field + "country"), dob: try FieldText.optional(dob, field + "dob"),
            sources: try FieldText.list(sources, field + "sources"), field: field)
    }

    func determine(_ input: Operations.Determine.Input) async throws -> Operations.Determine.Output {
        let key = try RequestState.require(.screener)
        guard case .json(let body) = input.body else { throw APIError.invalid("body", "the body must be a JSON object") }
        var request = Determiner.Input(eccn: try FieldText.required(body.eccn, "eccn"), destination: try FieldText.required(body.destination, "destination"))
        request.endUses = try FieldText.list(body.endUse, "end_use")
        request.endUserCountry = try FieldText.optional(body.endUserCountry, "end_user_country")
        request.parentCountry = try FieldText.optional(body.parentCountry, "parent_country")
        request.value = try Self.scalarText(body.value, "value")
        request.date = try FieldText.optional(body.date, "date")
        request.facts = try FieldText.list(body.fact, "fact")
        request.transit = try FieldText.list(body.transit, "transit")
        request.usContent = try Self.scalarText(body.usContent, "us_content")
        request.redFlags = try FieldText.list(body.redFlag, "red_flag")
        let parties = try FieldText.list(body.party, "party", limit: InputText.nameLimit)
        let answer = try await service.determineWithLicensing(request, parties: parties, actor: key.id, body: RequestState.body)
        return .ok(.init(body: .json(try JSONObject.decode(Data(try answer.json().utf8)))))
    }

    /// The text of a number-or-text field, as the CLI's option would give it (`400`, `1200.5`).
    static func scalarText(_ value: Components.Schemas.NumberOrText?, _ field: String) throws(APIError) -> String? {
        switch value {
        case nil: nil
        case .Line(let text)?: try FieldText.check(text, field)
        case .case1(let number)?: number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        }
    }
}

/// JSON the domain writes, as the generated layer's free-form object (`OpenAPIObjectContainer`).
enum JSONObject {
    static func decode(_ data: Data) throws -> OpenAPIObjectContainer {
        try JSONDecoder().decode(OpenAPIObjectContainer.self, from: data)
    }
}
