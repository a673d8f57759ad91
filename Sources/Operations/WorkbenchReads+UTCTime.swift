import DataFormats

/// Times as the Workbench writes them, in UTC, by arithmetic (`CivilDate`'s day numbers): the same text Foundation's
/// `DateFormatter` gives with the POSIX locale, without building a formatter (costly on Linux) for every row of
/// every page.
public enum UTCTime {
    static let millisecondsPerDay: Int64 = 86_400_000

    /// The day number since 1970 and the milliseconds into that day of `milliseconds` since 1970 (floored).
    static func split(_ milliseconds: Int64) -> (day: Int64, rest: Int64) {
        let rest = milliseconds % millisecondsPerDay
        return rest < 0 ? (milliseconds / millisecondsPerDay - 1, rest + millisecondsPerDay) : (milliseconds / millisecondsPerDay, rest)
    }

    /// `yyyy-MM-dd` of `milliseconds` since 1970.
    public static func day(_ milliseconds: Int64) -> String {
        CivilDate(dayNumber: Int(split(milliseconds).day)).description
    }

    /// `yyyy-MM-dd HH:mm UTC` of `milliseconds` since 1970.
    public static func minute(_ milliseconds: Int64) -> String {
        let minutes = split(milliseconds).rest / 60_000
        return "\(day(milliseconds)) \(padded(minutes / 60)):\(padded(minutes % 60)) UTC"
    }

    static func padded(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
