/// What OFAC's XML formats (enhanced and advanced) publish as a "feature" of an entity, mapped to
/// the entity model the way the legacy CSV's columns and Remarks map (`OFACLegacyCSV`, `OFACRemarks`),
/// so the same party reads the same from either format.
enum OFACFeatures {
    /// What one feature becomes.
    enum Kind: Equatable {
        case dateOfBirth
        case nationality
        /// An identifier with the legacy CSV's kind (`Call Sign`, `Vessel Flag`, `SWIFT/BIC`, ...).
        case identifier(String)
        /// Kept only in the remarks text.
        case remark
    }

    /// The vessel columns of the legacy CSV (`Call_Sign`, `Vess_type`, `Vess_flag`, `Vess_owner`) by feature type.
    private static let vessel: [String: String] = [
        "vessel call sign": "Call Sign", "vessel type": "Vessel Type", "vessel flag": "Vessel Flag", "vessel owner": "Vessel Owner",
    ]

    /// The kind of a feature type as OFAC names it, e.g. `Birthdate`, `Nationality Country`, `VESSEL TYPE`.
    static func kind(of type: String) -> Kind {
        let key = type.trimmedText.lowercased()
        switch key {
        case "birthdate": return .dateOfBirth
        case "nationality country", "citizenship country": return .nationality
        default: break
        }
        if let kind = vessel[key] { return .identifier(kind) }
        let trimmed = type.trimmedText
        let label = trimmed.contains("\u{2019}") ? String(trimmed.map { $0 == "\u{2019}" ? "'" : $0 }) : trimmed
        if let kind = OFACRemarks.identifierKind(label: label) { return .identifier(kind) }
        return .remark
    }

    /// An identity document as the legacy Remarks read it: `Vessel Registration Identification` with
    /// `IMO 9187629` becomes kind `IMO`, value `9187629`; other types keep their label.
    static func document(type: String, number: String, country: String?) -> Identifier {
        let type = type.trimmedText
        if type == "Vessel Registration Identification", number.hasPrefix("IMO ") {
            return Identifier(kind: "IMO", value: String(number.dropFirst(4)).trimmedText, country: country)
        }
        return Identifier(kind: type, value: number, country: country)
    }

    /// A date of birth from OFAC's date period: `from` and `to` as `YYYY-MM-DD` (the first and last
    /// day the date may be). A single day, a whole month or a whole year is that date; a span of years
    /// is a range. Nil when the days are not real dates or `to` is before `from`.
    static func dateOfBirth(from: String, to: String, approximate: Bool) -> DateOfBirth? {
        guard let start = DateOfBirth(iso: from), let end = DateOfBirth(iso: to),
              let startMonth = start.month, let startDay = start.day, let endMonth = end.month, let endDay = end.day,
              (start.year, startMonth, startDay) <= (end.year, endMonth, endDay)
        else { return nil }
        if start == end { return DateOfBirth(year: start.year, month: startMonth, day: startDay, approximate: approximate) }
        let wholeYears = startMonth == 1 && startDay == 1 && endMonth == 12 && endDay == 31
        if wholeYears {
            return DateOfBirth(year: start.year, toYear: end.year == start.year ? nil : end.year, approximate: approximate)
        }
        if start.year == end.year, startMonth == endMonth, startDay == 1, endDay >= 28 {
            return DateOfBirth(year: start.year, month: startMonth, approximate: approximate)
        }
        return DateOfBirth(year: start.year, toYear: end.year == start.year ? nil : end.year, approximate: true)
    }

    /// `A.K.A.` → `aka`, `F.K.A.` → `fka`, `N.K.A.` → `nka` (the legacy alt.csv's `alt_type`); others lower-cased.
    static func aliasKind(_ type: String?) -> String {
        guard let type else { return "aka" }
        return String(type.lowercased().filter { $0 != "." && $0 != " " })
    }
}
