import DataFormats

/// The IEEPA fentanyl and reciprocal layers (RULES.md C.1 4-5, C.2) and their exemptions.
extension Evaluation {
    mutating func fentanyl(_ applied232: [Metal232]) {
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
    func valueOutside(_ metals: [Metal232], heading: String, layer: String) -> (USD?, [Need]) {
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

    mutating func reciprocal(_ applied232: [Metal232], base mfn: Percent?) {
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

    mutating func appendReciprocal(_ rate: CountryRate, heading: String, rate percent: Percent, base: USD?, needs: [Need]) {
        layers.append(
            DutyLayer(
                kind: .ieepa, heading: heading, rate: percent, base: base, amount: base.map { $0.applying(percent) },
                basis: rate.basis, effectiveFrom: rate.from, effectiveTo: rate.to, inTotal: base != nil, needs: needs))
    }

    /// The exemption that removes the whole reciprocal layer, if any: origin (Canada, Mexico), column 2,
    /// Annex II, or a Section 232 duty on the full value (or one whose rate the data lacks).
    func reciprocalExemption(_ applied232: [Metal232]) -> (heading: String, why: String)? {
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
    func exemption(removing heading: String, _ applied232: [Metal232]) -> Exemption? {
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
    var isColumn2: Bool {
        data.support.column2[origin].map { $0.from <= date } ?? false
    }

    func rateText(_ rate: CountryRate) -> String {
        if case .floor(let target) = rate.program {
            return "(floor \(target)% minus column 1)"
        }
        return "\(rate.rate)%"
    }
}
