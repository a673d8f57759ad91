import DataFormats

/// The IEEPA and Section 122 rows by origin: fentanyl duties, reciprocal rates and floors, country
/// orders, the transshipment penalty and the Section 122 surcharge.
final class CountryRate: Sendable {
    enum Program: Sendable, Hashable {
        /// IEEPA "fentanyl" duties on Canada, Mexico and China.
        case fentanyl
        /// An IEEPA reciprocal rate (baseline, phase 1, phase 2, China).
        case reciprocal
        /// A reciprocal floor: the reciprocal is `target` minus the column 1 rate, zero if column 1 ≥ target.
        case floor(target: Percent)
        /// A country order added on top of the reciprocal (Brazil, India).
        case countryOrder
        /// The transshipment penalty (only when CBP determines transshipment).
        case transshipment
        /// The Trade Act section 122 surcharge.
        case section122
    }

    let origin: String
    let country: String
    let program: Program
    let programName: String
    /// The heading; for a floor, the heading when column 1 ≥ target (first) and when below (second).
    let headings: [String]
    let rate: Percent
    let from: CivilDate
    let to: CivilDate
    let note: String
    /// The CORRECTIONS.md point that changed `to`, with why.
    let correction: String?
    let line: Int

    /// Whether the row is in force on `date`.
    func applies(on date: CivilDate) -> Bool { from <= date && date <= to }

    init(origin: String, country: String, program: Program, programName: String, headings: [String], rate: Percent, from: CivilDate, to: CivilDate, note: String, correction: String?, line: Int) {
        self.origin = origin
        self.country = country
        self.program = program
        self.programName = programName
        self.headings = headings
        self.rate = rate
        self.from = from
        self.to = to
        self.note = note
        self.correction = correction
        self.line = line
        var basis = "\(programName), \(country) (ieepa_and_s122_country_rates.csv line \(line))"
        switch program {
        case .fentanyl where origin == "CA" || origin == "MX":
            basis += "; goods qualifying for USMCA preference are exempt (--usmca-qualifying)"
        case .floor:
            basis += "; floor: 15% minus the column 1 rate"
        case .countryOrder:
            basis += ": \(note)"
        default:
            break
        }
        if let correction { basis += "; \(correction)" }
        self.basis = basis
    }

    /// The basis of the layer this row gives, written once.
    let basis: String
}

/// Every country row, by origin code (`*` for all countries, `EU` for the Union).
final class CountryRates: Sendable {
    let byOrigin: [String: [CountryRate]]

    static let columns = [
        "country", "iso2", "program", "ch99_heading", "additional_rate_pct", "rate_basis", "effective_from",
        "effective_to", "note", "source",
    ]
    static let correctionColumns = ["heading", "origin", "effective_from", "effective_to", "rate_percent", "correction", "why"]

    init(rows: [CSVRow], corrections: [CSVRow]) throws(TableDataError) {
        var overrides: [RowKey: (to: CivilDate?, rate: Percent?, why: String)] = [:]
        for row in corrections {
            guard let from = try row.date("effective_from") else { throw row.failure("effective_from", "required") }
            let to = try row.date("effective_to")
            var rate: Percent?
            if row.optional("rate_percent") != nil { rate = try row.percent("rate_percent") }
            guard to != nil || rate != nil else { throw row.failure("effective_to", "a correction changes effective_to or rate_percent") }
            let point = row.text("correction")
            overrides[RowKey(heading: try row.heading("heading"), origin: try row.required("origin"), from: from)] =
                (to, rate, "\(point.hasPrefix("RULES") ? point : "CORRECTIONS.md \(point)"): \(row.text("why"))")
        }
        var used: Set<RowKey> = []
        var byOrigin: [String: [CountryRate]] = [:]
        for row in rows {
            let origin = try row.required("iso2")
            let name = row.text("program")
            let headings = try row.required("ch99_heading").split(separator: "/").map { String($0).trimmedSpaces }
            guard !headings.isEmpty else { throw row.failure("ch99_heading", "no heading") }
            for heading in headings where !Chapter99.isHeading(heading) {
                throw row.failure("ch99_heading", "\"\(heading)\" is not a 9903.NN.NN heading")
            }
            let rateText = try row.required("additional_rate_pct")
            let program: CountryRate.Program
            var rate = Percent.zero
            if name.contains("floor") {
                guard rateText.hasPrefix("15 minus"), headings.count == 2 else {
                    throw row.failure("additional_rate_pct", "a floor row needs \"15 minus …\" and two headings")
                }
                program = .floor(target: Percent(thousandths: 15_000))
            } else {
                guard let parsed = Percent(percent: rateText) else {
                    throw row.failure("additional_rate_pct", "\"\(rateText)\" is not a percentage")
                }
                rate = parsed
                program =
                    name.contains("fentanyl") ? .fentanyl
                    : name.contains("transshipment") ? .transshipment
                    : name.contains("s.122") ? .section122
                    : name.contains("Brazil EO") || name.contains("India EO") ? .countryOrder
                    : .reciprocal
                guard name.contains("reciprocal") || name.contains("fentanyl") || name.contains("transshipment")
                    || name.contains("s.122") || name.contains(" EO ")
                else { throw row.failure("program", "unknown program \"\(name)\"") }
            }
            guard let from = try row.date("effective_from"), var to = try row.date("effective_to") else {
                throw row.failure("effective_from", "both effective dates are required")
            }
            var correction: String?
            let key = RowKey(heading: headings[0], origin: origin, from: from)
            if let override = overrides[key] {
                to = override.to ?? to
                rate = override.rate ?? rate
                correction = override.why
                used.insert(key)
            }
            byOrigin[origin, default: []].append(
                CountryRate(
                    origin: origin, country: row.text("country"), program: program, programName: name,
                    headings: headings, rate: rate, from: from, to: to, note: row.text("note"),
                    correction: correction, line: row.line))
        }
        for key in overrides.keys where !used.contains(key) {
            throw TableDataError(
                .tariffs, file: "rate_corrections.csv",
                problem: .unknownReference("the correction of \(key.heading) \(key.origin) from \(key.from) matches no row"))
        }
        self.byOrigin = byOrigin
    }

    /// A country row's identity: its heading, origin and first day.
    private struct RowKey: Hashable {
        var heading: String
        var origin: String
        var from: CivilDate
    }

    /// The rows of `origin` (exactly that code) in force on `date`.
    func rows(_ origin: String, on date: CivilDate) -> [CountryRate] {
        (byOrigin[origin] ?? []).filter { $0.applies(on: date) }
    }
}
