import BundledData
import DataFormats
import Determination
import Foundation
import Hummingbird
import Operations

/// The determination form (the inputs of `clearance determine` and `POST /v1/determine`), its answer with the
/// findings in Part 732 order, and the EAR table row each finding cites. The role is the API's: screener.
extension Workbench {
    func addDetermineRoutes(to router: Router<WorkbenchContext>) {
        router.get("/determine") { _, context in
            _ = try require(.screener, context)
            return try renderer.page("determine", title: "Determine", DeterminationView.form(DeterminationForm(), determiner: service.determiner), context: context)
        }
        router.post("/determine") { _, context in
            let session = try require(.screener, context)
            let form = try DeterminationForm(context.form, determiner: service.determiner)
            let answer: LicensedDetermination
            do {
                answer = try await service.determineWithLicensing(form.input, parties: form.parties, actor: session.actor, body: try form.auditBody())
            } catch let error as DeterminationError {
                throw WorkbenchError.badRequest(field: DeterminationForm.formField(error.field), error.description)
            }
            var values = DeterminationView.form(form, determiner: service.determiner)
            values["answer"] = DeterminationView.answer(answer)
            return try renderer.page("determine", title: "Determine", values, context: context)
        }
        router.get("/determine/rows") { request, context in
            _ = try require(.screener, context)
            let query = request.uri.queryParameters
            let file = try FormText.required(query["file"].map(String.init), "file", limit: 200)
            guard let line = try FormText.integer(query["line"].map(String.init), "line", in: 1...10_000_000) else {
                throw WorkbenchError.badRequest(field: "line", "line is required")
            }
            let rows = RuleRows(directory: BundledData.earDirectory, sources: service.determiner.reference.sources)
            let row = try rows.row(file: file, line: line)
            return try renderer.page("rulerow", title: "Rule row \(row.location)", DeterminationView.row(row), context: context)
        }
    }
}

/// The determination form's fields, read and checked as the API reads its body (the same text rules), and the
/// `Determiner.Input` they make. Facts are one select per known fact (not stated, yes, no); parties and red flags
/// one per line; end uses checkboxes; transit codes separated by spaces or commas.
struct DeterminationForm: Sendable {
    var input = Determiner.Input(eccn: "", destination: "")
    var parties: [String] = []
    /// The stated facts by key (`yes` or `no`).
    var facts: [String: String] = [:]

    init() {}

    init(_ form: FormFields, determiner: Determiner) throws(WorkbenchError) {
        input = Determiner.Input(
            eccn: try FormText.required(form["eccn"], "eccn", limit: 40), destination: try FormText.required(form["destination"], "destination", limit: 10))
        for (index, tag) in form.all("end_use").enumerated() {
            guard let tag = try FormText.optional(tag, "end_use[\(index)]", limit: 60) else { continue }
            input.endUses.append(tag)
        }
        input.endUserCountry = try FormText.optional(form["end_user_country"], "end_user_country", limit: 10)
        input.parentCountry = try FormText.optional(form["parent_country"], "parent_country", limit: 10)
        input.value = try FormText.optional(form["value"], "value", limit: 30)
        input.date = try FormText.optional(form["date"], "date", limit: 10)
        input.usContent = try FormText.optional(form["us_content"], "us_content", limit: 10)
        for fact in determiner.facts {
            let field = "fact." + fact.key
            guard let answer = try FormText.optional(form[field], field, limit: 3) else { continue }
            guard answer == "yes" || answer == "no" else { throw .badRequest(field: field, "\(field) must be yes, no or not stated, got \"\(answer)\"") }
            facts[fact.key] = answer
            input.facts.append("\(fact.key)=\(answer)")
        }
        if let transit = try FormText.optional(form["transit"], "transit", limit: 200) {
            input.transit = transit.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        }
        parties = try Self.lines(form["party"], "party", limit: InputText.nameLimit)
        input.redFlags = try Self.lines(form["red_flag"], "red_flag", limit: InputText.lineLimit)
    }

    /// The non-blank lines of a text area, each checked as one line of text.
    static func lines(_ text: String?, _ field: String, limit: Int) throws(WorkbenchError) -> [String] {
        guard let text else { return [] }
        var values: [String] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            if let value = try FormText.optional(String(line), "\(field) line \(index + 1)", limit: limit) { values.append(value) }
        }
        return values
    }

    /// The form field a `DeterminationError` names (it names CLI options: `end-use`, `us-content`).
    static func formField(_ field: String) -> String {
        field == "fact" ? "fact" : field.replacingOccurrences(of: "-", with: "_")
    }

    /// What the audit record keeps as the request: the fields as the API's body names them.
    func auditBody() throws -> Data {
        var body: [String: Any] = ["eccn": input.eccn, "destination": input.destination]
        if !input.endUses.isEmpty { body["end_use"] = input.endUses }
        if let country = input.endUserCountry { body["end_user_country"] = country }
        if let country = input.parentCountry { body["parent_country"] = country }
        if let value = input.value { body["value"] = value }
        if let date = input.date { body["date"] = date }
        if !input.facts.isEmpty { body["fact"] = input.facts }
        if !input.transit.isEmpty { body["transit"] = input.transit }
        if let content = input.usContent { body["us_content"] = content }
        if !input.redFlags.isEmpty { body["red_flag"] = input.redFlags }
        if !parties.isEmpty { body["party"] = parties }
        return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
    }
}
