import Flows
import Foundation
import Hummingbird
import Tabular
import Tariffs

/// The flows-and-tariffs routes: a duty assessment of one entry and a data-transfer check, as the CLI's
/// `clearance duty` and `clearance transfer` give them (same JSON).
extension Routes {
    func registerTrade(on router: Router<ClearanceRequestContext>) {
        router.post("/v1/duty") { request, context in
            _ = try context.require(.screener)
            let body = try await JSONBody.read(request)
            let assessment = try Self.duty(body, calculator: try loaded(service.trade.duty))
            return JSONResponse.raw(Data(assessment.json().utf8))
        }
        router.post("/v1/transfer") { request, context in
            _ = try context.require(.screener)
            let body = try await JSONBody.read(request)
            let checker = try loaded(service.trade.transfers)
            try body.allowOnly(["category", "from", "to", "mechanisms", "certifications", "facts", "date"])
            var input = TransferInput(
                category: try body.string("category", required: true) ?? "", from: try body.string("from", required: true) ?? "",
                to: try body.string("to", required: true) ?? "")
            input.mechanisms = try body.strings("mechanisms")
            input.certifications = try body.strings("certifications")
            input.facts = try body.strings("facts")
            input.date = try body.string("date", required: true)
            let transfer: TransferRequest
            do throws(TransferInputError) {
                transfer = try checker.request(input)
            } catch {
                throw APIError.invalid(Self.transferField(error.field), error.message)
            }
            return JSONResponse.raw(checker.decide(transfer).jsonData())
        }
    }

    /// The tables a route answers from; 503 naming the problem when they cannot be loaded.
    private func loaded<Value>(_ load: @Sendable () throws -> Value) throws -> Value {
        do {
            return try load()
        } catch {
            throw APIError(.serviceUnavailable, "tables_unavailable", "the reference tables cannot be loaded: \(error)")
        }
    }

    private static let dutyFields: Set<String> = [
        "hts", "origin", "value", "date", "usmca_qualifying", "automobile_part", "steel_content", "aluminum_content",
        "copper_content", "transshipped",
    ]

    /// The assessment a `POST /v1/duty` body asks for; 400 naming the field for bad input.
    static func duty(_ body: JSONBody, calculator: DutyCalculator) throws -> DutyAssessment {
        try body.allowOnly(dutyFields)
        let htsText = try body.string("hts", required: true) ?? ""
        guard let hts = HTSCode(htsText) else { throw APIError.invalid("hts", DutyError.malformedHTS(htsText).description) }
        let dateText = try body.string("date", required: true) ?? ""
        guard let date = CivilDate(dateText) else { throw APIError.invalid("date", DutyError.malformedDate(dateText).description) }
        func money(_ key: String, required: Bool = false) throws -> USD? {
            guard let text = try body.scalarText(key) else {
                if required { throw APIError.invalid(key, "\"\(key)\" is required") }
                return nil
            }
            guard let amount = USD(text) else { throw APIError.invalid(key, DutyError.malformedValue(text).description) }
            return amount
        }
        let facts = DutyFacts(
            usmcaQualifying: try body.bool("usmca_qualifying") ?? false, automobilePart: try body.bool("automobile_part"),
            steelContent: try money("steel_content"), aluminumContent: try money("aluminum_content"),
            copperContent: try money("copper_content"), transshipped: try body.bool("transshipped") ?? false)
        let request = DutyRequest(
            hts: hts, origin: (try body.string("origin", required: true) ?? "").uppercased(),
            value: try money("value", required: true) ?? .zero, date: date, facts: facts)
        do throws(DutyError) {
            return try calculator.assess(request)
        } catch {
            throw APIError.invalid(error.field, error.description)
        }
    }

    /// The body field a transfer input error names (the CLI's `--option` spelling maps to the JSON key).
    private static func transferField(_ field: String) -> String {
        let name = field.hasPrefix("--") ? String(field.dropFirst(2)) : field
        switch name {
        case "mechanism": return "mechanisms"
        case "recipient-certified": return "certifications"
        case "fact": return "facts"
        default: return name
        }
    }
}
