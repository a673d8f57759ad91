import DataFormats

/// The Section 301 layer (RULES.md C.1 2).
extension Evaluation {
    mutating func section301() {
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
    mutating func covers(_ row: Section301Row) -> Bool {
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

    func specificity(_ row: Section301Row) -> Int {
        switch row.coverage {
        case .statisticalNumber: 2
        case .described: 1
        case .subheading: 0
        }
    }
}
