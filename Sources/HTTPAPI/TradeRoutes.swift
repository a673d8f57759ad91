import Operations
import Flows
import Foundation
import Hummingbird
import DataFormats
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
        guard let value = try body.scalarText("value") else { throw APIError.invalid("value", "\"value\" is required") }
        var input = DutyInput(
            hts: try body.string("hts", required: true) ?? "", origin: try body.string("origin", required: true) ?? "",
            value: value, date: try body.string("date", required: true) ?? "")
        input.usmcaQualifying = try body.bool("usmca_qualifying") ?? false
        input.automobilePart = try body.bool("automobile_part")
        input.steelContent = try body.scalarText("steel_content")
        input.aluminumContent = try body.scalarText("aluminum_content")
        input.copperContent = try body.scalarText("copper_content")
        input.transshipped = try body.bool("transshipped") ?? false
        do throws(DutyError) {
            return try calculator.assess(try input.request())
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
