import Foundation

extension CivilDate {
    /// `YYYY-MM-DDTHH:MM:SSZ`: the UTC day and time of `date` to the second, by arithmetic (Foundation's formatters
    /// cost tens of microseconds to create, on every request).
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let time = ((seconds % 86_400) + 86_400) % 86_400
        return "\(CivilDate(utc: date))T\(pad(time / 3600)):\(pad(time / 60 % 60)):\(pad(time % 60))Z"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
