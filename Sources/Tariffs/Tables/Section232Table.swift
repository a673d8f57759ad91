import DataFormats

/// What a Section 232 heading covers, which decides how it stacks with other duties.
enum Section232Program: Sendable, Hashable {
    case steel, aluminum, copper, autos, autoParts, trucks, truckParts, timber, semiconductors

    init?(heading: String) {
        switch heading {
        case _ where heading.hasPrefix("9903.81"): self = .steel
        case _ where heading.hasPrefix("9903.85"): self = .aluminum
        case _ where heading.hasPrefix("9903.78"): self = .copper
        case "9903.94.01": self = .autos
        case "9903.94.05": self = .autoParts
        case "9903.74.01", "9903.74.02": self = .trucks
        case "9903.74.08": self = .truckParts
        case _ where heading.hasPrefix("9903.76"): self = .timber
        case _ where heading.hasPrefix("9903.79"): self = .semiconductors
        default: return nil
        }
    }

    /// Steel and aluminium: the duties EO 14289 ranks below autos and above IEEPA Canada/Mexico.
    var isSteelOrAluminum: Bool { self == .steel || self == .aluminum }
    /// Vehicles and their parts (autos and, by Proc. 10984, medium and heavy trucks).
    var isVehicle: Bool { [.autos, .autoParts, .trucks, .truckParts].contains(self) }
}

/// The metal whose content value a derivative's duty is charged on.
enum Metal: String, Sendable, Hashable {
    case steel, aluminum, copper

    /// The input fact that gives this content value.
    var fact: String { "\(rawValue)_content" }
}

/// One Section 232 coverage row: an HTS prefix under a heading.
struct Section232Product: Sendable, Hashable {
    var heading: String
    var program: Section232Program
    var prefix: String
    /// The metal whose content value is the base, or nil when the full value is.
    var contentMetal: Metal?
    var effectiveFrom: CivilDate
    var scopeNote: String
    var line: Int
}

/// A Section 232 rate by heading and origin (`*` for every origin without its own row).
struct Section232Rate: Sendable, Hashable {
    var heading: String
    var origin: String
    var rate: Percent
    var from: CivilDate
    var to: CivilDate?
    var authority: String
    var line: Int
}

/// Section 232 coverage, rates and the prefixes whose coverage depends on a fact.
final class Section232Table: Sendable {
    let byPrefix: [String: [Section232Product]]
    let rates: [String: [Section232Rate]]
    /// (heading, prefix) → the fact and its question (CORRECTIONS.md 1).
    let factPrefixes: [String: (fact: String, question: String)]
    /// 8-digit subheadings with a 10-digit prefix row beneath them.
    let statisticalPrefixes: Set<String>

    static let columns = [
        "program", "ch99_heading", "hts_prefix", "prefix_digits", "scope_note", "duty_base", "effective_from",
        "rate_history", "usmca_origin_exempt", "source",
    ]
    static let rateColumns = ["heading", "origin", "rate_percent", "effective_from", "effective_to", "authority"]
    static let factColumns = ["heading", "hts_prefix", "fact", "question", "correction"]

    init(products: [CSVRow], rates: [CSVRow], facts: [CSVRow]) throws(TableDataError) {
        var byPrefix: [String: [Section232Product]] = [:]
        var statistical: Set<String> = []
        for row in products {
            let heading = try row.heading("ch99_heading")
            guard let program = Section232Program(heading: heading) else {
                throw row.failure("ch99_heading", "\(heading) is not a Section 232 heading this engine knows")
            }
            let prefix = try row.required("hts_prefix")
            guard [4, 6, 8, 10].contains(prefix.count), prefix.allSatisfy(\.isNumber) else {
                throw row.failure("hts_prefix", "\"\(prefix)\" is not 4, 6, 8 or 10 digits")
            }
            guard let from = try row.date("effective_from") else { throw row.failure("effective_from", "required") }
            let base = row.text("duty_base")
            let metal: Metal? =
                base.contains("content value only")
                ? (base.hasPrefix("steel") ? .steel : base.hasPrefix("aluminum") ? .aluminum : base.hasPrefix("copper") ? .copper : nil)
                : nil
            if base.contains("content value only"), metal == nil {
                throw row.failure("duty_base", "\"\(base)\" names no metal")
            }
            let product = Section232Product(
                heading: heading, program: program, prefix: prefix, contentMetal: metal, effectiveFrom: from,
                scopeNote: row.text("scope_note"), line: row.line)
            if byPrefix[prefix]?.contains(where: { $0.heading == heading }) == true { continue }
            byPrefix[prefix, default: []].append(product)
            if prefix.count == 10 { statistical.insert(String(prefix.prefix(8))) }
        }
        var byHeading: [String: [Section232Rate]] = [:]
        for row in rates {
            let heading = try row.heading("heading")
            guard let from = try row.date("effective_from") else { throw row.failure("effective_from", "required") }
            let to = try row.date("effective_to")
            if let to, to < from { throw row.failure("effective_to", "ends before it starts") }
            byHeading[heading, default: []].append(
                Section232Rate(
                    heading: heading, origin: try row.required("origin"), rate: try row.percent("rate_percent"),
                    from: from, to: to, authority: try row.required("authority"), line: row.line))
        }
        for products in byPrefix.values {
            for product in products where byHeading[product.heading] == nil {
                throw TableDataError(
                    .tariffs, file: "section232_rates.csv", column: "heading",
                    problem: .unknownReference("no rate for \(product.heading) (section232_products.csv line \(product.line))"))
            }
        }
        var factPrefixes: [String: (fact: String, question: String)] = [:]
        for row in facts {
            factPrefixes["\(try row.heading("heading")) \(try row.required("hts_prefix"))"] =
                (try row.required("fact"), try row.required("question"))
        }
        self.byPrefix = byPrefix
        self.rates = byHeading
        self.factPrefixes = factPrefixes
        self.statisticalPrefixes = statistical
    }

    /// The products covering `digits` (8 or 10 digits), one per heading: the longest matching prefix.
    func products(covering digits: String) -> [Section232Product] {
        var best: [String: Section232Product] = [:]
        for length in [4, 6, 8, 10] where length <= digits.utf8.count {
            for product in byPrefix[String(digits.prefix(length))] ?? [] {
                best[product.heading] = product
            }
        }
        return best.values.sorted { $0.heading < $1.heading }
    }

    /// The rate of `heading` for `origin` on `date`: the origin's own row before the `*` row.
    func rate(_ heading: String, origin: String, on date: CivilDate) -> Section232Rate? {
        let open = (rates[heading] ?? []).filter { $0.from <= date && ($0.to.map { date <= $0 } ?? true) }
        return open.first { $0.origin == origin } ?? open.first { $0.origin == "*" }
    }

    /// The fact that decides whether `product` covers the good (CORRECTIONS.md 1), if its row is one of those.
    func fact(for product: Section232Product) -> (fact: String, question: String)? {
        factPrefixes["\(product.heading) \(product.prefix)"]
    }
}
