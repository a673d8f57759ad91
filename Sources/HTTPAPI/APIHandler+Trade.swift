import Flows
import Foundation
import OpenAPIRuntime
import Operations
import Tariffs

/// Duty assessments and data-transfer checks, answered as the CLI's `clearance duty` and `clearance transfer` give them.
extension APIHandler {
    func assessDuty(_ input: Operations.AssessDuty.Input) async throws -> Operations.AssessDuty.Output {
        _ = try RequestState.require(.screener)
        guard case .json(let body) = input.body else { throw APIError.invalid("body", "the body must be a JSON object") }
        let calculator = try Self.loaded(service.trade.duty)
        var duty = DutyInput(
            hts: try FieldText.required(body.hts, "hts"), origin: try FieldText.required(body.origin, "origin"),
            value: try Self.scalarText(body.value, "value") ?? "", date: try FieldText.required(body.date, "date"))
        duty.usmcaQualifying = body.usmcaQualifying ?? false
        duty.automobilePart = body.automobilePart
        duty.steelContent = try Self.scalarText(body.steelContent, "steel_content")
        duty.aluminumContent = try Self.scalarText(body.aluminumContent, "aluminum_content")
        duty.copperContent = try Self.scalarText(body.copperContent, "copper_content")
        duty.transshipped = body.transshipped ?? false
        let assessment: DutyAssessment
        do throws(DutyError) {
            assessment = try calculator.assess(try duty.request())
        } catch {
            throw APIError.invalid(error.field, error.description)
        }
        return .ok(.init(body: .json(try JSONObject.decode(Data(assessment.json().utf8)))))
    }

    func checkTransfer(_ input: Operations.CheckTransfer.Input) async throws -> Operations.CheckTransfer.Output {
        _ = try RequestState.require(.screener)
        guard case .json(let body) = input.body else { throw APIError.invalid("body", "the body must be a JSON object") }
        let checker = try Self.loaded(service.trade.transfers)
        var transfer = TransferInput(
            category: body.category.rawValue, from: try FieldText.required(body.from, "from"), to: try FieldText.required(body.to, "to"))
        transfer.mechanisms = try FieldText.list(body.mechanisms, "mechanisms")
        transfer.certifications = try FieldText.list(body.certifications, "certifications")
        transfer.facts = try FieldText.list(body.facts, "facts")
        transfer.date = try FieldText.required(body.date, "date")
        let request: TransferRequest
        do throws(TransferInputError) {
            request = try checker.request(transfer)
        } catch {
            throw APIError.invalid(Self.transferField(error.field), error.message)
        }
        return .ok(.init(body: .json(try JSONObject.decode(checker.decide(request).jsonData()))))
    }

    /// The tables an operation answers from; 503 naming the problem when they cannot be loaded.
    private static func loaded<Value>(_ load: @Sendable () throws -> Value) throws -> Value {
        do {
            return try load()
        } catch {
            throw APIError(.serviceUnavailable, "tables_unavailable", "the reference tables cannot be loaded: \(error)")
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
