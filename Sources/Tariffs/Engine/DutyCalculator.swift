import DataFormats

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
