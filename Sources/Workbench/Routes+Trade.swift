import DataFormats
import Flows
import Foundation
import Hummingbird
import Operations
import Tariffs

/// Duty on one entry line and a data-transfer check (the inputs and calls of `POST /v1/duty` and
/// `POST /v1/transfer`, screener role), and a purchase ledger (the CSV `clearance duty --input` reads, audited) with
/// its summary by layer, origin and chapter and a what-if date: pasted, run at once by `ComplianceService.runLedger`;
/// uploaded, run as a background job (`BackgroundJobs.startLedger`) whose page `/duty/ledger/:id` follows it.
extension Workbench {
    func addTradeRoutes(to router: Router<WorkbenchContext>) {
        router.get("/duty") { _, context in
            _ = try require(.screener, context)
            return try renderer.page("duty", title: "Duty and transfers", try tradeForm(context.form), context: context)
        }
        router.post("/duty") { _, context in
            _ = try require(.screener, context)
            let form = context.form
            var input = DutyInput(
                hts: try FormText.required(form["hts"], "hts", limit: 20), origin: try FormText.required(form["origin"], "origin", limit: 10),
                value: try FormText.required(form["value"], "value", limit: 30), date: try FormText.required(form["date"], "date", limit: 10))
            input.usmcaQualifying = form["usmca_qualifying"] == "yes"
            if let part = try FormText.optional(form["automobile_part"], "automobile_part", limit: 3) {
                guard part == "yes" || part == "no" else { throw WorkbenchError.badRequest(field: "automobile_part", "automobile_part must be yes, no or not stated") }
                input.automobilePart = part == "yes"
            }
            input.steelContent = try FormText.optional(form["steel_content"], "steel_content", limit: 30)
            input.aluminumContent = try FormText.optional(form["aluminum_content"], "aluminum_content", limit: 30)
            input.copperContent = try FormText.optional(form["copper_content"], "copper_content", limit: 30)
            input.transshipped = form["transshipped"] == "yes"
            let calculator = try Self.tables(service.trade.duty)
            let assessment: DutyAssessment
            do throws(DutyError) {
                assessment = try calculator.assess(try input.request())
            } catch {
                throw WorkbenchError.badRequest(field: error.field, error.description)
            }
            var values = try tradeForm(form)
            values["duty"] = TradeView.assessment(assessment)
            return try renderer.page("duty", title: "Duty and transfers", values, context: context)
        }
        router.post("/duty/transfer") { _, context in
            _ = try require(.screener, context)
            let form = context.form
            let checker = try Self.tables(service.trade.transfers)
            var transfer = TransferInput(
                category: try FormText.required(form["category"], "category", limit: 60), from: try FormText.required(form["from"], "from", limit: 10),
                to: try FormText.required(form["to"], "to", limit: 10))
            transfer.mechanisms = try form.all("mechanism").enumerated().compactMap { try FormText.optional($1, "mechanism[\($0)]", limit: 60) }
            transfer.certifications = try form.all("certification").enumerated().compactMap { try FormText.optional($1, "certification[\($0)]", limit: 60) }
            transfer.facts = try DeterminationForm.lines(form["facts"], "facts", limit: 100)
            transfer.date = try FormText.required(form["transfer_date"], "transfer_date", limit: 10)
            let request: TransferRequest
            do throws(TransferInputError) {
                request = try checker.request(transfer)
            } catch {
                throw WorkbenchError.badRequest(field: TradeView.transferField(error.field), error.description)
            }
            var values = try tradeForm(form)
            values["transfer"] = TradeView.transfer(checker.decide(request))
            return try renderer.page("duty", title: "Duty and transfers", values, context: context)
        }
        router.post("/duty/ledger") { _, context in
            let session = try require(.screener, context)
            let form = context.form
            let defaultDate = try Self.day(form["ledger_date"], "ledger_date")
            let compareDate = try Self.day(form["compare_date"], "compare_date")
            let named = try FormText.optional(form["ledger_name"], "ledger_name", limit: 200)
            if let file = context.files.first(where: { $0.field == "ledger_file" && !$0.filename.isEmpty }) {
                let job = try await Self.startLedgerJob(file, name: named, defaultDate: defaultDate, compareDate: compareDate, jobs: jobs, service: service, owner: session.actor)
                return PageRenderer.redirect("/duty/ledger/\(job.id)#ledger-summary")
            }
            guard let csv = try FormText.optional(form["ledger"], "ledger", limit: ComplianceService.ledgerUploadLimit, multiline: true) else {
                throw WorkbenchError.badRequest(field: "ledger_file", "ledger_file: choose a ledger CSV file to upload, or paste the ledger in the text box")
            }
            let report = try await service.runLedger(
                csv: Data(csv.utf8), name: named ?? "the ledger", defaultDate: defaultDate, compareDate: compareDate, actor: session.actor)
            var values = try tradeForm(form)
            values["ledgerText"] = csv
            values["report"] = TradeView.report(report)
            return try renderer.page("duty", title: "Duty and transfers", values, context: context)
        }
        router.get("/duty/ledger/:id") { _, context in
            let session = try require(.screener, context)
            let id = try Self.jobID(context)
            let job = try await jobs.job(id: id, owner: session.actor)
            guard job.kind == BackgroundJobs.ledger else { throw WorkbenchError.notFound("Job \(id) is not a ledger.") }
            var values = try tradeForm(FormFields())
            guard job.state == .done else {
                values["ledgerJob"] = Self.ledgerProgress(job)
                return try renderer.page("duty", title: "Duty and transfers", values, context: context)
            }
            let result = try await jobs.artefact(id: id, name: BackgroundJobs.ledgerResult, owner: session.actor)
            values["report"] = try LedgerResultView.values(result.content, jobID: id)
            return try renderer.page("duty", title: "Duty and transfers", values, context: context)
        }
    }

    /// The page's three forms, filled in with what was sent (the choices of the transfer form from its tables).
    private func tradeForm(_ form: FormFields) throws -> [String: Any] {
        var values: [String: Any] = [:]
        for name in [
            "hts", "origin", "value", "date", "steel_content", "aluminum_content", "copper_content", "category", "from", "to", "facts", "transfer_date",
            "ledger_name", "ledger_date", "compare_date",
        ] {
            values[name] = form[name] ?? ""
        }
        values["usmca"] = form["usmca_qualifying"] == "yes"
        values["transshipped"] = form["transshipped"] == "yes"
        values["automobileParts"] = [("", "not stated"), ("yes", "yes"), ("no", "no")].map {
            ["value": $0.0, "label": $0.1, "selected": $0.0 == (form["automobile_part"] ?? "")]
        }
        if let checker = try? service.trade.transfers() {
            let chosen = Set(form.all("mechanism") + form.all("certification"))
            values["categories"] = checker.categoryKeys.map { ["value": $0, "selected": $0 == form["category"]] }
            values["mechanisms"] = checker.mechanismKeys.enumerated().map { ["value": $1, "index": $0, "checked": chosen.contains($1)] as [String: Any] }
            values["certifications"] = checker.certificationKeys.enumerated().map { ["value": $1, "index": $0, "checked": chosen.contains($1)] as [String: Any] }
        } else {
            values["transferUnavailable"] = true
        }
        return values
    }

    /// The tables an answer needs; a 503 page naming the problem when they cannot be loaded (as the API answers).
    static func tables<Value>(_ load: @Sendable () throws -> Value) throws -> Value {
        do {
            return try load()
        } catch {
            throw WorkbenchError(.serviceUnavailable, "Tables unavailable", "the reference tables cannot be loaded: \(error)")
        }
    }

    /// A `YYYY-MM-DD` field, or nil when blank; a 400 page naming the field otherwise.
    static func day(_ text: String?, _ field: String) throws(WorkbenchError) -> CivilDate? {
        guard let text = try FormText.optional(text, field, limit: 10) else { return nil }
        guard let day = CivilDate(text) else { throw .badRequest(field: field, "\(field): \"\(text)\" is not a date; write it as YYYY-MM-DD") }
        return day
    }
}
