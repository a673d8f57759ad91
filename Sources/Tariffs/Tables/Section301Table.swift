import DataFormats

/// One Section 301 row: a heading's coverage of an 8-digit subheading (or of one statistical number).
final class Section301Row: Sendable {
    enum Coverage: Sendable, Hashable {
        /// Every statistical number of the subheading.
        case subheading
        /// Only the statistical number `hts10`.
        case statisticalNumber(String)
        /// Only products described in a note item (section301_described_products.csv).
        case described
    }

    let hts8: String
    let heading: String
    let action: String
    let usNote: String
    let coverage: Coverage
    /// The rate on each date, in order (from `rate_history`, or the one rate from `first_effective`).
    let rates: [DatedRate]
    let effectiveTo: CivilDate?
    let suspended: Bool
    let line: Int

    /// The rate in force on `date`: nil before the first, after `effectiveTo`, or when suspended.
    func rate(on date: CivilDate) -> DatedRate? {
        guard !suspended else { return nil }
        if let effectiveTo, date > effectiveTo { return nil }
        return rates.last { $0.from <= date }
    }

    /// Whether the row is one of the 2024 four-year-review headings, which replace the old list rate.
    var isFourYearReview: Bool { heading.hasPrefix("9903.91") || heading.hasPrefix("9903.92") }

    init(
        hts8: String, heading: String, action: String, usNote: String, coverage: Coverage, rates: [DatedRate],
        effectiveTo: CivilDate?, suspended: Bool, line: Int, scope: String
    ) {
        self.scope = scope
        self.hts8 = hts8
        self.heading = heading
        self.action = action
        self.usNote = usNote
        self.coverage = coverage
        self.rates = rates
        self.effectiveTo = effectiveTo
        self.suspended = suspended
        self.line = line
        self.basis = "Section 301, \(action)\(usNote.hasPrefix("(") ? " " : ", note ")\(usNote) (section301_china_products.csv line \(line))"
    }

    /// The basis of the layer this row gives, written once.
    let basis: String
    /// The row's own words on what it covers (e.g. "ship-to-shore gantry cranes only"), when not a rate history.
    let scope: String
}

/// A note item that covers products described within a subheading, except the statistical numbers listed.
struct DescribedItem: Sendable, Hashable {
    var heading: String
    var usNote: String
    var item: String
    var hts8: String
    var excepted: Set<String>
    var line: Int
}

/// A USTR product exclusion from Section 301 (note 20(vvv)/(www)).
struct Section301Exclusion: Sendable, Hashable {
    var usNote: String
    var item: String
    var excludedFrom: [String]
    var claimHeading: String
    /// Whether it covers the whole statistical number (else only a described product within it).
    var wholeNumber: Bool
    var productDescription: String
    var line: Int
}

/// Section 301 on products of China: list membership, described products and exclusions.
final class Section301Table: Sendable {
    let rows: [String: [Section301Row]]
    let described: [String: [DescribedItem]]
    let exclusions: [String: [Section301Exclusion]]
    let exclusionValidity: [String: ClosedRange<CivilDate>]

    static let columns = [
        "hts8", "hts_code", "action", "ch99_heading", "additional_rate_pct", "first_effective", "rate_history",
        "coverage", "us_note", "status", "effective_to", "prior_301_list",
    ]
    static let describedColumns = [
        "ch99_heading", "us_note", "item", "hts8_referenced", "hts10_excepted_or_referenced", "legal_description",
    ]
    static let exclusionColumns = [
        "us_note", "item", "excluded_from_heading", "claim_heading", "hts10_codes", "hts8_codes", "scope",
        "product_description",
    ]
    static let validityColumns = ["claim_heading", "effective_from", "effective_to", "source"]

    init(products: [CSVRow], described: [CSVRow], exclusions: [CSVRow], validity: [CSVRow]) throws(TableDataError) {
        var rows: [String: [Section301Row]] = [:]
        for row in products {
            let hts8 = try row.required("hts8")
            let heading = try row.heading("ch99_heading")
            let status = row.text("status")
            let code = row.text("hts_code").filter { $0 != "." }
            let coverageText = row.text("coverage")
            let coverage: Section301Row.Coverage
            if coverageText == "all_of_8digit" {
                coverage = .subheading
            } else if coverageText == "hts10_statistical_number_only" {
                guard code.count == 10 else { throw row.failure("hts_code", "a statistical-number row needs 10 digits") }
                coverage = .statisticalNumber(code)
            } else if coverageText.hasPrefix("described_products_only") {
                coverage = .described
            } else {
                throw row.failure("coverage", "unknown coverage \"\(coverageText)\"")
            }
            let suspended = status == "suspended"
            var rates: [DatedRate] = []
            if !suspended {
                rates = try Self.history(row)
            }
            var effectiveTo = try row.date("effective_to")
            if effectiveTo == nil, status.hasPrefix("expired_"), let end = CivilDate(String(status.dropFirst("expired_".count))) {
                effectiveTo = end.previousDay  // "expired_2026-01-01": the last day in force is the day before
            }
            rows[hts8, default: []].append(
                Section301Row(
                    hts8: hts8, heading: heading, action: row.text("action"), usNote: row.text("us_note"),
                    coverage: coverage, rates: rates, effectiveTo: effectiveTo, suspended: suspended, line: row.line,
                    scope: row.text("rate_history").contains("% from") ? "" : row.text("rate_history")))
        }
        var items: [String: [DescribedItem]] = [:]
        for row in described {
            let hts8 = try row.required("hts8_referenced")
            let excepted = Set(row.text("hts10_excepted_or_referenced").split(separator: ";").map { String($0).trimmedSpaces })
            items[hts8, default: []].append(
                DescribedItem(
                    heading: try row.heading("ch99_heading"), usNote: row.text("us_note"), item: row.text("item"),
                    hts8: hts8, excepted: excepted, line: row.line))
        }
        var excluded: [String: [Section301Exclusion]] = [:]
        for row in exclusions {
            let codes = row.text("hts10_codes").split(separator: ";").map { String($0).trimmedSpaces }
            let from = row.text("excluded_from_heading").split(separator: "/").map { String($0).trimmedSpaces }
            guard !codes.isEmpty, !from.isEmpty else { throw row.failure("hts10_codes", "an exclusion needs its numbers and heading") }
            let exclusion = Section301Exclusion(
                usNote: row.text("us_note"), item: row.text("item"), excludedFrom: from,
                claimHeading: try row.heading("claim_heading"),
                wholeNumber: row.text("scope") == "entire 10-digit statistical number",
                productDescription: row.text("product_description"), line: row.line)
            for code in codes {
                guard code.count == 10 else { throw row.failure("hts10_codes", "\"\(code)\" is not 10 digits") }
                excluded[code, default: []].append(exclusion)
            }
        }
        var windows: [String: ClosedRange<CivilDate>] = [:]
        for row in validity {
            guard let from = try row.date("effective_from"), let to = try row.date("effective_to"), from <= to else {
                throw row.failure("effective_from", "an exclusion heading needs effective_from <= effective_to")
            }
            windows[try row.heading("claim_heading")] = from...to
        }
        for list in excluded.values {
            for exclusion in list where windows[exclusion.claimHeading] == nil {
                throw TableDataError(
                    .tariffs, file: "exclusion_validity.csv", column: "claim_heading",
                    problem: .unknownReference("no validity for \(exclusion.claimHeading), which an exclusion is claimed under"))
            }
        }
        self.rows = rows
        self.described = items
        self.exclusions = excluded
        self.exclusionValidity = windows
    }

    /// The dated rates of a row: `rate_history` ("10% from 2018-09-24; 25% from 2019-05-10") when it has
    /// dates, else `additional_rate_pct` from `first_effective`.
    private static func history(_ row: CSVRow) throws(TableDataError) -> [DatedRate] {
        var rates: [DatedRate] = []
        for part in row.text("rate_history").split(separator: ";") {
            let words = part.trimmedSpaces.split(separator: " ")
            guard words.count == 3, words[1] == "from", words[0].hasSuffix("%"),
                let rate = Percent(percent: String(words[0].dropLast())), let date = CivilDate(String(words[2]))
            else { continue }
            rates.append(DatedRate(from: date, rate: rate))
        }
        if rates.isEmpty {
            guard let first = try row.date("first_effective") else {
                throw row.failure("first_effective", "a row in effect needs its first effective date")
            }
            rates = [DatedRate(from: first, rate: try row.percent("additional_rate_pct"))]
        }
        return rates.sorted { $0.from < $1.from }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces.
    var trimmedSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
