import DataFormats

extension DutyAssessment {
    /// The assessment as one compact JSON object, led by the ledger's `line` and `id` when given.
    ///
    /// Keys: `hts`, `origin`, `date`, `value`, `description`, `layers` (each `kind`, `heading`,
    /// `rate_percent`, `base`, `amount`, `basis`, `effective_from`, `effective_to`, `in_total`, `needs`),
    /// `excluded` (`kind`, `heading`, `why`), `needs`, `review`, `total_rate_percent`, `total_amount`,
    /// `conditional`, `data_version`. Rates are percent numbers, amounts US dollars with two decimals.
    public func json(line: Int? = nil, id: String? = nil) -> String {
        var writer = JSONWriter()
        write(to: &writer, line: line, id: id)
        return writer.text
    }

    /// Writes the assessment into `writer` (see `json(line:id:)`).
    public func write(to writer: inout JSONWriter, line: Int? = nil, id: String? = nil) {
        writer.openObject()
        if let line {
            writer.key("line")
            writer.number(line)
        }
        if let id {
            writer.key("id")
            writer.string(id)
        }
        writer.key("hts"); writer.string(request.hts.description)
        writer.key("origin"); writer.string(request.origin)
        writer.key("date"); writer.string(request.date.description)
        writer.key("value"); writer.number(request.value.description)
        writer.key("description"); writer.string(description)
        writer.key("layers")
        writer.openArray()
        for layer in layers {
            writer.openObject()
            writer.key("kind"); writer.string(layer.kind.rawValue)
            writer.key("heading"); writer.string(layer.heading)
            writer.key("rate_percent"); writer.number(layer.rate.description)
            writer.key("base")
            if let base = layer.base { writer.number(base.description) } else { writer.null() }
            writer.key("amount")
            if let amount = layer.amount { writer.number(amount.description) } else { writer.null() }
            writer.key("basis"); writer.string(layer.basis)
            writer.key("effective_from"); writer.string(layer.effectiveFrom?.description)
            writer.key("effective_to"); writer.string(layer.effectiveTo?.description)
            writer.key("in_total"); writer.bool(layer.inTotal)
            writer.key("needs"); Self.write(layer.needs, to: &writer)
            writer.closeObject()
        }
        writer.closeArray()
        writer.key("excluded")
        writer.openArray()
        for layer in excluded {
            writer.openObject()
            writer.key("kind"); writer.string(layer.kind.rawValue)
            writer.key("heading"); writer.string(layer.heading)
            writer.key("why"); writer.string(layer.why)
            writer.closeObject()
        }
        writer.closeArray()
        writer.key("needs"); Self.write(needs, to: &writer)
        writer.key("review"); writer.strings(review)
        writer.key("total_rate_percent"); writer.number(totalRate.description)
        writer.key("total_amount"); writer.number(totalAmount.description)
        writer.key("conditional"); writer.bool(isConditional)
        writer.key("data_version"); writer.string(dataVersion)
        writer.key("data_compiled"); writer.string(dataCompiled.description)
        writer.key("data_age_days"); writer.number(String(dataAgeDays))
        writer.key("stale_tables"); writer.strings(staleTables)
        writer.closeObject()
    }

    private static func write(_ needs: [Need], to writer: inout JSONWriter) {
        writer.openArray()
        for need in needs {
            writer.openObject()
            writer.key("fact"); writer.string(need.fact)
            writer.key("question"); writer.string(need.question)
            writer.key("heading"); writer.string(need.heading)
            writer.key("effect"); writer.string(need.effect.rawValue)
            writer.closeObject()
        }
        writer.closeArray()
    }
}
