import DataFormats

/// A column rate of the schedule as the USITC file states it: an ad valorem part, a specific part, or text
/// only (formula rates that need figures the entry does not give).
struct ColumnRate: Sendable, Hashable {
    /// The ad valorem part, when there is one.
    var adValorem: Percent?
    /// Whether the rate also (or only) charges per unit of quantity.
    var hasSpecificPart: Bool
    /// Whether the rate is a formula or text no number captures.
    var isFormula: Bool
    /// The rate as printed (`Free`, `3.4%`, `41 cents/kg + 16.3%`).
    var text: String

    /// Free of duty.
    var isFree: Bool { adValorem == .zero && !hasSpecificPart && !isFormula }

    private static let sentinel = "9999"

    /// Reads a rate from the type code and the numeric columns (ad valorem as a fraction).
    init(row: CSVRow, type: String, adValorem: String, specific: String, other: String, text: String?)
        throws(TableDataError)
    {
        let code = row.text(type)
        let ad = row.text(adValorem)
        let printed = text.map(row.text) ?? ""
        self.text = printed.isEmpty ? (code == "0" ? "Free" : "") : printed
        func numeric(_ value: String) -> Bool { !value.isEmpty && !value.hasPrefix(Self.sentinel) }
        func positive(_ value: String) -> Bool { numeric(value) && (Percent(fraction: value)?.thousandths ?? 1) != 0 }
        switch code {
        case "0":
            self.adValorem = .zero
            self.hasSpecificPart = false
            self.isFormula = false
        case "":
            // No rate type: the row has no rate of its own (chapter 98 provisions, "NA").
            self.adValorem = nil
            self.hasSpecificPart = false
            self.isFormula = true
        default:
            var rate: Percent?
            if numeric(ad) {
                guard let parsed = Percent(fraction: ad) else { throw row.failure(adValorem, "\"\(ad)\" is not a fraction") }
                rate = parsed
            }
            self.hasSpecificPart = positive(row.text(specific)) || positive(row.text(other))
            self.isFormula = !numeric(ad) && !self.hasSpecificPart
            self.adValorem = rate ?? (self.hasSpecificPart ? .zero : nil)
        }
    }
}

/// One 8-digit subheading of the 2025 schedule with its column rates.
final class ScheduleLine: Sendable {
    let hts8: String
    let description: String
    let general: ColumnRate
    let column2: ColumnRate
    /// The USMCA special rate ("S" indicator), when the subheading has one.
    let usmca: ColumnRate?
    let firstUnit: String
    let begin: CivilDate
    let end: CivilDate
    let line: Int

    init(hts8: String, description: String, general: ColumnRate, column2: ColumnRate, usmca: ColumnRate?, firstUnit: String, begin: CivilDate, end: CivilDate, line: Int) {
        self.hts8 = hts8
        self.description = description
        self.general = general
        self.column2 = column2
        self.usmca = usmca
        self.firstUnit = firstUnit
        self.begin = begin
        self.end = end
        self.line = line
        self.generalBasis = "column 1 General (MFN), HTS 2025 (hts2025_mfn_hts8.csv line \(line)): \(general.text.isEmpty ? "no rate" : general.text)"
    }

    /// The basis of the column 1 General layer, written once.
    let generalBasis: String
}

/// The 2025 schedule: every 8-digit subheading of chapters 1–98 and every 10-digit statistical number.
final class Schedule: Sendable {
    let lines: [String: ScheduleLine]
    /// Description of each 10-digit statistical number.
    let statistical: [String: String]
    /// The statistical numbers under each 8-digit subheading.
    let suffixes: [String: [String]]
    /// Every valid number (8 and 10 digits), sorted, for suggesting the nearest ones.
    let sortedCodes: [String]

    static let mfnColumns = [
        "hts8", "brief_description", "quantity_1_code", "quantity_2_code", "mfn_text_rate", "mfn_rate_type_code",
        "mfn_ad_val_rate", "mfn_specific_rate", "mfn_other_rate", "col1_special_text", "usmca_indicator",
        "usmca_rate_type_code", "usmca_ad_val_rate", "usmca_specific_rate", "usmca_other_rate", "col2_text_rate",
        "col2_rate_type_code", "col2_ad_val_rate", "col2_specific_rate", "col2_other_rate", "additional_duty",
        "footnote_comment", "begin_effect_date", "end_effective_date",
    ]
    static let statisticalColumns = [
        "HTS Number", "Indent", "Description", "Unit of Quantity", "General Rate of Duty", "Special Rate of Duty",
        "Column 2 Rate of Duty", "Quota Quantity", "Additional Duties",
    ]

    init(mfn: [CSVRow], statistical: [CSVRow]) throws(TableDataError) {
        var lines: [String: ScheduleLine] = [:]
        for row in mfn {
            let hts8 = try row.required("hts8")
            guard hts8.utf8.count == 8, hts8.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw row.failure("hts8", "\"\(hts8)\" is not 8 digits")
            }
            guard lines[hts8] == nil else { throw row.failure("hts8", "\(hts8) is listed twice") }
            guard let begin = try row.date("begin_effect_date"), let end = try row.date("end_effective_date") else {
                throw row.failure("begin_effect_date", "both dates are required")
            }
            let usmca: ColumnRate? =
                row.text("usmca_indicator") == "S"
                ? try ColumnRate(
                    row: row, type: "usmca_rate_type_code", adValorem: "usmca_ad_val_rate",
                    specific: "usmca_specific_rate", other: "usmca_other_rate", text: nil)
                : nil
            lines[hts8] = ScheduleLine(
                hts8: hts8, description: row.text("brief_description"),
                general: try ColumnRate(
                    row: row, type: "mfn_rate_type_code", adValorem: "mfn_ad_val_rate",
                    specific: "mfn_specific_rate", other: "mfn_other_rate", text: "mfn_text_rate"),
                column2: try ColumnRate(
                    row: row, type: "col2_rate_type_code", adValorem: "col2_ad_val_rate",
                    specific: "col2_specific_rate", other: "col2_other_rate", text: "col2_text_rate"),
                usmca: usmca, firstUnit: row.text("quantity_1_code"), begin: begin, end: end, line: row.line)
        }
        var descriptions: [String: String] = [:]
        var suffixes: [String: [String]] = [:]
        for row in statistical {
            let number = row.text("HTS Number")
            let digits = number.filter { $0 != "." }
            guard digits.count == 10 else { continue }
            guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
                throw row.failure("HTS Number", "\"\(number)\" is not an HTS number")
            }
            descriptions[digits] = row.text("Description")
            suffixes[String(digits.prefix(8)), default: []].append(digits)
        }
        self.lines = lines
        self.statistical = descriptions
        self.suffixes = suffixes
        self.sortedCodes = (Array(lines.keys) + Array(descriptions.keys)).sorted()
    }

    /// The numbers closest to `digits` in the schedule: those sharing its longest prefix, nearest first.
    func nearest(to digits: String, count: Int = 5) -> [String] {
        var low = 0
        var high = sortedCodes.count
        while low < high {
            let middle = (low + high) / 2
            if sortedCodes[middle] < digits { low = middle + 1 } else { high = middle }
        }
        let window = sortedCodes[max(0, low - count)..<min(sortedCodes.count, low + count)]
        func shared(_ code: String) -> Int { zip(code, digits).prefix { $0 == $1 }.count }
        return window.sorted { (shared($0), $1) > (shared($1), $0) }.prefix(count).sorted()
    }
}
