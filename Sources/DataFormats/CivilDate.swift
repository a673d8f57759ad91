import Foundation

/// A calendar day, `YYYY-MM-DD`, compared by value: the one date type, for the day a transaction takes
/// place, a table's effective dates, a licence's validity, an exclusion's period, a list's date.
///
/// Encoded (`Codable`) as its `YYYY-MM-DD` text.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year (proleptic Gregorian).
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, 1...31.
    public let day: Int

    /// Parses `YYYY-MM-DD`; nil for anything else, including impossible days such as `2025-02-30`.
    public init?(_ text: String) {
        var digits = 0, fields = (year: 0, month: 0, day: 0)
        for (offset, byte) in text.utf8.enumerated() {
            if offset == 4 || offset == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard offset < 10, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            switch offset {
            case ..<4: fields.year = fields.year * 10 + digit
            case ..<7: fields.month = fields.month * 10 + digit
            default: fields.day = fields.day * 10 + digit
            }
            digits += 1
        }
        guard digits == 8, Self.isDay(year: fields.year, month: fields.month, day: fields.day) else { return nil }
        self.init(unchecked: fields.year, fields.month, fields.day)
    }

    /// Whether `day` of `month` (1...12) of `year` exists (`2024-02-29` does, `2025-02-29` does not).
    public static func isDay(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && day >= 1 && day <= days(inMonth: month, year: year)
    }

    /// The day numbered `dayNumber` (days since 1970-01-01, negative before it), by H. Hinnant's civil_from_days.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.init(unchecked: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
    }

    /// The UTC calendar day `date` falls on.
    public init(utc date: Date) {
        self.init(dayNumber: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// `YYYY-MM-DD`, the year written with at least four digits.
    public var description: String {
        let y = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(y)-\(m)-\(d)"
    }

    /// Decodes `YYYY-MM-DD` text; anything else, including an impossible day, is a decoding error.
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(text) is not a YYYY-MM-DD day"))
        }
        self = date
    }

    /// Encodes the `YYYY-MM-DD` text.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The day before.
    public var previousDay: CivilDate {
        if day > 1 { return CivilDate(unchecked: year, month, day - 1) }
        if month > 1 { return CivilDate(unchecked: year, month - 1, Self.days(inMonth: month - 1, year: year)) }
        return CivilDate(unchecked: year - 1, 12, 31)
    }

    /// The day after.
    public var nextDay: CivilDate {
        if day < Self.days(inMonth: month, year: year) { return CivilDate(unchecked: year, month, day + 1) }
        if month < 12 { return CivilDate(unchecked: year, month + 1, 1) }
        return CivilDate(unchecked: year + 1, 1, 1)
    }

    /// Days since 1970-01-01 (negative before it), by H. Hinnant's days_from_civil.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The number of days from `earlier` to this day (negative when `earlier` is later).
    public func days(since earlier: CivilDate) -> Int { dayNumber - earlier.dayNumber }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
