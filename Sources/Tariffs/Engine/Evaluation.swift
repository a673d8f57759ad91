import DataFormats

/// One assessment of one statistical number (or subheading): the layers in C.2 order of decision.
struct Evaluation {
    let data: TariffData
    let request: DutyRequest
    let line: ScheduleLine
    /// The number evaluated: the input's 10 digits, a suffix of an 8-digit input, or the 8 digits.
    let digits: String

    var date: CivilDate { request.date }
    var origin: String { request.origin }
    var facts: DutyFacts { request.facts }

    /// The day the HS 2022 nomenclature entered the schedule; subheadings beginning then may lack 301 rows.
    static let harmonizedSystem2022 = CivilDate("2022-01-01")!

    var layers: [DutyLayer] = []
    var excluded: [ExcludedLayer] = []
    var review: [String] = []
    /// Section 232 headings that cover the good on the date, with or without a rate in the data.
    var coveringSection232: [String] = []
    /// Section 232 headings that cover the good on the date but whose rate then is not in the data.
    var unratedSection232: [String] = []

    init(data: TariffData, request: DutyRequest, line: ScheduleLine, digits: String) {
        self.data = data
        self.request = request
        self.line = line
        self.digits = digits
    }

    /// The assessment of `digits` under `line` for `request`.
    static func assess(_ data: TariffData, _ request: DutyRequest, _ line: ScheduleLine, _ digits: String) -> DutyAssessment {
        var evaluation = Evaluation(data: data, request: request, line: line, digits: digits)
        return evaluation.run()
    }

    /// A Section 232 layer as decided: applied, or applying only if a stated fact holds.
    struct Metal232 {
        var product: Section232Product
        var rate: Section232Rate
        var definite: Bool
    }

    mutating func run() -> DutyAssessment {
        let base = baseLayer()
        let applied232 = section232()
        section301()
        fentanyl(applied232)
        reciprocal(applied232, base: base)
        section122(applied232)
        reviewWindows()
        if let warning = data.freshness.warning(on: date, what: "tariff") { review.append(warning) }
        layers.sort { $0.kind < $1.kind }
        var totalRate = Percent.zero
        var totalAmount = USD.zero
        for layer in layers where layer.inTotal {
            guard let amount = layer.amount, let layerBase = layer.base else { continue }
            totalAmount = totalAmount + amount
            totalRate =
                totalRate
                + (layerBase == request.value
                    ? layer.rate
                    : Percent(thousandths: request.value.cents == 0 ? 0 : Int(Int64(layer.rate.thousandths) * layerBase.cents / request.value.cents)))
        }
        return DutyAssessment(
            request: request,
            description: request.hts.isStatistical
                ? data.schedule.statistical[digits].map { "\(line.description); \($0)" } ?? line.description
                : line.description,
            layers: layers, excluded: excluded, review: review, totalRate: totalRate, totalAmount: totalAmount,
            dataVersion: data.version, dataCompiled: data.freshness.compiled, dataAgeDays: data.freshness.age(on: date),
            staleTables: data.freshness.stale(on: date).map(\.file), unplacedNeeds: [])
    }

    // MARK: Base rate (C.1 1)

    /// The column 1 (or column 2) layer; returns the ad valorem rate the floors subtract, nil when the
    /// rate has a specific part or is a formula.
    mutating func baseLayer() -> Percent? {
        var kind = LayerKind.mfn
        var column = line.general
        var basis = line.generalBasis
        if let second = data.support.column2[origin], second.from <= date {
            kind = .column2
            column = line.column2
            basis = "column 2 (\(second.authority)), HTS 2025 (hts2025_mfn_hts8.csv line \(line.line)): \(column.text)"
        } else if facts.usmcaQualifying, origin == "CA" || origin == "MX", let usmca = line.usmca {
            column = usmca
            basis = "column 1 Special, USMCA (S) claimed, HTS 2025 (hts2025_mfn_hts8.csv line \(line.line)): \(column.text)"
        }
        let heading = request.hts.description
        var needs: [Need] = []
        if column.hasSpecificPart {
            needs.append(
                Need(
                    fact: "quantity",
                    question: "The rate \"\(column.text)\" also charges per unit (\(line.firstUnit)); the amount shown is its ad valorem part only",
                    heading: heading, effect: .specificPart))
        }
        if column.isFormula {
            review.append("\(heading): the base rate \"\(column.text.isEmpty ? "none stated" : column.text)\" is a formula or provision the data cannot compute (\(basis))")
        }
        let rate = column.adValorem ?? .zero
        let end = line.end.year >= 2050 ? nil : line.end
        layers.append(
            DutyLayer(
                kind: kind, heading: heading, rate: rate, base: request.value,
                amount: column.isFormula ? nil : request.value.applying(rate),
                basis: basis,
                effectiveFrom: line.begin, effectiveTo: end, inTotal: !column.isFormula, needs: needs))
        return column.hasSpecificPart || column.isFormula ? nil : rate
    }
}
