/// Times as the Workbench writes them, in UTC, computed by arithmetic on the proleptic Gregorian calendar: the
/// same text Foundation's `DateFormatter` gives with the POSIX locale, without building a formatter (costly on
/// Linux) for every row of every page.
public enum UTCTime {
    static let millisecondsPerDay: Int64 = 86_400_000

    /// The civil date and time of minute precision of `milliseconds` since 1970 (days counted as in
    /// Howard Hinnant's `civil_from_days`).
    static func fields(_ milliseconds: Int64) -> (year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64) {
        var days = milliseconds / millisecondsPerDay
        var rest = milliseconds % millisecondsPerDay
        if rest < 0 {
            days -= 1
            rest += millisecondsPerDay
        }
        let minutes = rest / 60_000
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, minutes / 60, minutes % 60)
    }

    /// `yyyy-MM-dd` of `milliseconds` since 1970.
    public static func day(_ milliseconds: Int64) -> String {
        let time = fields(milliseconds)
        return "\(padded(time.year, 4))-\(padded(time.month, 2))-\(padded(time.day, 2))"
    }

    /// `yyyy-MM-dd HH:mm UTC` of `milliseconds` since 1970.
    public static func minute(_ milliseconds: Int64) -> String {
        let time = fields(milliseconds)
        return "\(day(milliseconds)) \(padded(time.hour, 2)):\(padded(time.minute, 2)) UTC"
    }

    static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
