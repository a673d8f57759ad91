import DataFormats

/// A duty rate in percent of value, held exactly in thousandths of a percent (3.4 % is 3,400).
///
/// Rates add and compare without floating-point drift: 3.4 + 7.5 + 10 + 20 is exactly 40.9.
public struct Percent: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The rate in thousandths of a percent.
    public let thousandths: Int

    /// A rate of `thousandths` / 1,000 percent.
    public init(thousandths: Int) { self.thousandths = thousandths }

    /// A whole or decimal percentage written in text (`25`, `7.5`, `0.125`); nil for anything else or
    /// more than three decimals.
    public init?(percent text: String) {
        guard let value = Self.scaled(text, decimals: 3) else { return nil }
        self.thousandths = value
    }

    /// A rate written as a fraction of value (`0.034` is 3.4 %), as the USITC files store ad valorem rates.
    init?(fraction text: String) {
        guard let value = Self.scaled(text, decimals: 5) else { return nil }
        self.thousandths = value
    }

    /// No duty.
    public static let zero = Percent(thousandths: 0)

    /// The rate as a number of percent, without trailing zeros: `3.4`, `25`, `0.125`.
    public var description: String {
        let whole = thousandths / 1000
        var fraction = abs(thousandths % 1000)
        let sign = thousandths < 0 && whole == 0 ? "-" : ""
        guard fraction != 0 else { return "\(sign)\(whole)" }
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let padded = String(repeating: "0", count: digits - String(fraction).count) + String(fraction)
        return "\(sign)\(whole).\(padded)"
    }

    public static func + (lhs: Percent, rhs: Percent) -> Percent { Percent(thousandths: lhs.thousandths + rhs.thousandths) }
    public static func - (lhs: Percent, rhs: Percent) -> Percent { Percent(thousandths: lhs.thousandths - rhs.thousandths) }
    public static func < (lhs: Percent, rhs: Percent) -> Bool { lhs.thousandths < rhs.thousandths }

    /// `text` as an integer scaled by 10^`decimals` (so `decimals` places are kept), or nil when it is not a
    /// plain non-negative decimal or has more places.
    static func scaled(_ text: String, decimals: Int) -> Int? {
        var whole = 0
        var fraction = 0
        var places = 0
        var seenPoint = false
        var seenDigit = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                seenDigit = true
                let digit = Int(byte - UInt8(ascii: "0"))
                if seenPoint {
                    places += 1
                    if places > decimals {
                        guard digit == 0 else { return nil }
                        continue
                    }
                    fraction = fraction * 10 + digit
                } else {
                    whole = whole * 10 + digit
                    guard whole < 1_000_000_000 else { return nil }
                }
            } else {
                return nil
            }
        }
        guard seenDigit else { return nil }
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        var fractionScale = 1
        for _ in 0..<(decimals - min(places, decimals)) { fractionScale *= 10 }
        return whole * scale + fraction * fractionScale
    }
}

/// A rate that applies from a date on (until the next one, or the end its row states).
struct DatedRate: Sendable, Hashable {
    var from: CivilDate
    var rate: Percent
}
