/// Facts beyond the name (type, country, date of birth) that raise or lower a match's score.
///
/// A fact the query does not give, or the entry does not publish, changes nothing: a name-only
/// exact match stays at 1.0.
enum SecondaryFeatures {
    static let weakAliasFactor = 0.9
    static let typeRaise = 0.02, countryRaise = 0.03, exactDateRaise = 0.05
    /// The most the features can add, so names too far below the threshold are not examined.
    static let largestRaise = typeRaise + countryRaise + exactDateRaise

    /// The adjustments for `entity`, raises scaled so that together they close at most half the
    /// gap between `nameScore` and 1: agreeing facts never turn a near match into an exact one.
    static func adjustments(for query: ScreeningQuery, entity: Entity, nameScore: Double) -> [Adjustment] {
        let found = unscaledAdjustments(for: query, entity: entity)
        let raise = found.reduce(0) { $0 + max(0, $1.effect) }
        let room = (1 - nameScore) / 2
        guard raise > room else { return found }
        let factor = room / raise
        return found.map { adjustment in
            var scaled = adjustment
            if scaled.effect > 0 { scaled.effect = (scaled.effect * factor).roundedToScore }
            return scaled
        }
    }

    private static func unscaledAdjustments(for query: ScreeningQuery, entity: Entity) -> [Adjustment] {
        var result: [Adjustment] = []
        if let type = query.type, entity.type != .unknown {
            if type == entity.type {
                result.append(Adjustment(feature: "type", effect: typeRaise, detail: "query type \(type.rawValue) matches the entry"))
            } else {
                result.append(Adjustment(
                    feature: "type", effect: -0.12,
                    detail: "query type \(type.rawValue) differs from the entry's \(entity.type.rawValue)"))
            }
        }
        if let country = query.country?.uppercased(), !country.isEmpty {
            let countries = entity.countries
            if countries.contains(country) {
                result.append(Adjustment(feature: "country", effect: countryRaise, detail: "\(country) is among the entry's countries"))
            } else if !countries.isEmpty {
                result.append(Adjustment(
                    feature: "country", effect: -0.05,
                    detail: "\(country) is not among the entry's countries (\(countries.joined(separator: ", ")))"))
            }
        }
        if let dob = query.dateOfBirth, !entity.datesOfBirth.isEmpty {
            result.append(dateOfBirthAdjustment(dob, entity.datesOfBirth))
        }
        return result
    }

    private static func dateOfBirthAdjustment(_ query: DateOfBirth, _ listed: [DateOfBirth]) -> Adjustment {
        let described = listed.map(describe).joined(separator: ", ")
        if listed.contains(where: { sameDay(query, $0) }) {
            return Adjustment(feature: "date-of-birth", effect: exactDateRaise, detail: "\(describe(query)) matches the entry's \(described)")
        }
        // Both sides give the month: the same year with another month or day is another date.
        let fits = listed.filter { yearFits(query.year, $0, slack: 0) && !contradicts(query, $0) }
        if fits.isEmpty && listed.contains(where: { yearFits(query.year, $0, slack: 0) }) {
            return Adjustment(
                feature: "date-of-birth", effect: -dateConflictPenalty,
                detail: "\(describe(query)) is in the year but not on the date of the entry's \(described)")
        }
        if !fits.isEmpty {
            return Adjustment(feature: "date-of-birth", effect: 0.03, detail: "year \(query.year) fits the entry's \(described)")
        }
        if listed.contains(where: { yearFits(query.year, $0, slack: $0.approximate ? 3 : 1) }) {
            return Adjustment(feature: "date-of-birth", effect: 0, detail: "year \(query.year) is close to the entry's \(described)")
        }
        return Adjustment(feature: "date-of-birth", effect: -0.15, detail: "\(describe(query)) does not fit the entry's \(described)")
    }

    static let dateConflictPenalty = 0.1

    /// Whether two dates in the same year disagree on the month or the day, both being given.
    private static func contradicts(_ query: DateOfBirth, _ listed: DateOfBirth) -> Bool {
        guard listed.toYear == nil, let month = query.month, let listedMonth = listed.month else { return false }
        if month != listedMonth { return true }
        if let day = query.day, let listedDay = listed.day { return day != listedDay }
        return false
    }

    private static func sameDay(_ a: DateOfBirth, _ b: DateOfBirth) -> Bool {
        guard a.year == b.year, b.toYear == nil, let month = a.month, month == b.month else { return false }
        return a.day == nil || b.day == nil || a.day == b.day
    }

    private static func yearFits(_ year: Int, _ dob: DateOfBirth, slack: Int) -> Bool {
        year >= dob.year - slack && year <= (dob.toYear ?? dob.year) + slack
    }

    static func describe(_ dob: DateOfBirth) -> String {
        var text = String(dob.year)
        if let toYear = dob.toYear { return "\(dob.approximate ? "circa " : "")\(text)-\(toYear)" }
        if let month = dob.month { text += "-" + (month < 10 ? "0" : "") + String(month) }
        if let day = dob.day { text += "-" + (day < 10 ? "0" : "") + String(day) }
        return dob.approximate ? "circa " + text : text
    }
}
