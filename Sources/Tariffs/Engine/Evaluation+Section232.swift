import DataFormats

/// The Section 232 layers (RULES.md C.1 3; EO 14289).
extension Evaluation {
    /// Adds the Section 232 layers and returns those applied or applying if a fact holds.
    mutating func section232() -> [Metal232] {
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

    func content(of metal: Metal) -> USD? {
        switch metal {
        case .steel: facts.steelContent
        case .aluminum: facts.aluminumContent
        case .copper: facts.copperContent
        }
    }
}
