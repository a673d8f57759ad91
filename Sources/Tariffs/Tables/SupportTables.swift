import DataFormats

/// A heading that removes a layer under a condition (USMCA preference, origin, Annex II, Section 232).
struct Exemption: Sendable, Hashable {
    enum Condition: String, Sendable, Hashable {
        case usmcaQualifying = "usmca_qualifying"
        case origin
        case annexII = "annex_ii"
        case section232
        /// The origin pays column 2 (general note 3(b)).
        case column2
    }

    var heading: String
    /// The heading it removes, or `reciprocal` for every reciprocal row.
    var removes: String
    var condition: Condition
    var origin: String
    var from: CivilDate
    var to: CivilDate?
    var why: String

    /// Whether the exemption is in force on `date` for `origin`.
    func applies(to origin: String, on date: CivilDate) -> Bool {
        (self.origin == "*" || self.origin == origin) && from <= date && (to.map { date <= $0 } ?? true)
    }
}

/// A date window in which the duty on some goods (by HTS prefix) under some headings (by prefix) for an
/// origin needs review: the data cannot settle it.
final class ReviewWindow: Sendable {
    /// HTS prefixes the window is about; empty for every good.
    let htsPrefixes: [String]
    /// Heading prefixes (`*` for any) of a layer that applies, a Section 232 heading covering the good,
    /// or an exemption used.
    let headingPrefixes: [String]
    let origin: String
    let from: CivilDate
    let to: CivilDate?
    let why: String
    let source: String

    init(
        htsPrefixes: [String], headingPrefixes: [String], origin: String, from: CivilDate, to: CivilDate?, why: String,
        source: String
    ) {
        self.htsPrefixes = htsPrefixes
        self.headingPrefixes = headingPrefixes
        self.origin = origin
        self.from = from
        self.to = to
        self.why = why
        self.source = source
    }

    /// Whether the window is open on `date` for a good numbered `digits`.
    func covers(_ digits: String, on date: CivilDate) -> Bool {
        from <= date && (to.map { date <= $0 } ?? true) && (htsPrefixes.isEmpty || htsPrefixes.contains { digits.hasPrefix($0) })
    }
}

/// An entry of the reciprocal exemption list (Annex II, 9903.01.32) or of the described list (9903.02.78).
struct ReciprocalExemption: Sendable, Hashable {
    var heading: String
    var usNote: String
    var code: String
    var description: String
}

/// The small tables: exemptions, origin groups, column 2 countries, review windows, Annex II.
final class SupportTables: Sendable {
    let exemptions: [Exemption]
    /// The headings of the exemptions, for review windows about an exemption used.
    let exemptionHeadings: Set<String>
    /// member → [(group, programs, from, to)]
    let groups: [String: [(group: String, programs: Set<String>, from: CivilDate, to: CivilDate?)]]
    let column2: [String: (from: CivilDate, authority: String)]
    let reviews: [ReviewWindow]
    /// Annex II and 9903.02.78 entries by 4-, 6- or 8-digit code.
    let reciprocalExempt: [String: ReciprocalExemption]

    static let exemptionColumns = ["heading", "removes", "condition", "origin", "effective_from", "effective_to", "why"]
    static let groupColumns = ["member", "group", "programs", "member_from", "member_to", "source"]
    static let column2Columns = ["iso2", "name", "effective_from", "authority"]
    static let reviewColumns = ["hts_prefixes", "heading_prefix", "origin", "effective_from", "effective_to", "why", "source"]
    static let exemptColumns = ["hts_code", "hts_digits", "level", "exemption_heading", "us_note", "product_description"]

    init(
        exemptions: [CSVRow], groups: [CSVRow], column2: [CSVRow], reviews: [CSVRow], exempt: [CSVRow]
    ) throws(TableDataError) {
        self.exemptions = try exemptions.map { (row) throws(TableDataError) -> Exemption in
            let text = try row.required("condition")
            guard let condition = Exemption.Condition(rawValue: text) else {
                throw row.failure("condition", "unknown condition \"\(text)\"")
            }
            guard let from = try row.date("effective_from") else { throw row.failure("effective_from", "required") }
            return Exemption(
                heading: try row.heading("heading"), removes: try row.required("removes"), condition: condition,
                origin: try row.required("origin"), from: from, to: try row.date("effective_to"),
                why: try row.required("why"))
        }
        exemptionHeadings = Set(self.exemptions.map(\.heading))
        var byMember: [String: [(group: String, programs: Set<String>, from: CivilDate, to: CivilDate?)]] = [:]
        for row in groups {
            guard let from = try row.date("member_from") else { throw row.failure("member_from", "required") }
            let programs = Set(try row.required("programs").split(separator: ";").map(String.init))
            byMember[try row.required("member"), default: []].append(
                (try row.required("group"), programs, from, try row.date("member_to")))
        }
        self.groups = byMember
        var second: [String: (from: CivilDate, authority: String)] = [:]
        for row in column2 {
            guard let from = try row.date("effective_from") else { throw row.failure("effective_from", "required") }
            second[try row.required("iso2")] = (from, try row.required("authority"))
        }
        self.column2 = second
        self.reviews = try reviews.map { (row) throws(TableDataError) -> ReviewWindow in
            guard let from = try row.date("effective_from") else { throw row.failure("effective_from", "required") }
            func list(_ column: String) -> [String] {
                row.text(column).split(separator: ";").map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
            }
            let headings = list("heading_prefix")
            guard !headings.isEmpty else { throw row.failure("heading_prefix", "give a heading prefix or *") }
            return ReviewWindow(
                htsPrefixes: list("hts_prefixes"), headingPrefixes: headings, origin: try row.required("origin"), from: from,
                to: try row.date("effective_to"), why: try row.required("why"), source: try row.required("source"))
        }
        var exemptByCode: [String: ReciprocalExemption] = [:]
        for row in exempt {
            let digits = try row.required("hts_digits")
            guard [4, 6, 8].contains(digits.count), digits.allSatisfy(\.isNumber) else {
                throw row.failure("hts_digits", "\"\(digits)\" is not 4, 6 or 8 digits")
            }
            if exemptByCode[digits] != nil { continue }
            exemptByCode[digits] = ReciprocalExemption(
                heading: try row.heading("exemption_heading"), usNote: row.text("us_note"),
                code: row.text("hts_code"), description: row.text("product_description"))
        }
        self.reciprocalExempt = exemptByCode
    }

    /// The groups `origin` belongs to on `date` for `program` (e.g. DE → EU for `reciprocal`).
    func groups(of origin: String, program: String, on date: CivilDate) -> [String] {
        (groups[origin] ?? []).filter {
            $0.programs.contains(program) && $0.from <= date && ($0.to.map { date <= $0 } ?? true)
        }.map(\.group)
    }

    /// The Annex II or 9903.02.78 entry covering `digits`, by its longest code.
    func reciprocalExemption(for digits: String) -> ReciprocalExemption? {
        for length in [8, 6, 4] {
            if let entry = reciprocalExempt[String(digits.prefix(length))] { return entry }
        }
        return nil
    }
}
