import Tabular

/// Stacks every US duty layer on one entry line: the base rate, Section 301, Section 232, the IEEPA
/// duties and Section 122, with the interaction rules of RULES.md C.2, the exemptions in effect and
/// the facts each layer still needs.
///
/// Pure and `Sendable`: one calculator serves any number of threads.
public struct DutyCalculator: Sendable {
    /// The tables the calculator reads.
    public let data: TariffData

    /// A calculator over `data`.
    public init(data: TariffData) {
        self.data = data
    }

    /// The duty owed on `request`, layer by layer.
    ///
    /// An 8-digit number whose layers depend on the statistical suffix (a described 301 product, a
    /// 10-digit 232 prefix, a product exclusion) is assessed for every suffix: when they agree the answer
    /// is theirs; when they differ the highest is returned with a `hts10` need listing each suffix's rate.
    public func assess(_ request: DutyRequest) throws(DutyError) -> DutyAssessment {
        guard request.date >= data.coverage.lowerBound else {
            throw .dateBeforeCoverage(request.date, coverage: data.coverage)
        }
        guard data.countryCodes.contains(request.origin) else { throw .unknownCountry(request.origin) }
        for (fact, content) in [
            ("steel_content", request.facts.steelContent), ("aluminum_content", request.facts.aluminumContent),
            ("copper_content", request.facts.copperContent),
        ] {
            if let content, content > request.value {
                throw .contentExceedsValue(fact: fact, content: content, value: request.value)
            }
        }
        let hts8 = request.hts.subheading
        guard let line = data.schedule.lines[hts8] else {
            throw .unknownHTS(request.hts.description, nearest: data.schedule.nearest(to: request.hts.digits))
        }
        if request.hts.isStatistical {
            guard data.schedule.statistical[request.hts.digits] != nil else {
                let siblings = data.schedule.suffixes[hts8] ?? []
                throw .unknownHTS(
                    request.hts.description,
                    nearest: siblings.isEmpty ? data.schedule.nearest(to: request.hts.digits) : siblings)
            }
            return Evaluation.assess(data, request, line, request.hts.digits)
        }
        let suffixes = data.schedule.suffixes[hts8] ?? []
        guard data.suffixDependent.contains(hts8), !suffixes.isEmpty else {
            return Evaluation.assess(data, request, line, hts8)
        }
        let variants = suffixes.map { Evaluation.assess(data, request, line, $0) }
        if let merged = Self.merge(variants, suffixes: suffixes) { return merged }
        var highest = variants.max { ($0.totalAmount, $0.totalRate) < ($1.totalAmount, $1.totalRate) }!
        let listing = zip(suffixes, variants).map { "\(HTSCode.dotted($0)) \($1.totalRate)%" }.joined(separator: ", ")
        highest.unplacedNeeds.append(
            Need(
                fact: "hts10",
                question: "Which 10-digit statistical number? The duty differs: \(listing); the highest is shown",
                heading: request.hts.description, effect: .classification))
        return highest
    }

    /// The one answer for every suffix when they differ at most in the facts their layers need; each
    /// need then names the suffixes it is for. Nil when the layers themselves differ.
    private static func merge(_ variants: [DutyAssessment], suffixes: [String]) -> DutyAssessment? {
        /// What makes two answers the same duty: each layer's kind, heading, rate, base and place in the
        /// total, and the headings left out (not the wording, which cites each suffix's own rows).
        struct Shape: Equatable {
            var layers: [String]
            var excluded: [String]
            var review: [String]
        }
        func shape(_ answer: DutyAssessment) -> Shape {
            Shape(
                layers: answer.layers.map { "\($0.kind) \($0.heading) \($0.rate) \($0.base.map(\.description) ?? "-") \($0.inTotal)" },
                excluded: answer.excluded.map { "\($0.kind) \($0.heading)" }, review: answer.review)
        }
        let first = variants[0]
        let common = shape(first)
        guard variants.allSatisfy({ shape($0) == common }) else { return nil }
        var merged = first
        for index in merged.layers.indices {
            var needs: [Need] = []
            for (suffix, variant) in zip(suffixes, variants) {
                for need in variant.layers[index].needs where variants.count > 1 {
                    let shared = variants.allSatisfy { $0.layers[index].needs.contains(need) }
                    var placed = need
                    if !shared { placed.question = "(\(HTSCode.dotted(suffix)) only) \(need.question)" }
                    if !needs.contains(placed) { needs.append(placed) }
                }
            }
            merged.layers[index].needs = variants.count > 1 ? needs : first.layers[index].needs
        }
        return merged
    }
}

/// One assessment of one statistical number (or subheading): the layers in C.2 order of decision.
private struct Evaluation {
    let data: TariffData
    let request: DutyRequest
    let line: ScheduleLine
    /// The number evaluated: the input's 10 digits, a suffix of an 8-digit input, or the 8 digits.
    let digits: String

    private var date: CivilDate { request.date }
    private var origin: String { request.origin }
    private var facts: DutyFacts { request.facts }

    /// The day the HS 2022 nomenclature entered the schedule; subheadings beginning then may lack 301 rows.
    private static let harmonizedSystem2022 = CivilDate("2022-01-01")!

    private var layers: [DutyLayer] = []
    private var excluded: [ExcludedLayer] = []
    private var review: [String] = []
    /// Section 232 headings that cover the good on the date, with or without a rate in the data.
    private var coveringSection232: [String] = []
    /// Section 232 headings that cover the good on the date but whose rate then is not in the data.
    private var unratedSection232: [String] = []

    private init(data: TariffData, request: DutyRequest, line: ScheduleLine, digits: String) {
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
    private struct Metal232 {
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
    private mutating func baseLayer() -> Percent? {
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

    // MARK: Section 232 (C.1 3; EO 14289)

    /// Adds the Section 232 layers and returns those applied or applying if a fact holds.
    private mutating func section232() -> [Metal232] {
        var candidates: [Metal232] = []
        for product in data.section232.products(covering: digits) where product.effectiveFrom <= date {
            coveringSection232.append(product.heading)
            guard let rate = data.section232.rate(product.heading, origin: origin, on: date) else {
                if data.section232.fact(for: product) == nil || facts.automobilePart == true {
                    unratedSection232.append(product.heading)
                }
                continue
            }
            var definite = true
            if data.section232.fact(for: product) != nil {
                switch facts.automobilePart {
                case true?: definite = true
                case false?:
                    excluded.append(
                        ExcludedLayer(
                            kind: .section232, heading: product.heading,
                            why: "not a vehicle part, as stated (prefix \(product.prefix), section232_products.csv line \(product.line))"))
                    continue
                case nil:
                    definite = false
                }
            }
            if facts.usmcaQualifying, origin == "CA" || origin == "MX",
                product.program == .autoParts || product.program == .truckParts
            {
                excluded.append(
                    ExcludedLayer(
                        kind: .section232, heading: product.heading,
                        why: "USMCA-qualifying parts are exempt from the Section 232 parts duty (section232_products.csv line \(product.line))"))
                continue
            }
            candidates.append(Metal232(product: product, rate: rate, definite: definite))
        }
        // EO 14289 sec. 3(a)(i): an article subject to the autos/parts duty is not subject to the steel or
        // aluminium duties; Proc. 10984 does the same for trucks and buses, and the copper proclamation for copper.
        // Passenger-vehicle parts before truck parts: the stated fact answers the auto-parts annex's question.
        let vehicles = candidates.filter { $0.definite && $0.product.program.isVehicle }
        if let vehicle = vehicles.first(where: { $0.product.program == .autos || $0.product.program == .autoParts }) ?? vehicles.first {
            candidates.removeAll { candidate in
                let program = candidate.product.program
                guard program.isSteelOrAluminum || program == .copper
                    || (program.isVehicle && candidate.product.heading != vehicle.product.heading)
                else { return false }
                excluded.append(
                    ExcludedLayer(
                        kind: .section232, heading: candidate.product.heading,
                        why: program.isVehicle
                            ? "not stacked with \(vehicle.product.heading): a vehicle part pays one Section 232 parts duty (Proc. 10984)"
                            : "EO 14289 sec. 3(a)(i): an article subject to \(vehicle.product.heading) is not subject to the metal duties"))
                return true
            }
        }
        for candidate in candidates {
            let product = candidate.product
            var needs: [Need] = []
            var base: USD? = request.value
            if let (fact, question) = data.section232.fact(for: product), !candidate.definite {
                needs.append(
                    Need(
                        fact: fact,
                        question: "\(question) If so this duty applies and the reciprocal is not owed (9903.01.33); pass --automobile-part",
                        heading: product.heading, effect: .appliesIf))
            }
            if let metal = product.contentMetal {
                base = content(of: metal)
                if base == nil {
                    needs.append(
                        Need(
                            fact: metal.fact,
                            question: "The value of the \(metal.rawValue) content: this duty is charged on it only (CORRECTIONS.md 12)",
                            heading: product.heading, effect: .baseUnknown))
                }
            }
            if facts.usmcaQualifying, origin == "CA" || origin == "MX",
                product.program == .autos || product.program == .trucks
            {
                base = nil
                needs.append(
                    Need(
                        fact: "non_us_content",
                        question: "The value of the non-US content: a USMCA-qualifying vehicle pays this duty on it only",
                        heading: product.heading, effect: .baseUnknown))
            }
            let scope = product.scopeNote.isEmpty ? "" : " (\(product.scopeNote))"
            layers.append(
                DutyLayer(
                    kind: .section232, heading: product.heading, rate: candidate.rate.rate, base: base,
                    amount: base.map { $0.applying(candidate.rate.rate) },
                    basis: "Section 232, \(candidate.rate.authority)\(scope); prefix \(product.prefix) (section232_products.csv line \(product.line); section232_rates.csv line \(candidate.rate.line))",
                    effectiveFrom: candidate.rate.from, effectiveTo: candidate.rate.to,
                    inTotal: candidate.definite && base != nil, needs: needs))
        }
        return candidates
    }

    private func content(of metal: Metal) -> USD? {
        switch metal {
        case .steel: facts.steelContent
        case .aluminum: facts.aluminumContent
        case .copper: facts.copperContent
        }
    }

    // MARK: Section 301 (C.1 2)

    private mutating func section301() {
        let rows = data.section301.rows[line.hts8] ?? []
        if origin == "HK" || origin == "MO" {
            if !rows.isEmpty {
                excluded.append(
                    ExcludedLayer(
                        kind: .section301, heading: rows[0].heading,
                        why: "Section 301 applies to products of China only; \(origin) is a separate customs territory (RULES.md C.1 2)"))
            }
            return
        }
        guard origin == "CN" else { return }
        if rows.isEmpty {
            if line.hts8.prefix(2) < "98", line.begin >= Self.harmonizedSystem2022 {
                review.append(
                    "\(HTSCode.dotted(line.hts8)): Section 301 coverage unknown: an HS 2022 subheading with no Section 301 row could not be matched to the lists (CORRECTIONS.md 10)")
            }
            return
        }
        var inForce: [(row: Section301Row, rate: DatedRate)] = []
        for row in rows {
            if row.suspended {
                excluded.append(
                    ExcludedLayer(
                        kind: .section301, heading: row.heading,
                        why: "\(row.action) is suspended and never took effect (section301_china_products.csv line \(row.line))"))
                continue
            }
            guard covers(row) else { continue }
            guard let rate = row.rate(on: date) else {
                if let end = row.effectiveTo, date > end {
                    excluded.append(
                        ExcludedLayer(
                            kind: .section301, heading: row.heading,
                            why: "\(row.action) ended on \(end) (section301_china_products.csv line \(row.line))"))
                }
                continue
            }
            inForce.append((row, rate))
        }
        guard !inForce.isEmpty else { return }
        let review2024 = inForce.filter { $0.row.isFourYearReview }
        let pool = review2024.isEmpty ? inForce : review2024
        let chosen = pool.max { specificity($0.row) < specificity($1.row) || (specificity($0.row) == specificity($1.row) && $0.rate.rate < $1.rate.rate) }!
        for other in inForce where other.row.line != chosen.row.line {
            excluded.append(
                ExcludedLayer(
                    kind: .section301, heading: other.row.heading,
                    why: chosen.row.isFourYearReview && !other.row.isFourYearReview
                        ? "replaced by \(chosen.row.heading): the note 31 rate replaces the old list rate (RULES.md C.1 2)"
                        : "superseded by the more specific \(chosen.row.heading) (section301_china_products.csv line \(chosen.row.line))"))
        }
        var needs: [Need] = []
        if case .described = chosen.row.coverage, (data.section301.described[line.hts8] ?? []).allSatisfy({ $0.heading != chosen.row.heading }) {
            let scope = chosen.row.scope.isEmpty ? "the products note \(chosen.row.usNote) describes" : chosen.row.scope
            needs.append(
                Need(
                    fact: "described_product",
                    question: "Is the product within \(chosen.row.heading): \(scope)? Only then is this Section 301 duty owed",
                    heading: chosen.row.heading, effect: .appliesIf))
        }
        if digits.count == 10 {
            for exclusion in data.section301.exclusions[digits] ?? []
            where exclusion.excludedFrom.contains(chosen.row.heading) {
                guard let window = data.section301.exclusionValidity[exclusion.claimHeading], window.contains(date) else { continue }
                let name = "note \(exclusion.usNote) item \(exclusion.item)"
                if exclusion.wholeNumber {
                    excluded.append(
                        ExcludedLayer(
                            kind: .section301, heading: chosen.row.heading,
                            why: "product exclusion \(name) covers all of \(HTSCode.dotted(digits)); claim \(exclusion.claimHeading), in effect \(window.lowerBound) to \(window.upperBound) (section301_exclusions_in_effect.csv line \(exclusion.line))"))
                    return
                }
                needs.append(
                    Need(
                        fact: "exclusion_description",
                        question: "Does the product match exclusion \(name): \"\(exclusion.productDescription)\"? If so Section 301 is not owed (claim \(exclusion.claimHeading), through \(window.upperBound); CORRECTIONS.md 6)",
                        heading: chosen.row.heading, effect: .exemptIf))
            }
        }
        let row = chosen.row
        layers.append(
            DutyLayer(
                kind: .section301, heading: row.heading, rate: chosen.rate.rate, base: request.value,
                amount: request.value.applying(chosen.rate.rate),
                basis: row.basis,
                effectiveFrom: chosen.rate.from, effectiveTo: row.effectiveTo,
                inTotal: !needs.contains { $0.effect == .appliesIf }, needs: needs))
    }

    /// Whether a row covers the number evaluated: the whole subheading, its statistical number, or a
    /// described product whose note item does not except this number.
    private mutating func covers(_ row: Section301Row) -> Bool {
        switch row.coverage {
        case .subheading:
            return true
        case .statisticalNumber(let code):
            return digits == code
        case .described:
            // A described row without note items (9903.92.10 cranes) covers the good only if it is the
            // product described: the layer is then listed with that question.
            let items = (data.section301.described[line.hts8] ?? []).filter { $0.heading == row.heading }
            guard digits.count == 10, !items.isEmpty else { return true }
            if items.contains(where: { !$0.excepted.contains(digits) }) { return true }
            if let item = items.first {
                excluded.append(
                    ExcludedLayer(
                        kind: .section301, heading: row.heading,
                        why: "\(HTSCode.dotted(digits)) is excepted from note \(item.usNote) item \(item.item) (section301_described_products.csv line \(item.line))"))
            }
            return false
        }
    }

    private func specificity(_ row: Section301Row) -> Int {
        switch row.coverage {
        case .statisticalNumber: 2
        case .described: 1
        case .subheading: 0
        }
    }

    // MARK: IEEPA fentanyl (C.1 4; EO 14289)

    private mutating func fentanyl(_ applied232: [Metal232]) {
        let origins = [origin] + data.support.groups(of: origin, program: "fentanyl", on: date)
        for rate in origins.flatMap({ data.countryRates.rows($0, on: date) }) where rate.program == .fentanyl {
            let heading = rate.headings[0]
            if let exemption = exemption(removing: heading, applied232) {
                excluded.append(ExcludedLayer(kind: .ieepa, heading: heading, why: "claim \(exemption.heading): \(exemption.why)"))
                continue
            }
            var base: USD? = request.value
            var needs: [Need] = []
            if rate.origin == "CA" || rate.origin == "MX" {
                if let vehicle = applied232.first(where: { $0.definite && $0.product.program.isVehicle }) {
                    excluded.append(
                        ExcludedLayer(
                            kind: .ieepa, heading: heading,
                            why: "EO 14289 sec. 3(a)(i): an article subject to \(vehicle.product.heading) is not subject to the Canada/Mexico duty"))
                    continue
                }
                let metals = applied232.filter { $0.definite && $0.product.program.isSteelOrAluminum }
                if let metal = metals.first(where: { $0.product.contentMetal == nil }) {
                    excluded.append(
                        ExcludedLayer(
                            kind: .ieepa, heading: heading,
                            why: "EO 14289 sec. 3(a)(ii): an article subject to the steel/aluminium duty \(metal.product.heading) is not subject to the Canada/Mexico duty (see PROVENANCE.md on RULES.md C.2)"))
                    continue
                }
                // A derivative pays the metal duty on its metal content only: the Canada/Mexico duty stays on the rest.
                (base, needs) = valueOutside(metals, heading: heading, layer: "the Canada/Mexico duty")
            }
            layers.append(
                DutyLayer(
                    kind: .ieepa, heading: heading, rate: rate.rate, base: base, amount: base.map { $0.applying(rate.rate) },
                    basis: rate.basis, effectiveFrom: rate.from, effectiveTo: rate.to, inTotal: base != nil, needs: needs))
        }
    }

    /// The entered value less the metal content the `metals` layers are charged on, and the needs for
    /// content values not given.
    private func valueOutside(_ metals: [Metal232], heading: String, layer: String) -> (USD?, [Need]) {
        var base: USD? = request.value
        var needs: [Need] = []
        for metal in metals {
            guard let kind = metal.product.contentMetal else { continue }
            if let content = content(of: kind) {
                base = base.map { $0 - content }
            } else {
                base = nil
                needs.append(
                    Need(
                        fact: kind.fact,
                        question: "The value of the \(kind.rawValue) content: \(layer) is charged on the rest of the value only (\(metal.product.heading) is on the content)",
                        heading: heading, effect: .baseUnknown))
            }
        }
        return (base, needs)
    }

    // MARK: IEEPA reciprocal (C.1 5, C.2)

    private mutating func reciprocal(_ applied232: [Metal232], base mfn: Percent?) {
        let origins = [origin] + data.support.groups(of: origin, program: "reciprocal", on: date)
        let own = origins.flatMap { data.countryRates.rows($0, on: date) }
        for order in own where order.program == .countryOrder {
            if let exemption = exemption(removing: order.headings[0], applied232) {
                excluded.append(ExcludedLayer(kind: .ieepa, heading: order.headings[0], why: "claim \(exemption.heading): \(exemption.why)"))
            } else {
                layers.append(
                    DutyLayer(
                        kind: .ieepa, heading: order.headings[0], rate: order.rate, base: request.value,
                        amount: request.value.applying(order.rate), basis: order.basis, effectiveFrom: order.from,
                        effectiveTo: order.to, inTotal: true, needs: []))
            }
        }
        let specific = own.first { rate in
            if case .floor = rate.program { return true }
            return rate.program == .reciprocal
        }
        let everyone = data.countryRates.rows("*", on: date)
        guard var chosen = specific ?? everyone.first(where: { $0.program == .reciprocal }) else { return }
        if facts.transshipped, let penalty = everyone.first(where: { $0.program == .transshipment }) {
            excluded.append(
                ExcludedLayer(
                    kind: .ieepa, heading: chosen.headings[chosen.headings.count - 1],
                    why: "replaced by the transshipment penalty \(penalty.headings[0]) (goods CBP determined were transshipped)"))
            chosen = penalty
        }
        let heading = chosen.headings[chosen.headings.count - 1]
        if let exemption = reciprocalExemption(applied232) {
            excluded.append(ExcludedLayer(kind: .ieepa, heading: exemption.heading, why: "\(exemption.why); otherwise \(heading) \(rateText(chosen))"))
            return
        }
        var needs: [Need] = []
        var rate = chosen.rate
        var layerHeading = heading
        if case .floor(let target) = chosen.program, chosen.headings.count == 2 {
            guard let mfn else {
                needs.append(
                    Need(
                        fact: "ad_valorem_equivalent",
                        question: "The ad valorem equivalent of the column 1 rate: the floor makes the reciprocal \(target)% minus it",
                        heading: heading, effect: .baseUnknown))
                appendReciprocal(chosen, heading: heading, rate: target, base: nil, needs: needs)
                return
            }
            if mfn >= target {
                excluded.append(
                    ExcludedLayer(
                        kind: .ieepa, heading: chosen.headings[0],
                        why: "\(chosen.programName): the column 1 rate \(mfn)% is at least \(target)%, so no reciprocal is owed"))
                return
            }
            rate = target - mfn
            layerHeading = chosen.headings[1]
        }
        if let exempt = data.support.reciprocalExemption(for: digits), exempt.heading != "9903.01.32" {
            needs.append(
                Need(
                    fact: "described_product",
                    question: "Is the product \"\(exempt.description)\"? If so the reciprocal is not owed (\(exempt.heading), note \(exempt.usNote))",
                    heading: layerHeading, effect: .exemptIf))
        }
        let (base, contentNeeds) = valueOutside(applied232.filter(\.definite), heading: layerHeading, layer: "the reciprocal (9903.01.33)")
        appendReciprocal(chosen, heading: layerHeading, rate: rate, base: base, needs: needs + contentNeeds)
    }

    private mutating func appendReciprocal(_ rate: CountryRate, heading: String, rate percent: Percent, base: USD?, needs: [Need]) {
        layers.append(
            DutyLayer(
                kind: .ieepa, heading: heading, rate: percent, base: base, amount: base.map { $0.applying(percent) },
                basis: rate.basis, effectiveFrom: rate.from, effectiveTo: rate.to, inTotal: base != nil, needs: needs))
    }

    /// The exemption that removes the whole reciprocal layer, if any: origin (Canada, Mexico), column 2,
    /// Annex II, or a Section 232 duty on the full value (or one whose rate the data lacks).
    private func reciprocalExemption(_ applied232: [Metal232]) -> (heading: String, why: String)? {
        for exemption in data.support.exemptions where exemption.removes == "reciprocal" && exemption.applies(to: origin, on: date) {
            switch exemption.condition {
            case .origin:
                return (exemption.heading, exemption.why)
            case .column2:
                if isColumn2 { return (exemption.heading, exemption.why) }
            case .annexII:
                if let entry = data.support.reciprocalExemption(for: digits), entry.heading == exemption.heading {
                    return (exemption.heading, "Annex II product (\(entry.code), note \(entry.usNote))")
                }
            case .section232:
                if let full = applied232.first(where: { $0.definite && $0.product.contentMetal == nil }) {
                    return (exemption.heading, "article subject to Section 232 (\(full.product.heading)); reciprocal not owed (note 2(v)(vi))")
                }
                if let unrated = unratedSection232.first {
                    return (exemption.heading, "article covered by Section 232 (\(unrated)), whose rate on this date is not in the data; reciprocal not owed (note 2(v)(vi))")
                }
            case .usmcaQualifying:
                continue
            }
        }
        return nil
    }

    /// The exemption in force that removes the layer `heading` from this entry, if its condition holds.
    private func exemption(removing heading: String, _ applied232: [Metal232]) -> Exemption? {
        data.support.exemptions.first { exemption in
            guard exemption.removes == heading, exemption.applies(to: origin, on: date) else { return false }
            switch exemption.condition {
            case .usmcaQualifying: return facts.usmcaQualifying
            case .origin: return true
            case .column2: return isColumn2
            case .annexII: return data.support.reciprocalExemption(for: digits)?.heading == exemption.heading
            case .section232: return applied232.contains { $0.definite } || !unratedSection232.isEmpty
            }
        }
    }

    /// Whether the origin pays column 2 on the entry date.
    private var isColumn2: Bool {
        data.support.column2[origin].map { $0.from <= date } ?? false
    }

    private func rateText(_ rate: CountryRate) -> String {
        if case .floor(let target) = rate.program {
            return "(floor \(target)% minus column 1)"
        }
        return "\(rate.rate)%"
    }

    // MARK: Section 122 (C.3)

    private mutating func section122(_ applied232: [Metal232]) {
        for rate in data.countryRates.rows("*", on: date) where rate.program == .section122 {
            let heading = rate.headings[0]
            if let exemption = exemption(removing: heading, applied232) {
                excluded.append(ExcludedLayer(kind: .section122, heading: heading, why: "claim \(exemption.heading): \(exemption.why)"))
                continue
            }
            layers.append(
                DutyLayer(
                    kind: .section122, heading: heading, rate: rate.rate, base: request.value,
                    amount: request.value.applying(rate.rate), basis: rate.basis, effectiveFrom: rate.from,
                    effectiveTo: rate.to, inTotal: true, needs: []))
        }
    }

    // MARK: Review windows

    /// Adds the points the data cannot settle: windows open on the date for this good and origin that
    /// concern a layer that applies, a Section 232 heading covering the good, or an exemption used.
    private mutating func reviewWindows() {
        var origins: [String] = []
        for window in data.support.reviews where window.covers(digits, on: date) {
            if window.origin != "*" {
                if origins.isEmpty { origins = [origin] + data.support.groups(of: origin, program: "reciprocal", on: date) }
                guard origins.contains(window.origin) else { continue }
            }
            let concerned = window.headingPrefixes.contains { prefix in
                prefix == "*" || coveringSection232.contains { $0.hasPrefix(prefix) }
                    || layers.contains { $0.heading.hasPrefix(prefix) }
                    || excluded.contains { data.support.exemptionHeadings.contains($0.heading) && $0.heading.hasPrefix(prefix) }
            }
            if concerned { review.append("\(window.why) (\(window.source))") }
        }
    }
}
